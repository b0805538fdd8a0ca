"""专职教师工作量均衡: the spread (max − min) of full-time teachers' session counts."""

from scheduler.domain import TeacherKind

RULE_ID = "fulltime_balance"


def post(ctx) -> list:
    model = ctx.model
    fulltime = [t.id for t in ctx.expansion.instance.teachers if t.kind is TeacherKind.FULLTIME]
    if len(fulltime) < 2:
        return []
    loads = []
    for teacher_id in fulltime:
        entries = ctx.expansion.sessions_by_teacher.get(teacher_id, [])
        loads.append(sum(s.count * ctx.by_id[s.id].y[teacher_id] for s, _ in entries))
    top = max(sum(s.count for s, _ in ctx.expansion.sessions_by_teacher.get(t, [])) for t in fulltime)
    most = model.new_int_var(0, top, "load_max")
    least = model.new_int_var(0, top, "load_min")
    for load in loads:
        model.add(most >= load)
        model.add(least <= load)
    return [most - least]
