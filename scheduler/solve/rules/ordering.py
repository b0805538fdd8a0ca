"""课程顺序: first items open the class, last items close it, `after` items wait their turn."""

RULE_ID = "ordering"


def post(ctx) -> None:
    model = ctx.model
    expansion = ctx.expansion
    for term_class in expansion.instance.classes:
        attended = [ctx.by_id[s.id] for s in expansion.sessions_by_class.get(term_class.id, [])]
        own = {item.id: [sv for sv in attended if sv.session.owner.id == term_class.id
                         and sv.session.item.id == item.id] for item in term_class.curriculum}
        for item in term_class.curriculum:
            for sv in own[item.id]:
                others = [o for o in attended if o.session.item is not item]
                if item.first:
                    for other in others:
                        model.add(sv.end <= other.start)
                if item.last:
                    for other in others:
                        model.add(other.end <= sv.start)
                for before_id in item.after:
                    for before in own[before_id]:
                        model.add(before.end <= sv.start)
