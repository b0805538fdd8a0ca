"""Per class, how a plan stands against each policy rule in force: what is required, what is
planned, met or not, and by how much it falls short. The checker faces of the policy rules,
`scheduler validate`'s table and the report read it."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check.context import CheckContext, PlacedSession
from scheduler.domain import Mode
from scheduler.policy import measures
from scheduler.policy import messages as msg


@dataclass(frozen=True)
class Row:
    class_id: str
    rule: str
    required: str
    planned: str
    short: int  # violations, in the rule's unit; 0 when met
    sessions: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return self.short == 0


def hours(ctx: CheckContext, placed: PlacedSession) -> int:
    return measures.hours_of(ctx.instance, placed.blocks)


def misplaced_field(ctx: CheckContext, placed: PlacedSession) -> bool:
    venue = ctx.venues.get(placed.venue or "")
    topic = ctx.topics.get(placed.item.topic)
    return (placed.item.mode is Mode.FIELD and venue is not None and topic is not None
            and not measures.serves(venue, topic))


def lacks_teacher(ctx: CheckContext, placed: PlacedSession) -> bool:
    item = placed.item
    return measures.requires_teacher(item) and not any(
        measures.fits(item, ctx.teachers[t]) for t in placed.teachers if t in ctx.teachers)


def missing_sessions(ctx: CheckContext, class_id: str, topics: set[str] | None = None) -> tuple[str, ...]:
    """The sessions the class attends (of these topics) that the plan does not hold: a class
    rule a partial plan breaks only through them is excused with them (cli/plans.py)."""
    placed = {p.id for p in ctx.placed}
    return tuple(sorted(e.id for e in ctx.expected.values() if class_id in e.classes and e.id not in placed
                        and (topics is None or e.item.topic in topics)))


def class_rows(ctx: CheckContext, class_id: str) -> list[Row]:
    """The rows of one class, in rule order (only the rules that concern it)."""
    rows = [_session_row(ctx, class_id, "venue_topic", lambda p: p.item.mode is Mode.FIELD and _restricted(ctx),
                         misplaced_field),
            _session_row(ctx, class_id, "teacher_role", lambda p: measures.requires_teacher(p.item),
                         lacks_teacher),
            _four_plus_n(ctx, class_id), *_interactive(ctx, class_id), _hours(ctx, class_id)]
    return [row for row in rows if row is not None]


def compliance(ctx: CheckContext) -> list[Row]:
    """Every class's rows, in instance order."""
    return [row for c in ctx.instance.classes for row in class_rows(ctx, c.id)]


def _restricted(ctx: CheckContext) -> bool:
    return any(measures.restricts_topics(v) for v in ctx.instance.venues)


def _session_row(ctx, class_id, rule, concerns, breaks) -> Row | None:
    own = [p for p in ctx.attending(class_id) if p.term_class.id == class_id and concerns(p)]
    if not own:
        return None
    broken = tuple(p.id for p in own if breaks(ctx, p))
    return Row(class_id, rule, msg.REQ_SESSIONS.format(count=len(own)),
               msg.HAVE_SESSIONS.format(count=len(own) - len(broken)), len(broken), broken)


def _four_plus_n(ctx: CheckContext, class_id: str) -> Row | None:
    if not ctx.classes[class_id].four_plus_n:
        return None
    attended = {p.item.topic for p in ctx.attending(class_id)}
    main = measures.main_topics(ctx.instance)
    missing = measures.missing_main_topics(ctx.instance, attended)
    return Row(class_id, "four_plus_n", msg.REQ_FOUR_PLUS_N.format(count=len(main)),
               msg.HAVE_FOUR_PLUS_N.format(count=len(main) - len(missing)), len(missing))


def shortfall(hours_: int, percent: int, have: int) -> int:
    """Hours missing for `have` to reach `percent` % of `hours_`, rounded up."""
    return max(0, measures.share_needed(hours_, percent) - have)


def _interactive(ctx: CheckContext, class_id: str) -> list[Row]:
    instance = ctx.instance
    if not measures.interactive_in_force(instance):
        return []
    figures = interactive_hours(ctx, class_id)
    total, inter, case = figures
    standards = instance.standards
    short = shortfall(total, standards.min_interactive_percent, inter) + \
        shortfall(inter, standards.min_case_percent, case)
    share = round(100 * inter / total) if total else 0
    return [Row(class_id, "interactive_share",
                msg.REQ_INTERACTIVE.format(percent=standards.min_interactive_percent, case=standards.min_case_percent),
                msg.HAVE_INTERACTIVE.format(inter=inter, total=total, share=share, case_hours=case), short)]


def interactive_hours(ctx: CheckContext, class_id: str) -> tuple[int, int, int]:
    """(total, interactive, case) hours of the sessions the class attends in the plan."""
    attended = ctx.attending(class_id)
    total = sum(hours(ctx, p) for p in attended)
    inter = sum(hours(ctx, p) for p in attended if measures.is_interactive(ctx.instance, p.item))
    case = sum(hours(ctx, p) for p in attended if measures.is_case(ctx.instance, p.item))
    return total, inter, case


def _hours(ctx: CheckContext, class_id: str) -> Row | None:
    term_class = ctx.classes[class_id]
    low, high = term_class.min_hours, term_class.max_hours
    if low is None and high is None:
        return None
    total = sum(hours(ctx, p) for p in ctx.attending(class_id))
    short = max(0, (low or 0) - total) + (max(0, total - high) if high is not None else 0)
    return Row(class_id, "class_hours",
               msg.REQ_HOURS.format(low=msg.ANY if low is None else low, high=msg.ANY if high is None else high),
               msg.HAVE_HOURS.format(hours=total), short)
