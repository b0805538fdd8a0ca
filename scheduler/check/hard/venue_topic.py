"""venue_topic: a field session only at a field venue that serves its topic."""

from __future__ import annotations

from scheduler.check.case import Case
from scheduler.check.compliance import misplaced_field
from scheduler.check.context import CheckContext
from scheduler.check.policy_cases import as_violations
from scheduler.check.violation import Violation
from scheduler.policy import messages as msg

RULE = "venue_topic"


def cases(ctx: CheckContext) -> list[Case]:
    found = []
    for placed in ctx.placed:
        if misplaced_field(ctx, placed):
            venue = ctx.venues[placed.venue or ""]
            serves = "、".join([*(ctx.topic_label(t) for t in venue.topics), *venue.themes])
            found.append(Case(1, msg.VENUE_TOPIC.format(session=placed.id, topic=ctx.topic_label(placed.item.topic),
                                                        venue=ctx.venue_label(venue.id), serves=serves),
                              (placed.id,)))
    return found


def check_venue_topic(ctx: CheckContext) -> list[Violation]:
    return as_violations(ctx, RULE, cases)
