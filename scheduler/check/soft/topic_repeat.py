"""topic_repeat: a class's session starting right after another of the same topic, same date and site."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import named, say
from scheduler.check.soft.sessions import at_own_site, block_indices


def check_topic_repeat(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for term_class in ctx.instance.classes:
        sessions = [(p, block_indices(p)) for p in at_own_site(ctx, term_class)]
        sessions = sorted(((p, i) for p, i in sessions if i), key=lambda s: (s[0].date, s[1], s[0].id))
        for before, before_blocks in sessions:
            for after, after_blocks in sessions:
                if (after.date == before.date and after.item.topic == before.item.topic
                        and after_blocks[0] == before_blocks[-1] + 1):
                    found.append(Case(1, say(
                        "topic_repeat", cls=named(term_class), date=before.date,
                        topic=ctx.topic_label(before.item.topic), first=before.id,
                        second=after.id), (before.id, after.id)))
    return found
