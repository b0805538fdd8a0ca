"""指定教师与教师人数: exactly the needed number of teachers, required ones always included."""

RULE_ID = "teacher_count"


def post(ctx) -> None:
    model = ctx.model
    for sv in ctx.sessions:
        model.add(sum(sv.y.values()) == sv.session.teachers_needed)
        for teacher_id in sv.session.required_teachers:
            if teacher_id in sv.y:
                model.add(sv.y[teacher_id] == 1)
            else:
                model.add_bool_or([])  # a required teacher with no usable slot: infeasible
