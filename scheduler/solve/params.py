"""CP-SAT's parameters for every stage, in one place.

Every solver is made by `budgeted`: its seed, its time (a repeatable run's limit is
deterministic time, the wall clock only a backstop), and CP-SAT's own Ctrl-C handler off
(solve/control.py handles Ctrl-C). The stages differ only in what they add to it.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.solve.backstop import wall_backstop
from scheduler.solve.options import SolveOptions

# A county with this many slot, teacher and venue choices is large (the synthetic L has 330,000,
# M 84,000): CP-SAT's copy of a model takes about twice the model's own memory again (L's
# whole model 1.2 GiB, CP-SAT on it 2.8 GiB more), so its first plan comes from the model of
# the hard rules alone, and no search on the whole model runs beside the neighbourhoods.
LARGE_COUNTY = 200_000
EVALUATION_SECONDS = 60  # at most, for a plan's exact penalties (a large county takes seconds)
# Full-problem subsolvers with LP, left out of interleaved search so that the neighbourhoods
# get turns.
IGNORED_WHEN_INTERLEAVED = ("core", "default_lp", "max_lp", "max_lp_sym", "pseudo_costs", "quick_restart",
                            "quick_restart_no_lp", "reduced_costs")


def large(expansion) -> bool:
    """Whether the county is large (LARGE_COUNTY)."""
    return sum(len(s.slots) + len(s.teachers) + len(s.venues) for s in expansion.sessions) >= LARGE_COUNTY


def budgeted(seconds: float, seed: int, repeatable: bool, workers: int = 1,
             log: bool = False) -> cp_model.CpSolver:
    """A solver for `seconds` (at least 0.05 of wall time): deterministic seconds when
    `repeatable`, with the wall backstop after them."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = seed
    params.catch_sigint_signal = False  # solve/control.py handles Ctrl-C
    params.log_search_progress = log
    params.num_workers = workers
    params.max_time_in_seconds = max(0.05, seconds)
    if repeatable:
        params.max_deterministic_time = seconds
        params.max_time_in_seconds = wall_backstop(seconds)
    return solver


def _of_run(options: SolveOptions, seconds: float, workers: int = 1) -> cp_model.CpSolver:
    return budgeted(seconds, options.seed, options.repeatable, workers, options.log_search)


def first_plan(options: SolveOptions, seconds: float) -> cp_model.CpSolver:
    """One worker without presolve, following the hint to its first plan."""
    solver = _of_run(options, max(0.05, seconds))
    params = solver.parameters
    params.cp_model_presolve = False
    params.cp_model_probing_level = 0
    params.linearization_level = 0
    params.use_sat_inprocessing = False  # its vivification restarts the replay from the root
    params.stop_after_first_solution = True
    return solver


def whole(options: SolveOptions, seconds: float, workers: int, presolve: bool = False,
          lean: bool = True, first_only: bool = False) -> cp_model.CpSolver:
    """CP-SAT's portfolio on the whole model (with interleaved search, `lean` leaves out the
    full-problem subsolvers with LP); `first_only` stops at the first plan."""
    solver = _of_run(options, seconds, max(1, workers))
    params = solver.parameters
    params.stop_after_first_solution = first_only
    # No presolve by default: on large models it eats the time LNS needs, and it loses cuts
    # (class_isolated's parity) from the LP bound. LNS neighbourhoods are presolved anyway.
    params.cp_model_presolve = presolve
    if options.interleave:
        params.interleave_search = True
        # `fixed` aborts OR-Tools in interleaved search; feasibility jump crashes without presolve.
        params.ignore_subsolvers.extend(["fixed", "fj"])
        if lean:
            params.ignore_subsolvers.extend(IGNORED_WHEN_INTERLEAVED)
    return solver


def rechoose(options: SolveOptions, seconds: float, large: bool = False) -> cp_model.CpSolver:
    """Teachers and venues at fixed times: presolve costs more than it saves there. One worker
    for a `large` county: each worker holds a copy of the county's model of its own (L: 1.3
    GiB each)."""
    solver = _of_run(options, max(0.05, seconds), 1 if large else options.workers)
    solver.parameters.cp_model_presolve = False
    if large:
        solver.parameters.linearization_level = 0
    return solver


def replan(options: SolveOptions, seconds: float, workers: int | None = None,
           follow_hint: bool = False) -> cp_model.CpSolver:
    """A what-if's solves: no presolve (the hint is followed from the root, and a what-if has
    no seconds for it), so no feasibility jump, which crashes OR-Tools without presolve.
    `follow_hint`: to the first plan only, without inprocessing (as `first_plan`)."""
    solver = _of_run(options, seconds, workers or max(1, options.workers))
    params = solver.parameters
    params.cp_model_presolve = False
    params.ignore_subsolvers.append("fj")
    if follow_hint:
        params.stop_after_first_solution = True
        params.use_sat_inprocessing = False
    return solver


def small(seconds: float, seed: int, repeatable: bool, presolve: bool | None = None) -> cp_model.CpSolver:
    """One worker on a small model (a neighbourhood, a component); `presolve` None leaves
    CP-SAT's default."""
    solver = budgeted(seconds, seed, repeatable)
    if presolve is not None:
        solver.parameters.cp_model_presolve = presolve
    return solver


def proving(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    """For explain's conflict search: proving infeasibility, not finding good plans, so no
    probing and no LP (on a county of 3000 sessions probing alone took 12 s before the first
    decision)."""
    solver = budgeted(seconds, seed, repeatable=False, workers=workers)
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 0
    return solver


def evaluation() -> cp_model.CpSolver:
    """One worker on a plan's fixed model, for its exact penalties."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = EVALUATION_SECONDS
    return solver
