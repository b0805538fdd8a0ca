"""场地略小: missing seats when a session sits in a venue within its allowed overflow.

Without venue variables (the times-only model) the rule is replaced by a lower bound that the
times alone decide: for every seat number L, in each block of a site, the sessions of at
least L trainees there beyond the venues with at least L seats miss seat L. Summed over L
(in runs where both counts are constant), that is at most the missing seats of any venue
choice for those times.
"""

from collections import defaultdict

RULE_ID = "soft_capacity"
VENUES = True  # depends on the venue choice: the times-only model leaves it out


def post(ctx) -> list:
    capacity = {v.id: v.capacity for v in ctx.expansion.instance.venues}
    terms = []
    for sv in ctx.sessions:
        for venue_id, r in sv.r.items():
            missing = sv.session.trainees - capacity[venue_id]
            if missing > 0:
                terms.append(missing * r)
    return terms


def post_without_venues(ctx) -> list:
    """Terms whose sum bounds the rule's violations from below, from the session times only."""
    capacity = {v.id: v.capacity for v in ctx.expansion.instance.venues}
    by_site = defaultdict(list)
    for sv in ctx.sessions:
        if sv.session.needs_venue and sv.session.venues:
            by_site[sv.session.site.id].append(sv)
    terms = []
    for site_id, svs in sorted(by_site.items()):
        seats = sorted(capacity[v] for v in {c.id for sv in svs for c in sv.session.venues})
        largest = max(sv.session.trainees for sv in svs)
        if largest <= seats[0]:
            continue  # every venue seats everyone
        cover = defaultdict(list)  # (day, block) -> (trainees, slot literal)
        for sv in svs:
            for t, slot in enumerate(sv.session.slots):
                for b in slot.blocks:
                    cover[(slot.day, b)].append((sv.session.trainees, sv.x[t]))
        # Seat numbers where either count changes (seat t + 1 is the first a session of t
        # trainees does not need); between two of them both stay constant.
        steps = sorted({1} | {sv.session.trainees + 1 for sv in svs if sv.session.trainees < largest}
                       | {c + 1 for c in seats if c < largest})
        for low, high in zip(steps, [*steps[1:], largest + 1]):
            venues = sum(1 for c in seats if c >= low)
            for (day, block), entries in sorted(cover.items()):
                literals = [x for trainees, x in entries if trainees >= low]
                if len(literals) <= venues:
                    continue
                short = ctx.model.new_int_var(0, len(literals) - venues,
                                              f"seatshort[{site_id},{day},{block},{low}]")
                ctx.model.add(short >= sum(literals) - venues)
                terms.append((high - low) * short)
    return terms
