"""班次同一时段只能上一门课: a no-overlap per class over its own and its joint sessions.

Sessions at the class's own site also get an at-most-one per (date, block): the same rule,
stated in a form whose linear relaxation is stronger. A class with every session at its own
site needs nothing else (a site's blocks do not overlap), and then the no-overlap is left out.
"""

from scheduler.solve.variables import block_cover

RULE_ID = "class_no_overlap"


def post(ctx) -> None:
    model = ctx.model
    for class_id, sessions in sorted(ctx.expansion.sessions_by_class.items()):
        if not ctx.expansion.in_focus(class_id):
            continue  # held in place: its sessions cannot meet each other
        svs = [ctx.by_id[s.id] for s in sessions]
        if len(svs) < 2:
            continue
        home = ctx.expansion.instance.term_class(class_id).site
        if any(sv.session.site.id != home for sv in svs):
            model.add_no_overlap([sv.interval for sv in svs])
        for literals in block_cover([sv for sv in svs if sv.session.site.id == home]).values():
            if len(literals) > 1:
                model.add_at_most_one(literals)
