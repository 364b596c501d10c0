"""The data version: what every cache key of a page, a chart or a data set is made from.

A row of its own (models.DataVersion) is bumped by database triggers on every insert,
update, delete or truncate of the application's tables except the audit log, and when a
user's name changes or a user is deleted. Because the bump happens in the writing transaction, the new number
becomes visible together with the change it stands for, and nothing can write around it:
not `bulk_create`, not `QuerySet.update`, not an import or SQL typed by hand. Reading it
is one indexed row; a saved figure shows on the next page load, from any app server.

Writers to different reports meet briefly on this row (its lock is held until their
commit); saves are short, so they queue for milliseconds. Each save takes its report's row
first and this row second, so two saves cannot wait for each other; a transaction writing
several reports (a JSON import) can meet a save of one of them in the other order, and
PostgreSQL then cancels one of the two: nothing of it is written, and the user gets the
"try again" page (503). On SQLite a migration that
rebuilds a table drops its triggers: such a migration must create them again
(tests/test_versions.py fails until it does).
"""

import hashlib
import secrets

from django.db import NotSupportedError, connection
from django.utils.translation import get_language

# The application tables the version does not follow: the audit log (its rows come with a
# write to a report, which the version follows), the login sessions and failed logins (no
# page shows them) and the version itself.
UNTRACKED = {
    "reports_auditentry",
    "reports_session",
    "reports_loginfailure",
    "reports_dataversion",
}
# Users are followed where pages show them, their names (a login's `last_login` is not), and
# when they are deleted.
USER_TABLE = "auth_user"
USER_NAME_COLUMNS = ("username", "first_name", "last_name")

TRIGGER = "reports_data_version"
FUNCTION = "reports_data_version_bump"

POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reports_dataversion (id, number, stamp)
    VALUES (1, 1, substr(md5(random()::text), 1, 16))
    ON CONFLICT (id) DO UPDATE
        SET number = reports_dataversion.number + 1, stamp = EXCLUDED.stamp;
    RETURN NULL;
END
$$
"""

SQLITE_BUMP = """
    INSERT INTO reports_dataversion (id, number, stamp)
    VALUES (1, 1, lower(hex(randomblob(8))))
    ON CONFLICT (id) DO UPDATE SET number = number + 1, stamp = excluded.stamp;
"""


def trigger_sql(vendor: str, tables) -> list[str]:
    """The statements that make every write to `tables` bump the version."""
    if vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTION]
        events = {table: "INSERT OR UPDATE OR DELETE OR TRUNCATE" for table in tables}
        events[USER_TABLE] = f"UPDATE OF {', '.join(USER_NAME_COLUMNS)} OR DELETE"
        for table, event in events.items():
            statements.append(
                f'CREATE TRIGGER {TRIGGER} AFTER {event} ON "{table}" '
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        return statements
    if vendor == "sqlite":
        # SQLite has row triggers only; one per table and kind of write.
        events = [
            (table, kind, kind) for table in tables for kind in ("INSERT", "UPDATE", "DELETE")
        ]
        events += [
            (USER_TABLE, "UPDATE", f"UPDATE OF {', '.join(USER_NAME_COLUMNS)}"),
            (USER_TABLE, "DELETE", "DELETE"),
        ]
        return [
            f'CREATE TRIGGER {TRIGGER}_{table}_{kind.lower()} AFTER {event} ON "{table}" '
            f"BEGIN {SQLITE_BUMP} END"
            for table, kind, event in events
        ]
    raise NotSupportedError(f"no data version triggers for {vendor}")


def drop_sql(vendor: str, tables) -> list[str]:
    if vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"' for table in [*tables, USER_TABLE]
        ] + [f"DROP FUNCTION IF EXISTS {FUNCTION}()"]
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER}_{table}_{kind}"
        for table in [*tables, USER_TABLE]
        for kind in ("insert", "update", "delete")
    ]


def current(request=None) -> str:
    """The version now, as a cache key part.

    A GET request's session brings the version along, read in the same statement at the
    start of the request (backends.SessionStore); no GET of this application writes, so it
    is still the version its page is made from. (A GET that wrote, in a transaction it might
    roll back, must not ask with `request`: what it cached would stay under the version
    still current.) Otherwise it is read here.

    Without the row (a database just emptied, before its first write) every call answers
    differently, so nothing is served from a cache.
    """
    if request is not None and request.method in ("GET", "HEAD"):
        version = getattr(request.session, "data_version", None)
        if version is not None:
            return version
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, stamp FROM reports_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}-{row[1]}" if row else f"none-{secrets.token_hex(8)}"


def digest(value) -> str:
    """A short fingerprint of `value` (its repr), to keep cache keys short."""
    return hashlib.sha1(repr(value).encode()).hexdigest()[:16]


def cache_key(kind: str, *parts, version: str | None = None) -> str:
    """`kind:version:language:parts`: what a cached page, chart or data set is stored under.
    The language is in it because pages are rendered in the reader's language."""
    return f"{kind}:{version or current()}:{get_language()}:{digest(parts)}"
