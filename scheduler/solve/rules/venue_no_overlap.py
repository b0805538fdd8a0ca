"""场地同一时段只能安排一次课: one no-overlap per venue."""

RULE_ID = "venue_no_overlap"


def post(ctx) -> None:
    for venue_id, entries in sorted(ctx.expansion.sessions_by_venue.items()):
        intervals = [ctx.by_id[s.id].venue_intervals[venue_id] for s, _ in entries]
        if len(intervals) > 1:
            ctx.model.add_no_overlap(intervals)
