"""venue_no_overlap: a venue holds one session at a time."""

from __future__ import annotations

from scheduler.check.clashes import clashes
from scheduler.check.context import CheckContext
from scheduler.check.messages import say
from scheduler.check.violation import Violation

RULE = "venue_no_overlap"


def check_venue_no_overlap(ctx: CheckContext) -> list[Violation]:
    return [Violation(RULE, say("venue_overlap", venue=ctx.venue_label(c.resource), date=c.date,
                                span=c.span.label, first=c.first.id, second=c.second.id),
                      c.sessions)
            for c in clashes(ctx.placed, lambda p: [p.venue] if p.venue is not None else [])]
