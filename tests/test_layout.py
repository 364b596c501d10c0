"""The shape of the code: no import circles among the project's modules, pure modules free of
the database, one home for what "exact" means. Read from the source (ast), no database."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "officereports"

# Modules that compute and write without Django's ORM, tested without a database.
PURE = (
    "officereports.reports.rates",
    "officereports.reports.vietnamese",
    "officereports.reports.checks",
    "officereports.reports.values",
    "officereports.reports.periods",
)
# What a pure module may not import, directly or through another module of the project.
ORM = ("django.db", "django.apps", "django.contrib.auth.models", "officereports.reports.models")


def _modules():
    """Dotted name -> path of every module of the project (migrations aside)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imported(path, name):
    """Every module name an import statement of the file names: at module level and inside
    functions alike (an import moved into a function still ties the two modules)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1]])
                base = f"{base}.{node.module}" if node.module else base
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def import_graph():
    """Module -> the project's modules it imports; and module -> every name it imports."""
    modules = _modules()
    names = {name: _imported(path, name) for name, path in modules.items()}
    graph = {
        name: {m for m in imported if m in modules} - {name} for name, imported in names.items()
    }
    return graph, names


def cycles(graph):
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for other in graph[todo.pop()]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def test_the_cycle_finder_finds_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"} - {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_of_the_project_imports_itself_in_a_circle():
    graph, _names = import_graph()
    assert "officereports.reports.models" in graph
    assert cycles(graph) == []


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_nothing_of_the_database(module):
    graph, names = import_graph()
    closure = {module} | reachable(graph, module)
    used = {
        (m, imported)
        for m in closure
        for imported in names[m]
        if any(imported == orm or imported.startswith(orm + ".") for orm in ORM)
    }
    assert used == set()


def test_the_plain_forms_do_not_import_the_entry_form_the_upload_or_the_workbooks():
    graph, _names = import_graph()
    closure = reachable(graph, "officereports.reports.forms")
    reports = "officereports.reports."
    assert sorted(m.removeprefix(reports) for m in closure if m.startswith(reports)) == [
        "checks",
        "models",
        "periods",
        "rates",
        "text",
        "values",
        "vietnamese",
    ]


def _compares_with_exact(tree):
    """Lines that compare with the exact qualifier (Qualifier.EXACT or "exact")."""

    def is_exact(node):
        if isinstance(node, ast.Constant) and node.value == "exact":
            return True
        return isinstance(node, ast.Attribute) and node.attr == "EXACT"

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(is_exact(o) for o in operands):
                yield node.lineno
            for o in operands:
                if isinstance(o, (ast.Set, ast.Tuple, ast.List)) and any(
                    is_exact(e) for e in o.elts
                ):
                    yield node.lineno
        elif isinstance(node, ast.BinOp) and isinstance(node.right, ast.Set):
            if any(is_exact(e) for e in node.right.elts):
                yield node.lineno


def test_exact_or_approximate_is_decided_in_one_place():
    """No module compares a qualifier with "exact": each asks `rates.is_exact`."""
    found = {}
    for name, path in _modules().items():
        lines = sorted(set(_compares_with_exact(ast.parse(path.read_text(encoding="utf-8")))))
        if lines:
            found[name] = lines
    assert found == {}


def test_the_exactness_finder_sees_each_way_of_writing_it():
    source = (
        'a = q != Qualifier.EXACT\nb = q == "exact"\nc = q in ("exact", "")\n'
        'd = qs - {"exact", ""}\ne = q is Qualifier.HON\n'
    )
    assert sorted(set(_compares_with_exact(ast.parse(source)))) == [1, 2, 3, 4]
