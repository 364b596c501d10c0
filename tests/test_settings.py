"""Production refuses the development secret; development needs no set-up."""

import os
import subprocess
import sys

from django.conf import settings

# The browser fixture sets DJANGO_ALLOW_ASYNC_UNSAFE for the test process only.
UNSET = ("DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")


def _clean_env():
    return {k: v for k, v in os.environ.items() if k not in UNSET}


def _import_settings(**env):
    clean = _clean_env()
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import officereports.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_the_development_secret():
    run = _import_settings(DEBUG="0")
    assert run.returncode != 0
    assert "Set SECRET_KEY in the environment when DEBUG is off." in run.stderr


def test_production_starts_with_a_real_secret():
    run = _import_settings(DEBUG="0", SECRET_KEY="a-real-secret-from-the-environment")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql():
    run = _import_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/officereports")
    assert run.stdout.strip() == "django.db.backends.postgresql"


def test_a_malformed_boolean_is_refused():
    run = _import_settings(DEBUG="maybe")
    assert "DEBUG must be a boolean" in run.stderr


def test_vietnamese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_the_production_settings_pass_the_deployment_checks():
    clean = _clean_env()
    env = {
        **clean,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret",
        "ALLOWED_HOSTS": "baocao.example.vn",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues (0 silenced)." in run.stdout


def test_with_redis_the_cache_is_shared_and_sessions_stay_in_the_database():
    code = (
        "import officereports.settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        env={**_clean_env(), "REDIS_URL": "redis://127.0.0.1:6379/0"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert run.stdout.split() == [
        "officereports.cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
