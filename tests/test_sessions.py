"""The session's one statement (reports/backends.py): it reads the session with its user,
their memberships and the data version, and Django still decides who is logged in."""

import psycopg
import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.urls import reverse

from officereports.reports import versions
from officereports.reports.backends import MembershipBackend
from officereports.reports.models import Session
from tests.conftest import PASSWORD

SUMMARY = reverse("reports:summary", args=["thua-thien-hue", 2022])


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_session_keeps_its_users_id_beside_its_data(client, staff):
    log_in(client, staff)
    [session] = Session.objects.all()
    assert session.user_id == staff.pk
    assert session.get_decoded()[SESSION_KEY] == str(staff.pk)


def test_a_page_behind_login_reads_session_user_memberships_and_version_at_once(
    client, staff, hue_report, django_assert_num_queries
):
    log_in(client, staff)
    client.get(SUMMARY)
    with django_assert_num_queries(1) as queries:
        response = client.get(SUMMARY)
    assert response.wsgi_request.user == staff
    assert response.wsgi_request.user.access.role(slug="thua-thien-hue") == "staff"
    assert "reports_dataversion" in queries.captured_queries[0]["sql"]


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


def test_a_session_whose_user_is_gone_is_still_saved(staff):
    """The column is no foreign key: a session saved as its user is deleted is written once
    (a failing constraint would make Django's store retry new keys forever)."""
    store = Session.get_session_store_class()()
    store[SESSION_KEY] = str(staff.pk)
    staff.delete()
    store.save()
    assert Session.objects.get().user_id == int(store[SESSION_KEY])


def test_the_admin_does_not_list_a_users_sessions(client, admin_user, staff):
    other = type(client)()
    log_in(other, staff)
    key = other.cookies["sessionid"].value
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_user_delete", args=[staff.pk]))
    assert page.status_code == 200
    assert key not in page.text


def test_an_address_with_made_up_parameters_is_not_cached(
    client, staff, hue_report, django_assert_num_queries
):
    log_in(client, staff)
    client.get(SUMMARY + "?x=1")
    with django_assert_num_queries(14):  # built again, nothing kept for it
        assert client.get(SUMMARY + "?x=1").status_code == 200
    client.get(SUMMARY)
    with django_assert_num_queries(1):
        assert client.get(SUMMARY).status_code == 200


def test_the_column_is_not_trusted_over_the_sessions_own_data(client, staff, outsider, hue_report):
    """A user id column that disagrees with the signed session data (it cannot, unless
    written by hand) gives nobody else's rights: the user is read from the data's id."""
    log_in(client, outsider)  # Khánh Hòa's staff: Huế's page is not theirs
    Session.objects.update(user_id=staff.pk)
    assert client.get(SUMMARY).status_code == 404
    page = client.get(reverse("reports:summary", args=["khanh-hoa", 2020]))
    assert page.status_code == 200 and page.wsgi_request.user == outsider


def test_a_user_read_without_a_session_comes_with_memberships(staff, leader):
    backend = MembershipBackend()
    user = backend.get_user(staff.pk)
    assert user == staff and user.access.role(slug="thua-thien-hue") == "staff"
    assert backend.get_user(leader.pk).access.everything
    assert backend.get_user(10**9) is None


def test_a_get_takes_the_version_its_session_read(client, staff, hue_report, rf):
    log_in(client, staff)
    client.get(SUMMARY)
    request = rf.get(SUMMARY)
    request.session = Session.get_session_store_class()(client.cookies["sessionid"].value)
    request.session.load()
    assert request.session.data_version == versions.current()
    # A POST may write before it asks: it reads the version again.
    request.method = "POST"
    request.session.data_version = "stale"
    assert versions.current(request) == versions.current()
    request.method = "GET"
    assert versions.current(request) == "stale"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
@pytest.mark.django_db(transaction=True)
def test_a_connection_that_died_is_replaced_without_an_error(client, staff, hue_report):
    """What Django's connection health check did, without its round trip per request: the
    kept connection dies (as when PostgreSQL restarts) and the next page still opens."""
    log_in(client, staff)
    assert client.get(SUMMARY).status_code == 200
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    response = client.get(SUMMARY)
    assert response.status_code == 200
    assert "81.948" in response.text
    assert connection.connection.info.backend_pid != pid
