"""“4+N”四大主题课: fixed by the curriculum (every session is placed), so no solver choice can
keep or break it; lint reports it before solving and the checker after. Here a class missing
a main topic makes the model infeasible (hard) or costs a constant (soft)."""

from scheduler.policy.measures import attended_topics, missing_main_topics
from scheduler.solve.rules._policy import held, post_policy

RULE_ID = "four_plus_n"


def _missing(ctx):
    instance = ctx.expansion.instance
    attended = attended_topics(instance)
    for term_class in ctx.expansion.classes:
        if term_class.four_plus_n:
            yield term_class.id, len(missing_main_topics(instance, attended[term_class.id]))


def constrain(ctx, gate) -> None:
    for class_id, missing in _missing(ctx):
        if missing:
            held(ctx.model.add_bool_or([]), gate(class_id))


def penalties(ctx) -> list:
    return [missing for _, missing in _missing(ctx) if missing]


def post(ctx) -> None:
    post_policy(ctx, RULE_ID, constrain, penalties)
