"""venue_fit: the venue suits the teaching mode, the item's venue list and the site, and is free.

online: no venue. field: a field venue (any at a county site, else in the site's township or
of the site itself), every occupied block ending by 18:00. lecture / interactive: a classroom
or hall of the session's site. An item that lists venues replaces the site/township rule by
its list; the kind rule still applies. Venue unavailability and venue blackouts count here.
"""

from __future__ import annotations

from scheduler.check.blocks import matching_blocks
from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import (
    joined,
    named,
    say,
    unavailable_reason,
)
from scheduler.check.violation import Violation
from scheduler.domain.records import Venue
from scheduler.domain.values import Mode, Tier, VenueKind
from scheduler.text import MODE_NAMES, VENUE_KIND_NAMES

RULE = "venue_fit"

_ROOM_KINDS = (VenueKind.CLASSROOM, VenueKind.HALL)


def check_venue_fit(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for placed in ctx.placed:
        found.extend(Violation(RULE, message, (placed.id,)) for message in _misfits(ctx, placed))
    return found


def _misfits(ctx: CheckContext, placed: PlacedSession) -> list[str]:
    mode, venue_id = placed.item.mode, placed.venue
    if mode is Mode.ONLINE:
        if venue_id is None:
            return []
        return [say("online_with_venue", session=placed.id, venue=ctx.venue_label(venue_id))]
    if venue_id is None:
        return [say("no_venue", mode=MODE_NAMES[mode], session=placed.id)]
    venue = ctx.venues.get(venue_id)
    if venue is None:
        return [say("unknown_venue", session=placed.id, venue=venue_id)]
    return (_kind_and_place(ctx, placed, venue) + _daytime(placed)
            + _venue_free(ctx, placed, venue))


def _kind_and_place(ctx: CheckContext, placed: PlacedSession, venue: Venue) -> list[str]:
    item, site, mode = placed.item, placed.site, placed.item.mode
    kind = VENUE_KIND_NAMES[venue.kind]
    if mode is Mode.FIELD and venue.kind is not VenueKind.FIELD:
        return [say("field_kind", session=placed.id, venue=named(venue), kind=kind)]
    if mode is not Mode.FIELD and venue.kind not in _ROOM_KINDS:
        return [say("room_kind", mode=MODE_NAMES[mode], session=placed.id, venue=named(venue),
                    kind=kind)]
    if item.venues:
        if venue.id in item.venues:
            return []
        return [say("not_listed_venue", session=placed.id, venue=named(venue),
                    venues=joined(map(ctx.venue_label, item.venues)))]
    if mode is Mode.FIELD:
        if site.tier is Tier.COUNTY or venue.township == site.township or venue.site == site.id:
            return []
        where = ctx.township_label(venue.township) if venue.township else named(ctx.sites[venue.site])
        return [say("far_field", session=placed.id, site=named(site),
                    township=ctx.township_label(site.township), venue=named(venue), where=where)]
    if venue.site == site.id:
        return []
    other = named(ctx.sites[venue.site]) if venue.site in ctx.sites else say("no_site")
    return [say("other_site_room", session=placed.id, site=named(site), venue=named(venue),
                other=other)]


def _daytime(placed: PlacedSession) -> list[str]:
    if placed.item.mode is not Mode.FIELD:
        return []
    late = [b.name for b in placed.blocks if not b.daytime]
    if not late:
        return []
    return [say("field_night", session=placed.id, date=placed.date, blocks=joined(late))]


def _venue_free(ctx: CheckContext, placed: PlacedSession, venue: Venue) -> list[str]:
    reasons = [(rule, unavailable_reason(rule.note)) for rule in venue.unavailable]
    reasons += [(b.when, say("blackout_rule", name=b.name)) for b in ctx.venue_blackouts(venue)]
    problems = []
    for rule, reason in reasons:
        hit = matching_blocks(rule, placed)
        if hit:
            problems.append(say("venue_unavailable", venue=named(venue), date=placed.date,
                                blocks=joined(hit), reason=reason, session=placed.id))
    return problems
