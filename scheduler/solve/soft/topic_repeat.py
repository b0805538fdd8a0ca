"""同一专题不连排: a class session starting right after another of the same topic ends."""

from collections import defaultdict

from scheduler.solve.soft._common import home_sessions

RULE_ID = "topic_repeat"


def post(ctx) -> list:
    model = ctx.model
    terms = []
    for term_class in ctx.expansion.classes:
        ends = defaultdict(list)  # (topic, day, last block) -> literals
        starts = defaultdict(list)  # (topic, day, first block) -> literals
        for sv in home_sessions(ctx, term_class.id):
            topic = sv.session.item.topic
            for t, slot in enumerate(sv.session.slots):
                ends[(topic, slot.day, slot.blocks[-1])].append(sv.x[t])
                starts[(topic, slot.day, slot.first_block)].append(sv.x[t])
        for (topic, day, block), ending in sorted(ends.items()):
            following = starts.get((topic, day, block + 1))
            if not following:
                continue
            rep = model.new_bool_var(f"repeat[{term_class.id},{day},{block}]")
            model.add(rep >= sum(ending) + sum(following) - 1)
            terms.append(rep)
    return terms
