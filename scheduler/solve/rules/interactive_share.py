"""互动式教学比例: per class, interactive hours ≥ P % of its hours, case hours ≥ C % of the
interactive ones. Every session is placed, so only the hours of the blocks sessions take can
move these; lint says before solving when no choice can meet them."""

from scheduler.policy.measures import interactive_in_force, is_case, is_interactive
from scheduler.solve.rules._policy import attending, class_hours_expr, held, post_policy

RULE_ID = "interactive_share"


def _shares(ctx):
    """Per class: (class id, 100·interactive − P·total, 100·case − C·interactive) as expressions."""
    instance = ctx.expansion.instance
    if not interactive_in_force(instance):
        return
    p, c = instance.standards.min_interactive_percent, instance.standards.min_case_percent
    for term_class in ctx.expansion.classes:
        svs = attending(ctx, term_class.id)
        total = class_hours_expr(ctx, svs)
        inter = class_hours_expr(ctx, svs, lambda s: is_interactive(instance, s.item))
        case = class_hours_expr(ctx, svs, lambda s: is_case(instance, s.item))
        yield term_class.id, 100 * inter - p * total, 100 * case - c * inter


def constrain(ctx, gate) -> None:
    for class_id, interactive, case in _shares(ctx):
        held(ctx.model.add(interactive >= 0), gate(class_id))
        held(ctx.model.add(case >= 0), gate(class_id))


def penalties(ctx) -> list:
    """Missing hours, rounded up: 100·e ≥ −surplus, e ≥ 0."""
    terms = []
    for class_id, interactive, case in _shares(ctx):
        for name, surplus in (("inter", interactive), ("case", case)):
            short = ctx.model.new_int_var(0, 100_000, f"{name}[{class_id}]")
            ctx.model.add(100 * short + surplus >= 0)
            terms.append(short)
    return terms


def post(ctx) -> None:
    post_policy(ctx, RULE_ID, constrain, penalties)
