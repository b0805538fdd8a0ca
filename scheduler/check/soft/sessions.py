"""Which timed sessions a soft rule looks at: a teacher's, a class's at its own site, an item's."""

from __future__ import annotations

from collections import defaultdict

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.domain.records import TermClass


def teaching(ctx: CheckContext, teacher_id: str) -> list[PlacedSession]:
    """Timed sessions that list the teacher."""
    return [p for p in ctx.taught_by(teacher_id) if p.span is not None]


def at_own_site(ctx: CheckContext, term_class: TermClass) -> list[PlacedSession]:
    """Timed sessions the class attends (own and joint) that are held at the class's own site."""
    return [p for p in ctx.attending(term_class.id) if p.site.id == term_class.site]


def block_indices(placed: PlacedSession) -> list[int]:
    """Positions, in the session's site, of the blocks the session touches (ascending)."""
    names = [b.name for b in placed.site.blocks]
    return [names.index(b.name) for b in placed.blocks]


def by_item(ctx: CheckContext) -> dict[tuple[str, str], list[PlacedSession]]:
    """Timed sessions of each curriculum item, keyed by (class id, item id)."""
    found: dict[tuple[str, str], list[PlacedSession]] = defaultdict(list)
    for placed in ctx.timed():
        found[(placed.term_class.id, placed.item.id)].append(placed)
    return found
