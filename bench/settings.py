"""The application's settings plus the benchmark's reference view (bench/urls.py)."""

from officereports.settings import *  # noqa: F403
from officereports.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
