"""What `scheduler check` can see of the policy rules before solving: a field item no venue
in reach serves, an item whose kind or role of teacher nobody qualified has, a "4+N" class
missing a main topic, and class hours or interactive shares no placement can reach.

An error for a hard rule (solve refuses the instance), a warning for a soft one; nothing
for a rule that is off or soft with weight 0.
"""

from __future__ import annotations

from scheduler import text
from scheduler.domain import Finding, Instance, Mode
from scheduler.domain.policies import Level
from scheduler.expand import Expansion, Session
from scheduler.policy import measures
from scheduler.policy import messages as msg


def policy_findings(expansion: Expansion) -> list[Finding]:
    instance = expansion.instance
    found: list[Finding] = []
    firsts: dict[tuple[str, str], Session] = {}
    for session in expansion.sessions:
        firsts.setdefault((session.owner.id, session.item.id), session)
    for session in firsts.values():
        found += _item(instance, session)
    attended = measures.attended_topics(instance)
    for ci, term_class in enumerate(instance.classes):
        path = ("classes", ci)
        sessions = expansion.sessions_by_class.get(term_class.id, [])
        if term_class.four_plus_n:
            found += _four_plus_n(instance, attended[term_class.id], path)
        found += _hours(instance, term_class, sessions, path)
        found += _shares(instance, term_class, sessions, path)
    return found


def _finding(instance: Instance, rule: str, path: tuple, message: str) -> list[Finding]:
    level = instance.policy(rule)
    if level is Level.OFF or (level is Level.SOFT and instance.policy_weight(rule) == 0):
        return []  # weight 0: the compliance table shows it, nothing more
    if level is Level.SOFT:
        return [Finding(path=path, severity="warning", message=message + msg.LINT_SOFT)]
    return [Finding(path=path, message=message)]


def _item_path(instance: Instance, session: Session) -> tuple:
    ci = next(i for i, c in enumerate(instance.classes) if c.id == session.owner.id)
    ii = next(j for j, it in enumerate(session.owner.curriculum) if it.id == session.item.id)
    return ("classes", ci, "curriculum", ii)


def _item(instance: Instance, session: Session) -> list[Finding]:
    item, found = session.item, []
    label = text.LINT_ITEM.format(owner=session.owner.name, title=item.title)
    topic = instance.topic(item.topic)
    if item.mode is Mode.FIELD and session.venues and not any(
            measures.serves(instance.venue(c.id), topic) for c in session.venues):
        found += _finding(instance, "venue_topic", (*_item_path(instance, session), "topic"),
                          msg.LINT_VENUE_TOPIC.format(item=label, topic=topic.name))
    named_only = len(item.teachers) >= item.teachers_needed  # no seat left for anyone else
    pool = item.teachers if named_only else [c.id for c in session.teachers]
    if measures.requires_teacher(item) and pool and not any(
            measures.fits(item, instance.teacher(t)) for t in pool):
        field = "teacher_role" if item.teacher_role is not None else "teacher_kind"
        found += _finding(instance, "teacher_role", (*_item_path(instance, session), field),
                          msg.LINT_TEACHER_ROLE.format(item=label, topic=topic.name,
                                                       need=msg.requirement(item.teacher_kind, item.teacher_role)))
    return found


def _four_plus_n(instance: Instance, attended: set[str], path: tuple) -> list[Finding]:
    if not measures.main_topics(instance):
        return _finding(instance, "four_plus_n", (*path, "four_plus_n"), msg.LINT_NO_MAIN)
    missing = measures.missing_main_topics(instance, attended)
    if not missing:
        return []
    names = "、".join(instance.topic(t).name for t in missing)
    return _finding(instance, "four_plus_n", (*path, "four_plus_n"), msg.LINT_FOUR_PLUS_N.format(topics=names))


def _range(instance: Instance, session: Session) -> tuple[int, int]:
    """The fewest and most hours a session's slots count."""
    hours = [measures.hours_of(instance, (session.site.blocks[b] for b in slot.blocks)) for slot in session.slots]
    return (min(hours), max(hours)) if hours else (0, 0)


def _hours(instance: Instance, term_class, sessions: list[Session], path: tuple) -> list[Finding]:
    ranges = [_range(instance, s) for s in sessions]
    low, high = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
    cls = term_class.name
    if term_class.min_hours is not None and high < term_class.min_hours:
        return _finding(instance, "class_hours", (*path, "min_hours"),
                        msg.LINT_HOURS_LOW.format(cls=cls, hours=high, bound=term_class.min_hours))
    if term_class.max_hours is not None and low > term_class.max_hours:
        return _finding(instance, "class_hours", (*path, "max_hours"),
                        msg.LINT_HOURS_HIGH.format(cls=cls, hours=low, bound=term_class.max_hours))
    return []


def _shares(instance: Instance, term_class, sessions: list[Session], path: tuple) -> list[Finding]:
    """The best any placement can do: interactive sessions at their most hours, the others at
    their fewest (and alike for case teaching within the interactive ones)."""
    if not measures.interactive_in_force(instance) or not sessions:
        return []
    standards = instance.standards
    ranges = {s.id: _range(instance, s) for s in sessions}
    inter = [s for s in sessions if measures.is_interactive(instance, s.item)]
    case = [s for s in inter if measures.is_case(instance, s.item)]
    best_inter = sum(ranges[s.id][1] for s in inter)
    total = best_inter + sum(ranges[s.id][0] for s in sessions if s not in inter)
    if 100 * best_inter < standards.min_interactive_percent * total:
        return _finding(instance, "interactive_share", path, msg.LINT_INTERACTIVE.format(
            cls=term_class.name, inter=best_inter, total=total, percent=standards.min_interactive_percent))
    best_case = sum(ranges[s.id][1] for s in case)
    least_inter = best_case + sum(ranges[s.id][0] for s in inter if s not in case)
    if 100 * best_case < standards.min_case_percent * least_inter:
        return _finding(instance, "interactive_share", path, msg.LINT_CASE.format(
            cls=term_class.name, case=best_case, percent=standards.min_case_percent))
    return []
