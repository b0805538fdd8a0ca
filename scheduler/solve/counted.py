"""Interchangeable sessions counted together: the times-only model's aggregated form.

The sessions of one curriculum item are often alike in everything but their number: the same
class and audience, slots, teacher and venues. A model with a slot choice per session then
holds k! copies of every plan (symmetry breaking keeps one, but moving one session of the item
to another day means renumbering the others), where one slot literal per item and slot, k of
them true, holds each plan once, and is searched far better where every course is such an
item (CB-CTT).

`counted(expansion)` keeps one session of each group, with `count` set to the group's size;
build_variables then gives it slot literals that sum to `count` and no start, end or
interval, and rules that weigh a session (class_isolated's parity, the teacher's load and
fit) weigh it `count` times. Sessions are grouped only where every rule that could apply to
them reads slot literals alone (no interval, day or week integer):
- the same owner, audience, item, site, trainees, slots, teacher and venue candidates;
- one teacher, required, all of whose possible sessions are required of them at one site and
  who has no daily or weekly limit, obligation or time preference (the no-overlap of such a
  teacher is stated per block);
- every class of the audience has all its sessions at its own site (its no-overlap, too);
- in no ordering pair, and all sessions of the item alike (the whole model keeps an item's
  sessions in time order, and a group's plan gives its sessions their slots in time order).
Two sessions of a group never share a slot (their audience may not overlap itself), so one
boolean per slot is enough.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from scheduler.expand import Expansion, Session


def counted(expansion: Expansion) -> Expansion:
    """The expansion with each group of interchangeable sessions as one session counting them
    all (`members` maps it to the group's session ids, in their order)."""
    sessions: list[Session] = []
    members: dict[str, tuple[str, ...]] = {}
    for group in _groups(expansion):
        first = group[0]
        if len(group) > 1:
            members[first.id] = tuple(s.id for s in group)
            first = replace(first, count=len(group))
        sessions.append(first)
    return Expansion(expansion.instance, expansion.calendar, sessions, expansion.term_monday,
                     expansion.whole_teachers, members=members)


def _groups(expansion: Expansion) -> list[list[Session]]:
    """The expansion's sessions in groups of interchangeable ones (singletons where a session
    may not be counted with others), in the order of each group's first session."""
    ordered = {s.id for pairs in expansion.ordering_pairs.values() for pair in pairs for s in pair}
    plain = _plain_teachers(expansion)
    at_home = _classes_at_home(expansion)

    def countable(session: Session) -> bool:
        return (session.count == 1 and session.id not in ordered
                and len(session.teachers) == 1 and session.teachers_needed == 1
                and session.required_teachers == (session.teachers[0].id,)
                and session.teachers[0].id in plain
                and all(class_id in at_home for class_id in session.class_ids))

    keys = {s.id: _key(s) if countable(s) else ("alone", s.id) for s in expansion.sessions}
    # The whole model keeps an item's sessions in time order across all of them, which the
    # order within each group cannot promise when the item's sessions fall in several groups.
    per_item: dict[tuple, set] = defaultdict(set)
    for s in expansion.sessions:
        per_item[(s.owner.id, s.item.id)].add(keys[s.id])
    groups: dict[tuple, list[Session]] = {}
    for s in expansion.sessions:
        key = keys[s.id] if len(per_item[(s.owner.id, s.item.id)]) == 1 else ("alone", s.id)
        groups.setdefault(key, []).append(s)
    return list(groups.values())


def _key(session: Session) -> tuple:
    def candidates(found):
        return tuple((c.id, c.slots) for c in found)
    return (session.owner.id, session.item.id, session.class_ids, session.site.id, session.trainees,
            tuple(session.slots), candidates(session.teachers), candidates(session.venues),
            session.required_teachers)


def _plain_teachers(expansion: Expansion) -> set[str]:
    """Teachers whose rules read slot literals only: required wherever they may teach, at one
    site, with no limits, obligations or preferences."""
    plain = set()
    for teacher in expansion.instance.teachers:
        entries = expansion.sessions_by_teacher.get(teacher.id, [])
        if (teacher.max_per_day is None and teacher.max_per_week is None
                and not teacher.obligations and not teacher.prefers and not teacher.avoids
                and len({s.site.id for s, _ in entries}) <= 1
                and all(teacher.id in s.required_teachers for s, _ in entries)):
            plain.add(teacher.id)
    return plain


def _classes_at_home(expansion: Expansion) -> set[str]:
    """Classes all of whose sessions (their own and joint ones) are at their own site."""
    return {c.id for c in expansion.instance.classes
            if all(s.site.id == c.site for s in expansion.sessions_by_class.get(c.id, []))}
