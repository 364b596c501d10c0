"""Sessions and users are Django's own (database sessions, ModelBackend); the user's
memberships are read once per request by `models.access_of`."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from officereports.reports.models import access_of
from tests.conftest import PASSWORD

SUMMARY = reverse("reports:summary", args=["thua-thien-hue", 2022])


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_stock_sessions_authentication_and_health_checks():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AUTHENTICATION_BACKENDS == ["django.contrib.auth.backends.ModelBackend"]
    assert "django.contrib.auth.middleware.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_login_is_a_row_of_djangos_session_table(client, staff):
    log_in(client, staff)
    [session] = Session.objects.all()
    assert session.get_decoded()["_auth_user_id"] == str(staff.pk)


def test_memberships_are_read_once_per_user_object(staff, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = access_of(staff)
        second = access_of(staff)
    assert first is second
    assert first.role(slug="thua-thien-hue") == "staff"


def test_a_page_behind_login_reads_session_user_and_memberships_once_each(
    client, staff, hue_report, django_assert_num_queries
):
    log_in(client, staff)
    # The session, the user, the memberships, then the page's own: the reports the user may
    # read and their offices' former names.
    with django_assert_num_queries(5) as queries:
        response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    assert '"django_session"' in sqls[0]
    assert '"auth_user"' in sqls[1]
    assert '"reports_membership"' in sqls[2]
    assert all('"reports_membership"' not in sql for sql in sqls[3:])


def test_a_password_changed_elsewhere_ends_the_session(client, staff, hue_report):
    log_in(client, staff)
    assert client.get(SUMMARY).status_code == 200
    staff.set_password("Mat-khau-moi-2026")
    staff.save()
    response = client.get(SUMMARY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.exists()  # Django's check flushed it


def test_a_deactivated_user_is_logged_out(client, staff, hue_report):
    log_in(client, staff)
    type(staff).objects.filter(pk=staff.pk).update(is_active=False)
    assert client.get(SUMMARY).status_code == 302


def test_a_deleted_user_is_logged_out(client, staff, hue_report):
    log_in(client, staff)
    staff.delete()
    assert client.get(SUMMARY).status_code == 302
