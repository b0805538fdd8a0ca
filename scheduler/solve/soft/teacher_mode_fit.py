"""教师类型与授课方式相符: field and practice sessions by local experts; theory not by experts
or part-time teachers."""

from scheduler.domain import Mode, TeacherKind, TopicKind

RULE_ID = "teacher_mode_fit"


def misfit(mode: Mode, topic_kind: TopicKind, teacher_kind: TeacherKind) -> bool:
    if mode is Mode.FIELD or topic_kind is TopicKind.PRACTICE:
        return teacher_kind is not TeacherKind.EXPERT
    if topic_kind is TopicKind.THEORY:
        return teacher_kind in (TeacherKind.EXPERT, TeacherKind.PARTTIME)
    return False


def post(ctx) -> list:
    instance = ctx.expansion.instance
    kinds = {t.id: t.kind for t in instance.teachers}
    topic_kinds = {t.id: t.kind for t in instance.topics}
    terms = []
    for sv in ctx.sessions:
        item = sv.session.item
        for teacher_id, y in sv.y.items():
            if misfit(item.mode, topic_kinds[item.topic], kinds[teacher_id]):
                terms.append(sv.session.count * y)
    return terms
