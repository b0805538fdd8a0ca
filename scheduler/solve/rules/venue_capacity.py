"""场地容量不小于上课人数: enforced by construction (only rooms large enough are candidates)."""

RULE_ID = "venue_capacity"


def post(ctx) -> None:
    instance = ctx.expansion.instance
    for sv in ctx.sessions:
        assert all(instance.venue(v).capacity >= sv.session.trainees for v in sv.r)
