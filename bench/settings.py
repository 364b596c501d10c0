"""The application's settings, plus the benchmark's reference views and query counter
(bench/server.py)."""

from officereports.settings import *  # noqa: F403
from officereports.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench.server"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
MIDDLEWARE = ["bench.server.count_queries", *MIDDLEWARE]
