"""ordering: first items open their class, last items close it, `after` items wait for others.

"A class's other sessions" are all sessions the class attends, joint sessions hosted by
another class included: an opening ceremony opens everything the class attends.
Sessions without a usable time span are skipped (site_calendar reports them).
"""

from __future__ import annotations

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import named, say
from scheduler.check.timing import moment_text
from scheduler.check.violation import Violation
from scheduler.domain.records import TermClass

RULE = "ordering"


def check_ordering(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    for term_class in ctx.instance.classes:
        attended = ctx.attending(term_class.id)
        found += _first_and_last(term_class, attended)
        found += _after(term_class, attended)
    return found


def _first_and_last(term_class: TermClass, attended: list[PlacedSession]) -> list[Violation]:
    found = []
    for item in term_class.curriculum:
        if not (item.first or item.last):
            continue
        own = [p for p in attended if p.of_item(term_class.id, item.id)]
        others = [p for p in attended if not p.of_item(term_class.id, item.id)]
        for placed in own:
            for other in others:
                if item.first and other.starts_at() < placed.ends_at():
                    message = say("order_first", session=placed.id, cls=named(term_class),
                                  end=moment_text(*placed.ends_at()), other=other.id,
                                  start=moment_text(*other.starts_at()))
                elif item.last and other.ends_at() > placed.starts_at():
                    message = say("order_last", session=placed.id, cls=named(term_class),
                                  start=moment_text(*placed.starts_at()), other=other.id,
                                  end=moment_text(*other.ends_at()))
                else:
                    continue
                found.append(Violation(RULE, message, (placed.id, other.id)))
    return found


def _after(term_class: TermClass, attended: list[PlacedSession]) -> list[Violation]:
    found = []
    for item in term_class.curriculum:
        own = [p for p in attended if p.of_item(term_class.id, item.id)]
        for before_id in item.after:
            before_item = term_class.item(before_id)
            label = f"《{before_item.title}》({before_id})" if before_item else before_id
            earlier = [p for p in attended if p.of_item(term_class.id, before_id)]
            for placed in own:
                for other in earlier:
                    if other.ends_at() > placed.starts_at():
                        found.append(Violation(RULE, say(
                            "order_after", session=placed.id, start=moment_text(*placed.starts_at()),
                            before=label, other=other.id, end=moment_text(*other.ends_at())),
                            (placed.id, other.id)))
    return found
