"""Settings for officereports, read from the environment.

SQLite by default so that a clone runs with no set-up; PostgreSQL when DATABASE_URL is set.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from officereports.formats import DATE_INPUT_FORMATS as DAY_FIRST_DATE_FORMATS

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"


def envbool(name, default):
    value = os.getenv(name, default)
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envlist(name, default):
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.getenv("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")

# Production is DEBUG off: refuse the development secret rather than run with a public key.
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "officereports.reports",
]

# Work done outside the request (the large leadership workbook, exports.py): Django's tasks
# framework with its database backend, so that it needs nothing beyond the database. A worker
# runs the tasks: `manage.py db_worker` (gunicorn.conf.py starts one beside `make serve`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "officereports.reports.middleware.LanguageMiddleware",
    "officereports.reports.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    # DEBUG only: the Vietnamese 404 page instead of Django's technical one.
    "officereports.reports.middleware.NotFoundPageMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "officereports.security.ContentSecurityPolicyMiddleware",
    "officereports.security.LoginMarkerMiddleware",
    "officereports.security.PrivateNoStoreMiddleware",
]

if not DEBUG:
    # Serve collected static files from the app server (development uses runserver's).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "officereports.urls"
WSGI_APPLICATION = "officereports.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite keeps the first run free of set-up; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.getenv("CONN_MAX_AGE", "0")),
        # A kept connection that died (PostgreSQL restarted) is replaced before it is used.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese is the product's language; English is offered for foreign readers, chosen with the
# header's switcher (a cookie; reports.middleware.LanguageMiddleware ignores Accept-Language).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "officereports" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Dates are typed dd/mm/yyyy in either language (officereports/formats); the settings' own
# DATE_INPUT_FORMATS applies only where a language has no format module.
FORMAT_MODULE_PATH = ["officereports.formats"]
DATE_INPUT_FORMATS = DAY_FIRST_DATE_FORMATS

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production serves hashed, compressed static files from the app server itself (whitenoise),
# so several app servers need no shared disk.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Each worker's own memory: the dashboard's data and charts (see reports/dashboard.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
# Sessions in the database; with a cache every app server shares (Redis), read through it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Redis shared by every app server (REDIS_URL). Being away is a cache miss: pages are
# computed from the database and it is logged (officereports.cache); the timeouts keep an
# unreachable Redis from holding a page. Django unpickles what it reads from the cache: Redis
# must be private to the application (a password or ACL, bound to the private network).
if os.getenv("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    REDIS_TIMEOUT = float(os.getenv("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "officereports.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
# A blank choice of a django-filter filter reads as a word, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("— chọn —")

# Security. In production (DEBUG off) cookies are HTTPS-only and HSTS is on; behind a proxy that
# terminates TLS, set BEHIND_TLS_PROXY=1 so Django trusts its X-Forwarded-Proto header.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SECURE_HSTS_SECONDS = int(os.getenv("HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "0" if DEBUG else "1")
if envbool("BEHIND_TLS_PROXY", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Approvals, reopenings and other workflow events are logged at INFO. They reach the
        # console through the root logger (which also lets tests capture them).
        "officereports": {"level": os.getenv("LOG_LEVEL", "INFO")},
    },
}

# Content-Security-Policy (officereports.security): every page, the admin included, loads its
# scripts, styles and images from this site only, with no inline script, handler or style.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# A chart opened on its own: matplotlib's inline styles, nothing else.
CONTENT_SECURITY_POLICY_SVG = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)

# Login throttling (officereports.security): after this many failures for one username from
# one address within the window, no password is checked for it from there until fewer remain
# in the window; after LOGIN_THROTTLE_ADDRESS_FAILURES failures from one address whatever the
# usernames (password spraying), none from that address. An office behind one NAT shares an
# address: that limit is high enough for its people's typing mistakes. The failures are rows
# in the database (models.LoginFailure): every worker of every app server sees them.
LOGIN_THROTTLE_FAILURES = int(os.getenv("LOGIN_THROTTLE_FAILURES", "5"))
LOGIN_THROTTLE_ADDRESS_FAILURES = int(os.getenv("LOGIN_THROTTLE_ADDRESS_FAILURES", "50"))
LOGIN_THROTTLE_SECONDS = int(os.getenv("LOGIN_THROTTLE_SECONDS", str(15 * 60)))
LOGIN_THROTTLE_TRUST_FORWARDED_FOR = envbool("BEHIND_TLS_PROXY", "0")

# The browser's login marker (officereports.security.login_marker): a signed cookie naming
# the user who logged in on it. A save posted after the session expired is kept for the
# login page only from a browser that shows one, for that same user, and within these
# limits (views._login_keeping_typed_values); the entry form posts about 800 fields (69
# indicators of about 11 fields each).
LOGIN_MARKER_COOKIE = "login_marker"
ENTRY_RESTORE_MAX_FIELDS = int(os.getenv("ENTRY_RESTORE_MAX_FIELDS", "2000"))
# Django refuses a POST of more than 1.000 fields by default: the entry form is one POST of
# every indicator, and an administrator may add indicators.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
ENTRY_RESTORE_MAX_BYTES = int(os.getenv("ENTRY_RESTORE_MAX_BYTES", str(200 * 1024)))
