"""教师时间偏好: a session in a time the teacher avoids, or outside the times they prefer."""

RULE_ID = "teacher_preference"


def _matching(slots, rules) -> list[int]:
    return [t for t, slot in enumerate(slots)
            if any(rule.matches(day, name) for rule in rules for day, name in slot.cells())]


def post(ctx) -> list:
    model = ctx.model
    teachers = {t.id: t for t in ctx.expansion.instance.teachers}
    terms = []
    for sv in ctx.sessions:
        slots = sv.session.slots
        for teacher_id, y in sv.y.items():
            teacher = teachers[teacher_id]
            bad_sets = []
            if teacher.avoids:
                bad_sets.append(_matching(slots, teacher.avoids))
            if teacher.prefers:
                liked = set(_matching(slots, teacher.prefers))
                bad_sets.append([t for t in range(len(slots)) if t not in liked])
            for n, bad in enumerate(bad_sets):
                if not bad:
                    continue
                if len(bad) == len(slots):
                    terms.append(y)
                    continue
                z = model.new_bool_var(f"pref[{sv.session.id},{teacher_id},{n}]")
                model.add(z >= y + sum(sv.x[t] for t in bad) - 1)
                terms.append(z)
    return terms
