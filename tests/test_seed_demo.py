"""The demo command: seed reports and one account per role, printed on the console."""

from django.contrib.auth.models import User
from django.core.management import call_command

from officereports.reports.models import Membership, Report, Role


def test_it_loads_both_seed_reports_and_demo_users(db, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert sorted(Report.objects.values_list("office__slug", "year")) == [
        ("khanh-hoa", 2020),
        ("thua-thien-hue", 2022),
    ]
    assert "mật khẩu chung: demo-officereports" in out
    for username in ("cv.khanhhoa", "chanh.khanhhoa", "cv.hue", "chanh.hue", "lanhdao", "quantri"):
        assert username in out
        assert User.objects.get(username=username).check_password("demo-officereports")
    assert Membership.objects.get(user__username="chanh.hue").role == Role.CHIEF
    assert Membership.objects.get(user__username="lanhdao").office is None
    assert User.objects.get(username="quantri").is_superuser


def test_it_can_run_twice(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Report.objects.count() == 2
    assert User.objects.count() == 6


def test_no_demo_user_exists_without_the_command(db):
    assert not User.objects.exists()
