"""教师离家授课路程: tens of minutes from the teacher's home township to the session's."""

from scheduler.solve.soft._common import tens_of_minutes

RULE_ID = "travel_minutes"


def post(ctx) -> list:
    instance = ctx.expansion.instance
    homes = {t.id: t.township for t in instance.teachers}
    terms = []
    for sv in ctx.sessions:
        town = sv.session.site.township
        for teacher_id, y in sv.y.items():
            cost = tens_of_minutes(instance.travel_minutes(homes[teacher_id], town))
            if cost:
                terms.append(cost * sv.session.count * y)
    return terms
