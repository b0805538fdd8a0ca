"""class_isolated: a block a class occupies at its own site with both neighbours free that day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from scheduler.check.case import Case
from scheduler.check.context import CheckContext
from scheduler.check.messages import joined, named, say
from scheduler.check.soft.sessions import at_own_site, block_indices


def check_class_isolated(ctx: CheckContext) -> list[Case]:
    found: list[Case] = []
    for term_class in ctx.instance.classes:
        site = ctx.sites.get(term_class.site)
        if site is None or len(site.blocks) < 2:
            continue  # a single-block site is exempt
        occupied: dict[dt.date, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for placed in at_own_site(ctx, term_class):
            for index in block_indices(placed):
                occupied[placed.date][index].append(placed.id)
        for day, blocks in sorted(occupied.items()):
            isolated = [i for i in sorted(blocks) if i - 1 not in blocks and i + 1 not in blocks]
            if isolated:
                ids = tuple(sorted({s for i in isolated for s in blocks[i]}))
                found.append(Case(len(isolated), say(
                    "class_isolated", cls=named(term_class), date=day,
                    blocks=joined(site.blocks[i].name for i in isolated)), ids))
    return found
