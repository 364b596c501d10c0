"""Authentication and sessions, as Django's, with what every page behind login reads first
in one SQL statement.

Each request behind login loads its session, then its user; every page of this application
then needs the user's memberships (which offices they may read, in which role) and the data
version its cached parts are kept under. Through the ORM that is four round trips to the
database, each costing more than the page's own work when the page comes from the cache.
Here the session row (models.Session keeps its user's id in a column) is read with its
user, their memberships and the data version in one statement:

- `SessionStore` reads it and keeps the user's rows and the version with the session;
- `AuthenticationMiddleware` is Django's, and while Django's `auth.get_user` checks the
  session (backend, session hash), `MembershipBackend.get_user` takes the user from those
  rows instead of asking the database again; the memberships are attached as `access`
  (models.Access);
- `versions.current(request)` takes the version from the session of a GET request.

The same statement replaces Django's connection health check (a round trip of its own
before each request's first query): a kept connection that died with a restarted
PostgreSQL fails on it, and it is run once more on a new connection.
"""

import datetime
import functools
from contextvars import ContextVar

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.postgresql import base as psycopg_base
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from officereports.reports.models import Access, DataVersion, Membership, Office, Session

# The session of the request whose user `auth.get_user` is reading (set around that call).
_session = ContextVar("officereports_session", default=None)


@functools.cache
def _user_columns(vendor):
    """The user's columns and (office id, office slug, role) of each membership, and the
    joins that find them from a user id written as `{user_id}`."""
    User = get_user_model()
    q = connection.ops.quote_name
    fields = User._meta.concrete_fields
    pk = f"u.{q(User._meta.pk.column)}"
    columns = [f"u.{q(f.column)}" for f in fields] + ["m.office_id", "o.slug", "m.role"]
    joins = (
        f"LEFT JOIN {q(User._meta.db_table)} u ON {pk} = {{user_id}} "
        f"LEFT JOIN {q(Membership._meta.db_table)} m ON m.user_id = {pk} "
        f"LEFT JOIN {q(Office._meta.db_table)} o ON o.id = m.office_id"
    )
    return ", ".join(columns), joins, [f.attname for f in fields]


def _aware(value):
    # SQLite returns naive UTC datetimes where the ORM would have made them aware.
    if settings.USE_TZ and isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return value.replace(tzinfo=datetime.UTC)
    return value


def _user(rows, names):
    """The user of `rows` (one per membership, as `_user_columns` selects them) with their
    Access, or None when the rows hold no user."""
    if not rows or rows[0][0] is None:
        return None
    n = len(names)
    user = get_user_model().from_db(connection.alias, names, [_aware(v) for v in rows[0][:n]])
    memberships = tuple(row[n:] for row in rows if row[n + 2] is not None)
    user.access = Access(user.is_superuser, memberships)
    return user


def _cursor():
    """A cursor; on PostgreSQL one that binds parameters on the server, so that psycopg
    prepares the statement after a few runs (settings: prepare_threshold) and each
    connection plans it once. Django's cursors bind on the client, and PostgreSQL plans
    their statements at every run; planning these joins costs more than running them."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    cursor = psycopg_base.ServerBindingCursor(connection.connection)
    # Django's wrapper, so that the statement counts and logs as any other.
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _fetch(sql, params):
    """Rows of `sql`; on a connection that died since the last request (PostgreSQL was
    restarted), once more on a new one. Inside a transaction the error stands: what the
    transaction did before is gone with the old connection."""

    def run():
        with _cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    try:
        return run()
    except (OperationalError, InterfaceError):
        # A timeout, a cancelled statement or a full server leave the connection alive:
        # asking again would only add load. Only a connection that died is replaced.
        raw = connection.connection
        dead = raw is None or getattr(raw, "closed", False) or getattr(raw, "broken", False)
        if connection.in_atomic_block or not dead:
            raise
        connection.close()
    return run()


class MembershipBackend(ModelBackend):
    """ModelBackend whose `get_user` reads the user with their memberships: from the rows
    the session's statement brought (SessionStore), else in a query of its own."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:  # a session written for another user model: nobody
            return None
        columns, joins, names = _user_columns(connection.vendor)
        session = _session.get()
        if getattr(session, "user_pk", None) == pk:
            rows = session.user_rows
        else:
            sql = f"SELECT {columns} FROM (SELECT 1) one {joins.format(user_id='%s')}"
            rows = _fetch(sql, [pk])
        user = _user(rows, names)
        return user if user is not None and self.user_can_authenticate(user) else None


class SessionStore(db.SessionStore):
    """Django's database sessions (models.Session), read in one statement with the user,
    their memberships and the data version.

    After loading, `user_pk` and `user_rows` are the session's user and their rows (for
    MembershipBackend), `data_version` the version (for versions.current)."""

    user_pk = None
    user_rows = ()
    data_version = None

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        try:
            session.user_id = get_user_model()._meta.pk.to_python(data.get(auth.SESSION_KEY))
        except ValidationError:
            session.user_id = None
        return session

    def _get_session_from_db(self):
        q = connection.ops.quote_name
        columns, joins, _names = _user_columns(connection.vendor)
        sql = (
            f"SELECT s.session_data, s.user_id, v.number, v.stamp, {columns} "
            f"FROM {q(Session._meta.db_table)} s "
            f"LEFT JOIN {q(DataVersion._meta.db_table)} v ON v.id = 1 "
            f"{joins.format(user_id='s.user_id')} "
            "WHERE s.session_key = %s AND s.expire_date > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = _fetch(sql, [self.session_key, now])
        if not rows:
            self._session_key = None  # as Django's: an unknown or expired key is dropped
            return None
        data, self.user_pk, number, stamp = rows[0][:4]
        self.user_rows = [row[4:] for row in rows]
        if number is not None:
            self.data_version = f"{number}-{stamp}"
        return Session(session_key=self.session_key, session_data=data)


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        token = _session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _session.reset(token)
    return request._cached_user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, letting MembershipBackend take the user from the session's own statement
    while Django's `auth.get_user` checks the session."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))
