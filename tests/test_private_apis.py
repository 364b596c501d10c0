"""No private API of Django, psycopg or openpyxl outside officereports/reports/xlsx.py.

Private APIs change without notice between releases. The one module allowed to rely on them is
the workbook writer, whose docstring says what it relies on and why; tests/test_xlsx.py pins
that. Every other module of the project (migrations aside) is read here as Python source
(ast) and refused when it:
- imports from a private module of those libraries (a dotted part starting with "_", as in
  `openpyxl.cell._writer`), or one of their internals listed in INTERNAL_MODULES
  (`django.db.backends…`, `psycopg.pq`…), or imports a name starting with "_" from them;
- imports a name listed in INTERNAL_NAMES (`django.utils.functional.empty`, the sentinel of
  a lazy object's private `_wrapped`);
- reads or writes an attribute starting with "_" (`user._wrapped`, `wb._cell_styles`,
  `getattr(cursor, "_query")`) that the project does not define itself: the project's own
  private functions and attributes (`views._get_report_for_user`, `user._access`) are its
  business. `_meta` is Django's public model API and is allowed;
- reaches the database driver's own connection (`connection.connection`).
The check is deliberately simple: it sees names, not types, so a library's private name that
the project happens to define too goes unseen, and a private name read through a variable
(`getattr(x, name)`) too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "officereports"
ALLOWED_MODULE = ROOT / "reports" / "xlsx.py"
LIBRARIES = ("django", "psycopg", "psycopg2", "psycopg_pool", "openpyxl")
INTERNAL_MODULES = (
    "django.db.backends",
    "django.db.models.sql",
    "django.contrib.sessions.backends",
    "psycopg.pq",
    "psycopg.adapt",
    "psycopg.generators",
    "openpyxl.writer",
    "openpyxl.cell._writer",
)
INTERNAL_NAMES = {("django.utils.functional", "empty")}
PUBLIC_UNDERSCORE = {"_meta"}
ATTRIBUTE_FUNCTIONS = {"getattr", "setattr", "hasattr", "delattr"}


def _sources():
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts and path != ALLOWED_MODULE
    )


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in PUBLIC_UNDERSCORE


def _attribute_name(node):
    """The attribute a node reads or writes: `x._a`, or getattr(x, "_a") and the like."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ATTRIBUTE_FUNCTIONS
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    ):
        return node.args[1].value
    return None


def defined_names(trees) -> set:
    """Private names the project defines: functions, classes, variables, attributes it sets."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
                names.add(_attribute_name(node))
    return {name for name in names if name and _private(name)}


def _library(module: str) -> bool:
    return module.split(".")[0] in LIBRARIES


def private_uses(tree, defined: set) -> list[str]:
    """What `tree` uses of the libraries' private APIs, as "line: what" strings."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] if node.level == 0 else []
            else:
                modules = [alias.name for alias in node.names]
            for module in filter(_library, modules):
                if any(part.startswith("_") for part in module.split(".")):
                    found.append(f"{node.lineno}: private module {module}")
                elif module.startswith(INTERNAL_MODULES):
                    found.append(f"{node.lineno}: internal module {module}")
                if isinstance(node, ast.ImportFrom):
                    for alias in node.names:
                        if _private(alias.name) or (module, alias.name) in INTERNAL_NAMES:
                            found.append(f"{node.lineno}: {module}.{alias.name}")
            continue
        name = _attribute_name(node)
        if name and _private(name) and name not in defined:
            found.append(f"{node.lineno}: attribute {name}")
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "connection"
            and getattr(node.value, "attr", getattr(node.value, "id", None)) == "connection"
        ):
            found.append(f"{node.lineno}: the driver's connection (connection.connection)")
    return found


def test_no_module_but_the_workbook_writer_uses_a_private_api():
    trees = {path: ast.parse(path.read_text(), str(path)) for path in _sources()}
    assert len(trees) > 20  # the scan does see the project
    defined = defined_names(trees.values())
    found = {
        str(path.relative_to(ROOT.parent)): uses
        for path, tree in trees.items()
        if (uses := private_uses(tree, defined))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source, found",
    [
        (
            "from openpyxl.cell._writer import write_cell",
            ["1: private module openpyxl.cell._writer"],
        ),
        ("import django.utils._os", ["1: private module django.utils._os"]),
        ("from openpyxl.styles.fonts import _no_value", ["1: openpyxl.styles.fonts._no_value"]),
        ("from django.utils.functional import empty", ["1: django.utils.functional.empty"]),
        (
            "from django.db.backends.utils import CursorWrapper",
            ["1: internal module django.db.backends.utils"],
        ),
        ("from psycopg import pq", []),  # the package itself; its use is seen below
        ("import psycopg.pq", ["1: internal module psycopg.pq"]),
        ("lazy._wrapped is None", ["1: attribute _wrapped"]),
        ("x = wb._cell_styles", ["1: attribute _cell_styles"]),
        ('getattr(cursor, "_query", None)', ["1: attribute _query"]),
        ("raw = connection.connection", ["1: the driver's connection (connection.connection)"]),
        ("raw = db.connection.connection", ["1: the driver's connection (connection.connection)"]),
        # Public, or the project's own:
        ("fields = Report._meta.get_fields()", []),
        ("from django.db import connection", []),
        ("with connection.cursor() as cursor: pass", []),
        ("user._access = 1\nuser._access", []),
        ("def _helper(): pass\nviews._helper()", []),
        ("from officereports.reports.views import _get_report_for_user", []),
        ("x.__class__", []),
    ],
)
def test_what_the_check_catches(source, found):
    tree = ast.parse(source)
    assert private_uses(tree, defined_names([tree])) == found
