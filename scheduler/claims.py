"""What a plan file says of itself, held against the plan and the recomputed penalties.

`scheduler validate` judges the plan, never its claims: each claim of the file is either
recomputed and compared here, or plays no part in the verdict.
"""

from __future__ import annotations

from scheduler import text
from scheduler.domain.instance import Instance
from scheduler.domain.plan import SESSION_ID_SEPARATOR, Penalty, Plan
from scheduler.rules import RULES

STATUSES = ("OPTIMAL", "FEASIBLE", "PARTIAL")


def penalty_mismatches(recorded: list[Penalty], recomputed: list[Penalty]) -> list[str]:
    """One line per soft rule whose recorded weight, count or penalty differs from the
    recomputed one (a file without a breakdown claims none)."""
    if not recorded:
        return []

    def lines(penalties: list[Penalty]) -> dict[str, tuple[int, int, int]]:
        return {p.rule: (p.weight, p.violations, p.penalty) for p in penalties if p.violations or p.penalty}

    was, now = lines(recorded), lines(recomputed)
    found = []
    for rule_id in dict.fromkeys([*now, *was]):
        if was.get(rule_id) == now.get(rule_id):
            continue
        name = RULES[rule_id].name if rule_id in RULES else rule_id
        found.append(text.PENALTY_MISMATCH.format(
            rule=name, recorded=_penalty_text(was.get(rule_id)), recomputed=_penalty_text(now.get(rule_id))))
    return found


def _penalty_text(line: tuple[int, int, int] | None) -> str:
    if line is None:
        return "0"
    weight, violations, penalty = line
    return text.PENALTY_LINE.format(weight=weight, violations=violations, penalty=penalty)


def status_mismatches(plan: Plan) -> list[str]:
    """The plan's status, bound and revisions against the plan itself."""
    found = []
    if plan.status not in STATUSES:
        found.append(text.CLAIM_STATUS.format(status=plan.status))
    if plan.bound > plan.objective:
        found.append(text.CLAIM_BOUND_ABOVE.format(bound=plan.bound, objective=plan.objective))
    if plan.status == "PARTIAL" and not plan.unplaced:
        found.append(text.CLAIM_PARTIAL)
    if plan.unplaced and plan.status != "PARTIAL":
        found.append(text.CLAIM_UNPLACED.format(count=len(plan.unplaced), status=plan.status))
    if plan.status == "OPTIMAL":
        origin = plan.origin
        if origin is None and plan.bound != plan.objective:
            found.append(text.CLAIM_OPTIMAL_GAP.format(bound=plan.bound, objective=plan.objective))
        elif origin is not None and origin.least is not None:
            if origin.least.bound is None or origin.least.value > origin.least.bound:
                found.append(text.CLAIM_OPTIMAL_GAP.format(bound=origin.least.bound, objective=origin.least.value))
        elif origin is not None and (origin.change_cost is None or origin.change_lower_bound is None
                                     or origin.change_cost > origin.change_lower_bound):
            # a replan's OPTIMAL speaks of its changes: their cost meets the proven bound
            found.append(text.CLAIM_OPTIMAL_GAP.format(bound=origin.change_lower_bound,
                                                       objective=origin.change_cost))
    placed = {s.id for s in plan.sessions}
    found += [text.CLAIM_UNPLACED_PLACED.format(session=u.id) for u in plan.unplaced if u.id in placed]
    found += [text.CLAIM_SESSION_REVISION.format(session=s.id, found=s.revision, revision=plan.revision)
              for s in plan.sessions if s.revision > plan.revision]
    found += [text.CLAIM_CANCELLED_REVISION.format(session=c.session.id, found=c.revision,
                                                   revision=plan.revision)
              for c in plan.cancelled if c.revision > plan.revision]
    return [text.CLAIM_MISMATCH.format(problem=problem) for problem in found]


def history_mismatches(plan: Plan, baseline: Plan, baseline_name: str) -> list[str]:
    """A replanned plan's session revisions and cancellations against those its baseline gives."""
    from scheduler.history import succeed

    expected = succeed(baseline, plan, plan.origin)
    found = []
    want = {s.id: s.revision for s in expected.sessions}
    wrong = [s.id for s in plan.sessions if want.get(s.id) != s.revision]
    if wrong:
        found.append(text.CLAIM_HISTORY.format(what=text.CLAIM_HISTORY_REVISION, baseline=baseline_name,
                                               session=wrong[0]))

    def keyed(entries):
        return sorted((c.session.id, c.revision, sorted(c.teachers), sorted(c.classes), sorted(c.venues),
                       c.session.placement()) for c in entries)

    if keyed(expected.cancelled) != keyed(plan.cancelled):
        differing = {e[0] for e in set(map(tuple, _hashable(keyed(expected.cancelled))))
                     ^ set(map(tuple, _hashable(keyed(plan.cancelled))))}
        found.append(text.CLAIM_HISTORY.format(what=text.CLAIM_HISTORY_CANCELLED, baseline=baseline_name,
                                               session=min(differing) if differing else "-"))
    return [text.CLAIM_MISMATCH.format(problem=problem) for problem in found]


def change_cost_mismatches(plan: Plan, baseline: Plan, instance: Instance) -> list[str]:
    """A replanned plan's recorded change cost against the changes it makes to its baseline,
    weighted as recorded (see scheduler.solve.replan for what each kind counts)."""
    from scheduler.whatif.changes import ChangeWeights

    origin = plan.origin
    if origin is None or origin.change_cost is None:
        return []
    try:
        weights = ChangeWeights(**origin.change_weights).model_dump()
    except ValueError:
        weights = None
    found = []
    if weights is None:
        found.append(text.CLAIM_WEIGHTS.format(weights=origin.change_weights))
    else:
        cost = recount_changes(plan, baseline, instance, weights)
        if cost != origin.change_cost:
            found.append(text.CLAIM_CHANGE_COST.format(recorded=origin.change_cost, recomputed=cost))
    if origin.change_lower_bound is not None and origin.change_lower_bound > origin.change_cost:
        found.append(text.CLAIM_BOUND_ABOVE.format(bound=origin.change_lower_bound, objective=origin.change_cost))
    if origin.least is not None:
        from scheduler.whatif.diff import diff_plans, measure_of

        value = measure_of(diff_plans(baseline, plan), origin.least.measure)
        if value != origin.least.value:
            found.append(text.CLAIM_LEAST.format(measure=origin.least.measure, recorded=origin.least.value,
                                                 recomputed=value))
    return [text.CLAIM_MISMATCH.format(problem=problem) for problem in found]


def recount_changes(plan: Plan, baseline: Plan, instance: Instance, weights: dict[str, int]) -> int:
    """The weighted changes from the baseline, counted from the two plans alone."""
    kinds = {t.id: t.kind for t in instance.teachers}
    backups = {(c.id, item.id): set(item.backup) for c in instance.classes for item in c.curriculum}
    before = {s.id: s for s in baseline.sessions}
    cost = 0
    for now in plan.sessions:
        was = before.get(now.id)
        if was is None:
            continue
        cost += weights["date"] * (now.date != was.date)
        cost += weights["block"] * ((now.start, now.end) != (was.start, was.end))
        had = {kinds.get(t) for t in was.teachers}
        named = backups.get(tuple(now.id.split(SESSION_ID_SEPARATOR)[:2]), set())
        for teacher in set(now.teachers) - set(was.teachers):
            if teacher in named:
                cost += weights["backup"]
                continue
            cost += weights["teacher"] + weights["kind"] * (kinds.get(teacher) not in had)
        cost += weights["venue"] * (now.venue is not None and now.venue != was.venue)
    return cost


def _hashable(rows: list[tuple]) -> list[tuple]:
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows]
