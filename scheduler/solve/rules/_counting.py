"""Shared helper: at most `cap` of a teacher's sessions in one day (or week).

Each session the teacher may take is a unit-length optional interval at its day (week)
index; a cumulative of capacity `cap` bounds how many share an index.
"""


def post_count_limit(ctx, teacher_id: str, cap: int, key: str) -> None:
    entries = ctx.expansion.sessions_by_teacher.get(teacher_id, [])
    intervals, demands = [], []
    for session, _ in entries:
        sv = ctx.by_id[session.id]
        index = getattr(sv, key)
        y = sv.y[teacher_id]
        intervals.append(ctx.model.new_optional_fixed_size_interval_var(
            index, 1, y, f"{key}[{session.id},{teacher_id}]"))
        demands.append(1)
    if len(intervals) > cap:
        ctx.model.add_cumulative(intervals, demands, cap)
