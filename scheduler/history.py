"""A plan's history across replans: which revision each session last changed in, and who lost it.

Calendars are built on this: a session's calendar SEQUENCE is the revision at which it last
changed, and a teacher (class, venue) who no longer has a session keeps it in their calendar
as cancelled, with the revision of the cancellation, so calendar apps update or remove it in
place instead of showing a duplicate or a ghost.
"""

from __future__ import annotations

from scheduler.domain.plan import Cancellation, Origin, Plan, PlanSession


def succeed(baseline: Plan, new: Plan, origin: Origin | None = None) -> Plan:
    """`new` as the next revision of `baseline`.

    Sessions whose date, time, blocks, teachers, venue and site are unchanged keep their
    revision; changed ones get the new revision. Every teacher, venue or class that had a
    session in the baseline and does not have it now gets a cancellation; cancellations of the
    baseline are carried, minus the people who have the session again.
    """
    revision = baseline.revision + 1
    before = {s.id: s for s in baseline.sessions}
    after = {s.id: s for s in new.sessions}

    sessions: list[PlanSession] = []
    for session in new.sessions:
        old = before.get(session.id)
        kept = old is not None and old.placement() == session.placement()
        sessions.append(session.model_copy(update={"revision": old.revision if kept else revision}))

    cancelled: list[Cancellation] = []
    for entry in baseline.cancelled:  # carried, minus those who have the session again
        current = after.get(entry.session.id)
        carried = _lost(entry.session, current, entry)
        if carried is not None:
            cancelled.append(carried)
    for session_id, old in before.items():
        lost = _lost(old, after.get(session_id), None)
        if lost is not None:
            cancelled.append(lost.model_copy(update={"revision": revision}))

    return new.model_copy(update={"revision": revision, "sessions": sessions,
                                  "cancelled": cancelled, "origin": origin})


def _lost(old: PlanSession, current: PlanSession | None,
          entry: Cancellation | None) -> Cancellation | None:
    """Who had `old` (or, for a carried entry, was listed in it) and does not have `current`."""
    had_teachers = entry.teachers if entry else old.teachers
    had_classes = entry.classes if entry else []
    had_venues = entry.venues if entry else ([old.venue] if old.venue else [])
    if current is None:  # the session is not placed any more: everyone loses it
        had_classes = entry.classes if entry else list(old.classes)
        teachers, classes, venues = list(had_teachers), list(had_classes), list(had_venues)
    else:
        teachers = [t for t in had_teachers if t not in current.teachers]
        classes = [c for c in had_classes if c not in current.classes]
        venues = [v for v in had_venues if v != current.venue]
    if not (teachers or classes or venues):
        return None
    return Cancellation(session=old, revision=entry.revision if entry else old.revision,
                        teachers=teachers, classes=classes, venues=venues)


def calendar_events(plan: Plan, owner_kind: str, owner_id: str
                    ) -> tuple[list[PlanSession], list[Cancellation]]:
    """The sessions `owner_id` (a teacher, class or venue id) has, and the ones it lost.

    For each session only the newest cancellation for that owner is returned, and none for a
    session the owner has again.
    """
    if owner_kind not in ("teacher", "class", "venue"):
        raise ValueError(owner_kind)

    def holds(session: PlanSession) -> bool:
        if owner_kind == "teacher":
            return owner_id in session.teachers
        if owner_kind == "class":
            return owner_id in session.classes
        return session.venue == owner_id

    active = [s for s in plan.sessions if holds(s)]
    have = {s.id for s in active}
    newest: dict[str, Cancellation] = {}
    for entry in plan.cancelled:
        listed = {"teacher": entry.teachers, "class": entry.classes, "venue": entry.venues}[owner_kind]
        if owner_id not in listed or entry.session.id in have:
            continue
        known = newest.get(entry.session.id)
        if known is None or entry.revision >= known.revision:
            newest[entry.session.id] = entry
    return active, sorted(newest.values(), key=lambda e: (e.session.date, e.session.start, e.session.id))
