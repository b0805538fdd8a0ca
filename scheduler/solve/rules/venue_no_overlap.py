"""场地同一时段只能安排一次课: one no-overlap per venue."""

from scheduler.solve.rules._resources import post_no_overlap

RULE_ID = "venue_no_overlap"


def post(ctx) -> None:
    post_no_overlap(ctx, ctx.expansion.sessions_by_venue, "venue_intervals")
