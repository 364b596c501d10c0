"""Authentication and sessions, as Django's, with what every page behind login reads first
written as plain SQL.

Each request behind login loads its session, then its user; every page of this application
then needs the user's memberships (which offices they may read, in which role). Through the
ORM that is three queries, each costing more to build than to run. Here the session is one
SQL statement and the user comes with their memberships in another; the memberships are
attached to the user as `access` (models.Access).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from officereports.reports.models import Access, Membership, Office


def _user_query():
    """SELECT the user's columns and (office id, office slug, role) of each membership."""
    User = get_user_model()
    q = connection.ops.quote_name
    fields = User._meta.concrete_fields
    pk = f"u.{q(User._meta.pk.column)}"
    sql = (
        f"SELECT {', '.join(f'u.{q(f.column)}' for f in fields)}, m.office_id, o.slug, m.role "
        f"FROM {q(User._meta.db_table)} u "
        f"LEFT JOIN {q(Membership._meta.db_table)} m ON m.user_id = {pk} "
        f"LEFT JOIN {q(Office._meta.db_table)} o ON o.id = m.office_id "
        f"WHERE {pk} = %s"
    )
    return sql, [f.attname for f in fields]


def _aware(value):
    # SQLite returns naive UTC datetimes where the ORM would have made them aware.
    if settings.USE_TZ and isinstance(value, datetime.datetime) and timezone.is_naive(value):
        return value.replace(tzinfo=datetime.UTC)
    return value


class MembershipBackend(ModelBackend):
    """ModelBackend whose `get_user` also reads the user's memberships (one query)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:  # a session written for another user model: nobody
            return None
        sql, names = _user_query()
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            rows = cursor.fetchall()  # one per membership; one with NULLs when none
        if not rows:
            return None
        n = len(names)
        user = User.from_db(connection.alias, names, [_aware(v) for v in rows[0][:n]])
        if not self.user_can_authenticate(user):
            return None
        memberships = tuple(row[n:] for row in rows if row[n + 2] is not None)
        user.access = Access(user.is_superuser, memberships)
        return user


class SessionStore(db.SessionStore):
    """Django's database sessions, read with one plain SQL statement."""

    def _get_session_from_db(self):
        q = connection.ops.quote_name
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {q(Session._meta.db_table)} "
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key is dropped
            return None
        return Session(session_key=self.session_key, session_data=row[0])
