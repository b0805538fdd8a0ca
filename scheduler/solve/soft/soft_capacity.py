"""场地略小: missing seats when a session sits in a venue within its allowed overflow.

Without venue variables (the times-only model) the rule is replaced by a lower bound that the
times alone decide. Between two venue sizes c < c' of a site, the venues with more than c
seats have all of the seats c+1..c' and the others none; of the sessions in a block that
need some of those seats, all but the `venues` that need most miss theirs. That sum is the
largest of sum(min(need, θ)) - venues·θ over θ, and any θ bounds it from below: one variable
per size and block, with a few θ (one per seat number makes the times model hard to
search). Summed over the sizes, it is at most the missing seats of any venue choice for those times.
"""

from collections import defaultdict

RULE_ID = "soft_capacity"


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
        cover = defaultdict(list)  # (day, block) -> (trainees, slot literal)
        for sv in svs:
            for t, slot in enumerate(sv.session.slots):
                for b in slot.blocks:
                    cover[(slot.day, b)].append((sv.session.trainees, sv.x[t]))
        sizes = sorted({c for c in seats if c < largest} | {0})
        for n, size in enumerate(sizes):
            top = sizes[n + 1] if n + 1 < len(sizes) else largest
            venues = sum(1 for c in seats if c > size)
            for (day, block), entries in sorted(cover.items()):
                # Seats size+1 .. top of each session there; the venues above `size` have all of
                # them; the others none. Missing: the seats of all sessions but the `venues`
                # with most, which is the largest of sum(min(seats, θ)) - venues·θ over θ.
                needs = [(min(trainees, top) - size, x) for trainees, x in entries if trainees > size]
                if len(needs) <= venues:
                    continue
                short = ctx.model.new_int_var(0, sum(a for a, _ in needs),
                                              f"seatshort[{site_id},{day},{block},{size}]")
                for theta in _some(sorted({a for a, _ in needs})):
                    ctx.model.add(short >= sum(min(a, theta) * x for a, x in needs) - venues * theta)
                terms.append(short)
    return terms


THETAS = 3  # values of θ per venue size and block, at most


def _some(values: list[int]) -> list[int]:
    """The smallest, the largest and evenly spaced values between: each θ gives a valid lower
    bound; all of them the exact one, which makes the times model hard to search, and the
    smallest alone leaves the bound blind to small rooms."""
    if len(values) <= THETAS:
        return values
    return sorted({values[round(k * (len(values) - 1) / (THETAS - 1))] for k in range(THETAS)})
