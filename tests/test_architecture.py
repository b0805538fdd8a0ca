"""The layout's promises (issue 18), read from the source: one-way imports, no reaching into
another module's private names, files and functions of a size a reader can hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scheduler"
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Longer functions, each with its reason. Empty: none today.
LONG_FUNCTIONS: dict[str, str] = {}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every scheduler import in a module,
    including imports inside functions (they make cycles too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("scheduler"):
                continue
            names = [alias.name for alias in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            if submodules:
                found += [(s, []) for s in submodules]
            if len(submodules) < len(names):
                found.append((target, [n for n in names if f"{target}.{n}" not in known]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith("scheduler")]
    return found


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:` (imports for annotations only)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", None) == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, _ in imports(name, path, known):
            if target in known and target != name and not name.startswith(target + "."):
                edges[name].add(target)  # a package's own __init__ is not a cycle of its modules
    return edges


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt] if nxt in trail else [*trail, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_no_module_imports_another_modules_private_names():
    known = modules()
    taken = [f"{name} imports {target}.{n}"
             for name, path in known.items()
             for target, names in imports(name, path, known)
             for n in names if n.startswith("_") and not n.startswith("__") and target != name]
    assert not taken, "\n".join(taken)


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_file_is_over_the_limit(name):
    lines = len(modules()[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_FILE_LINES, f"{name}: {lines} lines"


def test_no_function_is_over_the_limit():
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                key = f"{name}.{node.name}"
                if length > MAX_FUNCTION_LINES and key not in LONG_FUNCTIONS:
                    long.append(f"{key}: {length} lines")
    assert not long, "\n".join(sorted(long))


def test_the_walk_sees_a_cycle_and_a_private_import(tmp_path, monkeypatch):
    """The checks above could pass by seeing nothing: on two made-up modules they must fail."""
    pkg = tmp_path / "scheduler"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from scheduler.b import _hidden\n")
    (pkg / "b.py").write_text("def f():\n    from scheduler import a\n_hidden = 1\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    cycle = "scheduler.a → scheduler.b → scheduler.a|scheduler.b → scheduler.a → scheduler.b"
    with pytest.raises(AssertionError, match=cycle):
        test_no_import_cycles()
    with pytest.raises(AssertionError, match="_hidden"):
        test_no_module_imports_another_modules_private_names()


RULE_FOLDERS = ("solve/rules", "solve/soft", "check/hard", "check/soft")


def test_the_readme_names_every_module():
    """README's "How the code flows" lists every module (a rule folder's modules by the folder:
    one module per rule)."""
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How the code flows", 1)[1].split("\n## ", 1)[0]
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        folder = relative.rpartition("/")[0]
        if folder in RULE_FOLDERS:
            if f"{folder}/" not in section:
                missing.append(f"{folder}/")
        elif path.stem not in ("__init__", "__main__") and not re.search(rf"\b{path.stem}\b", section):
            missing.append(relative)
    assert not missing, ", ".join(sorted(set(missing)))


def test_no_command_module_imports_another():
    """cli/ command modules share code through its leaves (errors, plans, explaining), so a
    command can change without touching another."""
    leaves = {"errors", "plans", "explaining", "__init__"}
    cli = PACKAGE / "cli"
    for path in sorted(cli.glob("*.py")):
        if path.stem in leaves:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scheduler.cli."):
                used = node.module.rsplit(".", 1)[1]
                assert used in leaves, f"{path.name} imports the command module {used}"


def test_tests_read_stored_plans_not_the_users_solutions_folder():
    """The README's first command rewrites solutions/qingxu-2023-spring.json with a new (equally
    good) plan; a test that asserts who a replan of it affects must read the stored copy in
    tests/data/baselines. Only the validity of whatever is in solutions/ may be tested."""
    allowed = {"test_validate_trust.py", "test_architecture.py"}
    tests = PACKAGE.parent / "tests"
    readers = [path.name for path in sorted(tests.glob("test_*.py"))
               if path.name not in allowed and '"solutions"' in path.read_text(encoding="utf-8")]
    assert readers == []
