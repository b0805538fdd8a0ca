"""教师同一时段只能上一门课: one no-overlap per teacher over all sessions they might teach.

The sessions a teacher is required for (named by their curriculum item) also get an
at-most-one per site block: the same rule, in a form whose linear relaxation is stronger. A
teacher required for every session they might teach, all at one site, needs nothing else (a
site's blocks do not overlap), and then their no-overlap is left out.
"""

from collections import defaultdict

from scheduler.solve.rules._resources import post_no_overlap
from scheduler.solve.variables import block_cover

RULE_ID = "teacher_no_overlap"


def post(ctx) -> None:
    required = defaultdict(list)  # (teacher, site) -> sessions they are required for there
    for sv in ctx.sessions:
        for teacher_id in sv.session.required_teachers:
            required[(teacher_id, sv.session.site.id)].append(sv)
    for svs in required.values():
        for literals in block_cover(svs).values():
            if len(literals) > 1:
                ctx.model.add_at_most_one(literals)
    rest = {
        teacher_id: entries for teacher_id, entries in ctx.expansion.sessions_by_teacher.items()
        if not (len({s.site.id for s, _ in entries}) == 1
                and all(teacher_id in s.required_teachers for s, _ in entries))}
    post_no_overlap(ctx, rest, "teacher_intervals")
