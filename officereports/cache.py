"""Django's Redis cache, for which Redis being away is a cache miss.

Everything the application keeps in the cache (pages, their parts, charts and their data)
can be computed again from the database, so a Redis that is down, restarting, unreachable
or full must not turn pages into errors: each operation that fails is logged as a warning
and answered as a miss (nothing read, nothing written). After a failure Redis is left alone
for RETRY_SECONDS, so that a Redis that does not answer at all (a dropped network) does not
cost every page the socket timeout of each of its cache operations.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def _attempt(self, operation, missed, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return missed
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._down_until = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Redis cache unavailable (%s: %s); served without the cache for %s s",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
            return missed

    def get(self, key, default=None, version=None):
        return self._attempt("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's answer: the keys that were not stored.
        return self._attempt("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        missed = object()
        value = self._attempt("incr", missed, key, delta, version)
        if value is missed:
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")
        return value

    def clear(self):
        return self._attempt("clear", False)
