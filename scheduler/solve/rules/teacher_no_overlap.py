"""教师同一时段只能上一门课: one no-overlap per teacher over all sessions they might teach."""

RULE_ID = "teacher_no_overlap"


def post(ctx) -> None:
    for teacher_id, entries in sorted(ctx.expansion.sessions_by_teacher.items()):
        intervals = [ctx.by_id[s.id].teacher_intervals[teacher_id] for s, _ in entries]
        if len(intervals) > 1:
            ctx.model.add_no_overlap(intervals)
