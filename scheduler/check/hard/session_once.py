"""session_once: every expected session appears exactly once, with the instance's content."""

from __future__ import annotations

from collections import Counter

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.check.messages import joined, named, say
from scheduler.check.violation import Violation
from scheduler.domain.plan import SESSION_ID_SEPARATOR

RULE = "session_once"


def check_session_once(ctx: CheckContext) -> list[Violation]:
    found: list[Violation] = []
    counts = Counter(entry.id for entry in ctx.plan.sessions)
    for sid, count in counts.items():
        if sid not in ctx.expected:
            found.append(Violation(RULE, say("unknown_session", session=sid, hint=_hint(ctx, sid)),
                                   (sid,)))
        elif count > 1:
            found.append(Violation(RULE, say("duplicate_session", session=sid, count=count), (sid,)))
    for sid, expected in ctx.expected.items():
        if sid not in counts:
            found.append(Violation(RULE, say("missing_session", session=sid,
                                             cls=named(expected.term_class),
                                             title=expected.item.title, index=expected.index),
                                   (sid,)))
    for placed in ctx.placed:
        for field, value, wanted in _content_mismatches(placed):
            found.append(Violation(RULE, say("wrong_field", session=placed.id, field=field,
                                             found=value, wanted=wanted), (placed.id,)))
    return found


def _content_mismatches(placed: PlacedSession) -> list[tuple[str, str, str]]:
    entry, item = placed.entry, placed.item
    pairs = [
        ("classes", joined(sorted(entry.classes)), joined(sorted(placed.classes))),
        ("topic", entry.topic, item.topic),
        ("title", entry.title, item.title),
        ("mode", entry.mode, item.mode.value),
        ("site", entry.site, placed.site.id),
    ]
    return [(field, f"“{value}”", f"“{wanted}”") for field, value, wanted in pairs if value != wanted]


def _hint(ctx: CheckContext, sid: str) -> str:
    """Why an id is unknown: no such class, no such item, or an index past the item's count."""
    if not sid.strip():
        return say("empty_session_id")
    parts = sid.split(SESSION_ID_SEPARATOR)
    if len(parts) != 3:
        return ""
    class_id, item_id, _ = parts
    term_class = ctx.classes.get(class_id)
    if term_class is None:
        return say("unknown_session_class", cls=class_id)
    item = term_class.item(item_id)
    if item is None:
        return say("unknown_session_item", cls=named(term_class), item=item_id)
    return say("unknown_session_index", item=item_id, count=item.sessions)
