"""Plans at the command line: load one for an instance, and the gate before one is written
(validate, score, compare the objective), shared by `solve` and `whatif`."""

from __future__ import annotations

from pathlib import Path

from scheduler import text
from scheduler.cli.errors import EXIT_INTERNAL, fail
from scheduler.domain import InputError, Instance, Plan, load_instance, load_plan
from scheduler.files import write_atomic


def plan_for(instance: Instance, plan_path: str) -> Plan:
    """Load a plan and make sure it was made for this instance (else it is bad input)."""
    plan = load_plan(plan_path)
    if plan.instance != instance.name:
        raise InputError([text.PLAN_OF_OTHER_INSTANCE.format(path=plan_path, plan=plan.instance,
                                                             instance=instance.name)])
    return plan


def instance_and_plan(instance_path: str, plan_path: str) -> tuple[Instance, Plan]:
    """The instance and a plan of it for the commands that show or export a plan: a plan naming
    a class, teacher or venue the instance does not have is bad input, named."""
    from scheduler.calendars.owners import plan_problems

    instance = load_instance(instance_path)
    plan = plan_for(instance, plan_path)
    problems = plan_problems(instance, plan)
    if problems:
        raise InputError([f"{plan_path}：{p}" for p in problems])
    return instance, plan


# The rules a session left unplaced on purpose may break: its own placement, and the class
# policy rules that count its class's sessions.
EXCUSED_BY_UNPLACED = frozenset({"session_once", "four_plus_n", "interactive_share", "class_hours"})


def checked(instance: Instance, plan: Plan, *, excuse_unplaced: bool = False,
            rescore: bool = False) -> Plan:
    """The plan with its penalties, once the independent checker accepts it and its recomputed
    penalties add up to its objective; otherwise exit 3 (a defect of the engine), nothing written.

    excuse_unplaced: a replan may leave sessions unplaced on purpose; their `session_once`
    violations, and a class policy rule broken only through them, are reported as unplaced,
    not as a defect.
    rescore: the model's own evaluation ran out of time, so the checker's total is the objective.
    """
    from scheduler.check import score_plan, validate_plan

    violations = validate_plan(instance, plan)
    if excuse_unplaced:
        unplaced = {u.id for u in plan.unplaced}
        violations = [v for v in violations if not (v.rule in EXCUSED_BY_UNPLACED and v.sessions
                                                    and set(v.sessions) <= unplaced)]
    if violations:
        fail([text.CHECKER_REJECTED, *(f"  [{v.rule}] {v.message}" for v in violations)], EXIT_INTERNAL)
    penalties = score_plan(instance, plan)
    total = sum(p.penalty for p in penalties)
    if rescore:
        plan = plan.model_copy(update={"objective": total})
    if total != plan.objective:
        fail([text.OBJECTIVE_DISAGREES.format(objective=plan.objective, total=total)], EXIT_INTERNAL)
    return plan.model_copy(update={"penalties": penalties})


def write_plan(path: Path | str, plan: Plan) -> None:
    write_atomic(path, plan.model_dump_json(indent=2) + "\n")
