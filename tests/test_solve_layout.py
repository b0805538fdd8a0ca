"""The solver package's shape (issue 18): one idea per file, one-way imports, public names
only across modules, one parameter path, one time budget, a typed result."""

from __future__ import annotations

import ast
import math
import time
from pathlib import Path

import pytest

from scheduler.solve import Result, SolveOptions, Stats, Status, params
from scheduler.solve.backstop import wall_backstop
from scheduler.solve.budget import Budget

SOLVE = Path(__file__).resolve().parents[1] / "scheduler" / "solve"
MAX_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(SOLVE.rglob("*.py")):
        parts = path.relative_to(SOLVE.parent.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scheduler.solve"):
            yield node


def test_no_module_imports_another_modules_private_names():
    private = [(module, node.module, alias.name) for module, tree in _modules().items()
               for node in _imports(tree) for alias in node.names if alias.name.startswith("_")]
    assert private == []


def test_the_solver_package_has_no_import_cycle():
    modules = _modules()
    graph = {name: set() for name in modules}
    for name, tree in modules.items():
        for node in _imports(tree):
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)

    def walk(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path, name))
        for target in graph[name]:
            if target != "scheduler.solve":  # the package's re-exports sit above every module
                walk(target, (*path, name))

    for name in graph:
        walk(name, ())


def test_no_file_or_function_of_the_solver_package_is_too_long():
    long_files, long_functions = [], []
    for path in sorted(SOLVE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES:
            long_files.append(path.name)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) \
                    and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                long_functions.append(f"{path.name}:{node.name}")
    assert (long_files, long_functions) == ([], [])


def test_the_status_is_an_enum_that_still_compares_as_text():
    result = Result(status="OPTIMAL", objective=0, bound=0, seconds=0.0, first_solution_seconds=None,
                    assignments=[])
    assert result.status is Status.OPTIMAL and result.status == "OPTIMAL" and result.has_plan
    assert f"{result.status}" == "OPTIMAL"
    with pytest.raises(ValueError):
        Result(status="SOLVED", objective=None, bound=None, seconds=0.0, first_solution_seconds=None,
               assignments=[])


def test_stats_are_typed_fields():
    stats = Stats(variables=3, evaluated=False)
    assert stats.variables == 3 and stats.evaluated is False and stats.wall_cut is None
    with pytest.raises(TypeError):
        Stats(no_such_stat=1)


def test_a_repeatable_stage_is_budgeted_in_deterministic_time_with_the_wall_backstop():
    options = SolveOptions(workers=1, seed=4)
    first = params.first_plan(options, 0.01).parameters
    assert (first.max_deterministic_time, first.max_time_in_seconds) == (0.05, wall_backstop(0.05))
    assert (first.random_seed, first.num_workers, first.stop_after_first_solution, first.cp_model_presolve) \
        == (4, 1, True, False)
    whole = params.whole(options, 3.0, 1).parameters
    assert (whole.max_deterministic_time, whole.max_time_in_seconds) == (3.0, wall_backstop(3.0))
    assert not whole.catch_sigint_signal


def test_a_wall_clock_stage_has_no_deterministic_limit():
    whole = params.whole(SolveOptions(workers=2, seed=1, interleave=True), 0.01, 2, lean=False).parameters
    assert whole.max_time_in_seconds == 0.05 and math.isinf(whole.max_deterministic_time)
    assert whole.interleave_search and list(whole.ignore_subsolvers) == ["fixed", "fj"]
    replan = params.replan(SolveOptions(workers=2), 1.0, workers=1, follow_hint=True).parameters
    assert (replan.num_workers, list(replan.ignore_subsolvers), replan.stop_after_first_solution) == (1, ["fj"], True)


class _Spent:
    def __init__(self, deterministic: float):
        self.deterministic_time = deterministic


def test_a_repeatable_budget_counts_what_is_charged_with_a_floor():
    budget = Budget(1.0, repeatable=True)
    budget.spend(_Spent(0.3))
    budget.spend(_Spent(0.0), at_least=0.02)  # a tiny solve still costs a little
    assert budget.spent() == pytest.approx(0.32) and budget.left() == pytest.approx(0.68)
    budget.spend(_Spent(5.0))
    assert budget.left() == 0.0


def test_a_wall_clock_budget_ignores_charges():
    budget = Budget(100.0, repeatable=False, started=time.perf_counter() - 150.0)
    budget.spend(_Spent(50.0))
    assert budget.deterministic == 50.0 and budget.spent() >= 150.0 and budget.left() == 0.0
