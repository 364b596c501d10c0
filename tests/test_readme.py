"""The README documents every setting the application reads from the environment, walks each
role through the product, and points at nothing outside the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")

# os.getenv("X"…), os.environ["X"], os.environ.get("X"…), and settings.py's envbool/envlist.
ENV_READ = re.compile(
    r"""(?:os\.getenv|os\.environ\.get|envbool|envlist)\(\s*["']([A-Z0-9_]+)["']"""
    r"""|os\.environ\[\s*["']([A-Z0-9_]+)["']\s*\]"""
)


def env_names(path):
    source = path.read_text(encoding="utf-8")
    names = {a or b for a, b in ENV_READ.findall(source)}
    # dj-database-url reads DATABASE_URL itself.
    if "dj_database_url.config(" in source:
        names.add("DATABASE_URL")
    return names


def test_the_parser_finds_the_settings_reads():
    names = env_names(ROOT / "officereports" / "settings.py")
    assert {
        "DEBUG",
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "HSTS_SECONDS",
    } <= names
    assert env_names(ROOT / "gunicorn.conf.py") == {
        "BIND",
        "WORKERS",
        "THREADS",
        "TIMEOUT",
        "TASK_WORKER",
    }


def test_the_readme_documents_every_setting_read_from_the_environment():
    names = env_names(ROOT / "officereports" / "settings.py") | env_names(ROOT / "gunicorn.conf.py")
    table = README.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    assert [name for name in sorted(names) if f"| `{name}` |" not in table] == []


def test_the_readme_points_at_nothing_outside_the_repository():
    for outside in ("../shared", "/work/", "DOMAIN.md", "DESIGN.md", "STYLE.md", "seeds/"):
        assert outside not in README, outside


def test_the_readme_walks_each_role_through_the_product():
    walkthrough = README.split("## Walkthrough by role\n", 1)[1].split("\n## ", 1)[0]
    for role, account in (
        ("**Office staff**", "`cv.khanhhoa`"),
        ("**Office chief**", "`chanh.hue`"),
        ("**Leadership**", "`lanhdao`"),
    ):
        assert f"{role} ({account}" in walkthrough
    for step in (
        "*Fix a returned report.*",
        "*Submit.*",
        "*Start next year.*",
        "*Review warnings.*",
        "*Return.*",
        "*Approve.*",
        "*Dashboard.*",
        "*Compare.*",
        "*Download.*",
    ):
        assert step in walkthrough


def test_the_json_format_names_every_indicator_code_of_the_catalogue():
    from officereports.reports.catalog import INDICATORS

    section = README[README.index("## JSON format") : README.index("## Design")]
    assert [code for code, *_ in INDICATORS if f"`{code}`" not in section] == []
