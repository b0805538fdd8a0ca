"""场地同一时段只能安排一次课: one no-overlap per venue.

The same rule is also stated as counts, whose linear relaxation and propagation see what the
venues' no-overlaps do not (a pigeonhole): in any block of a site, the sessions whose
candidate venues all lie in a set U of venues number at most |U|. U runs over the candidate
sets that occur; a count is posted only where more sessions than |U| could meet.
"""

from collections import defaultdict

from scheduler.solve.rules._resources import post_no_overlap
from scheduler.solve.variables import block_cover

RULE_ID = "venue_no_overlap"


def post(ctx) -> None:
    post_no_overlap(ctx, ctx.expansion.sessions_by_venue, "venue_intervals")
    post_without_venues(ctx)


def post_without_venues(ctx) -> None:
    """The counts alone (they need no venue variables: the times-only model keeps them)."""
    by_set = defaultdict(list)
    for sv in ctx.sessions:
        if sv.session.needs_venue and sv.session.venues:
            by_set[frozenset(c.id for c in sv.session.venues)].append(sv)
    for venues in sorted(by_set, key=sorted):
        members = [sv for other in by_set if other <= venues for sv in by_set[other]]
        if len(members) <= len(venues):
            continue
        by_site = defaultdict(list)
        for sv in members:
            by_site[sv.session.site.id].append(sv)
        for svs in by_site.values():
            for literals in block_cover(svs).values():
                if len(literals) > len(venues):
                    ctx.model.add(sum(literals) <= len(venues))
