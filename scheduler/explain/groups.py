"""The relaxed model: every hard rule split into groups a planning officer recognises, each
group switched on by one assumption literal.

A group is a tuple `(kind, *record ids)`, e.g. `("class_window", "c1")` (class c1's dates) or
`("teacher_available", "wang")` (王老师's unavailable times and the blackouts that apply to
them). With every assumption true the relaxed model allows exactly the plans of the ordinary
model; with a group's assumption false, what that group forbids becomes allowed.

The filters of `scheduler.expand` (class window, site calendar, qualification, availability,
venue capacity) are undone here: each session is offered the options expand would leave out,
each tagged with the group(s) forbidding it, and `option -> not assumption` clauses forbid it
while the group holds. To keep the model small the relaxation is bounded: slots only on the
term's dates within `NEIGHBOURHOOD_DAYS` of the session's class window, and unqualified
teachers only while sessions × teachers stays below `MAX_RELAXED_TEACHER_PAIRS`.

Rules that are not relaxed (they stay hard): each session gets exactly one slot, the right
number of teachers and one venue of the right kind for its mode (field teaching in daytime),
and the sessions of one curriculum item keep their index order (a symmetry, not a rule).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.calendar import days
from scheduler.domain import Mode
from scheduler.expand import Candidate, Expansion, OptionBuilder, Session, Slot
from scheduler.explain.policy_groups import POLICY_GROUP_KINDS, post_policy_groups
from scheduler.solve.model import break_item_symmetry
from scheduler.solve.rules.teacher_obligation import period_windows
from scheduler.solve.variables import ModelContext, build_variables

Group = tuple[str, ...]

NEIGHBOURHOOD_DAYS = 7
MAX_RELAXED_TEACHER_PAIRS = 20_000

# The kinds of group, in the order they are tried for removal when shrinking (first tried =
# least likely to stay in the explanation when several minimal sets exist).
GROUP_KINDS: tuple[str, ...] = (
    "class_no_overlap", "teacher_no_overlap", "venue_no_overlap", "ordering", "site_calendar",
    "item_unavailable", "venue_available", "teacher_scope", "required_teacher",
    "teacher_weekly_limit", "teacher_daily_limit", "venue_capacity", "qualified",
    "teacher_obligation", "teacher_available", "class_window", *POLICY_GROUP_KINDS,
)

# The group kinds that relax a part of a hard rule, with the rule; every other kind is the id
# of the rule it relaxes (scheduler.rules.HARD_RULES; tests/test_rule_faces.py holds them equal).
PARTS_OF_RULES: dict[str, str] = {
    "item_unavailable": "site_calendar", "qualified": "teacher_qualified", "teacher_scope": "teacher_qualified",
    "required_teacher": "teacher_count", "venue_available": "venue_fit",
}
# Hard rules with no group of their own: each session placed exactly once is what a plan is.
NOT_RELAXED: tuple[str, ...] = ("session_once",)


@dataclass
class SessionOptions:
    """The relaxed options of one session and the groups that forbid each of them."""

    slot_tags: list[frozenset[Group]]
    teacher_tags: dict[str, frozenset[Group]]
    teacher_busy: dict[str, frozenset[int]]  # teacher -> slot positions their unavailability forbids
    venue_tags: dict[str, frozenset[Group]]
    venue_busy: dict[str, frozenset[int]]


@dataclass
class RelaxedModel:
    ctx: ModelContext
    expansion: Expansion  # the relaxed expansion (all options offered)
    options: dict[str, SessionOptions]  # by session id
    literals: dict[Group, cp_model.IntVar] = field(default_factory=dict)

    @property
    def model(self) -> cp_model.CpModel:
        return self.ctx.model

    def literal(self, group: Group) -> cp_model.IntVar:
        if group not in self.literals:
            self.literals[group] = self.model.new_bool_var("hold[" + "|".join(group) + "]")
        return self.literals[group]


# --------------------------------------------------------------------------- expansion

def relaxed_expansion(expansion: Expansion, focus: frozenset[str] | None = None
                      ) -> tuple[Expansion, dict[str, SessionOptions]]:
    """The sessions of `expansion` with the options expand filtered out put back, tagged.

    Only sessions attended by a class in `focus` (every class when None) get the filtered-out
    options back; the others keep expand's options, with only their teachers' and venues'
    busy times gated."""
    instance = expansion.instance
    builder = OptionBuilder(instance, expansion.calendar)
    relax_teachers = len(expansion.sessions) * len(instance.teachers) <= MAX_RELAXED_TEACHER_PAIRS
    cache: dict[tuple[str, str], tuple] = {}
    sessions: list[Session] = []
    options: dict[str, SessionOptions] = {}
    for original in expansion.sessions:
        key = (original.owner.id, original.item.id)
        if key not in cache:
            if focus is None or set(original.class_ids) & focus:
                cache[key] = _item_options(builder, original, relax_teachers)
            else:
                cache[key] = _kept_options(original)
        slots, teachers, venues, opts = cache[key]
        sessions.append(Session(
            id=original.id, owner=original.owner, item=original.item, index=original.index,
            class_ids=original.class_ids, site=original.site, trainees=original.trainees,
            slots=slots, teachers=teachers, venues=venues,
            required_teachers=original.required_teachers))
        options[original.id] = opts
    return Expansion(instance, expansion.calendar, sessions, expansion.term_monday), options


def _kept_options(session: Session):
    """expand's own options, every filter kept; busy times become gated groups."""
    everything = frozenset(range(len(session.slots)))

    def busy(candidates):
        return {c.id: everything - c.slots for c in candidates if c.slots is not None}

    opts = SessionOptions([frozenset()] * len(session.slots),
                          {c.id: frozenset() for c in session.teachers}, busy(session.teachers),
                          {c.id: frozenset() for c in session.venues}, busy(session.venues))
    teachers = [Candidate(c.id) for c in session.teachers]
    venues = [Candidate(c.id) for c in session.venues]
    return session.slots, teachers, venues, opts


def _item_options(builder: OptionBuilder, session: Session, relax_teachers: bool):
    slots, slot_tags = _relaxed_slots(builder, session)
    teachers, teacher_tags, teacher_busy = _relaxed_teachers(builder, session, slots, relax_teachers)
    venues, venue_tags, venue_busy = _relaxed_venues(builder, session, slots)
    return slots, teachers, venues, SessionOptions(slot_tags, teacher_tags, teacher_busy,
                                                   venue_tags, venue_busy)


def _relaxed_slots(builder: OptionBuilder, session: Session) -> tuple[list[Slot], list[frozenset[Group]]]:
    """Every run of the site's blocks on the term's dates near the class windows, tagged with
    the groups (class window, site calendar, the item's own times) that forbid it."""
    item, site = session.item, session.site
    members = [builder.classes[c] for c in session.class_ids]
    term = builder.instance.term
    first = max(term.start, min(c.start for c in members) - dt.timedelta(days=NEIGHBOURHOOD_DAYS))
    last = min(term.end, max(c.end for c in members) + dt.timedelta(days=NEIGHBOURHOOD_DAYS))
    teaching = builder.site_blocks(site)
    blocks = site.blocks
    slots: list[Slot] = []
    slot_tags: list[frozenset[Group]] = []
    for day in days(first, last):
        free = teaching.get(day)
        for b in range(len(blocks) - item.length + 1):
            run = blocks[b:b + item.length]
            daytime = all(blk.daytime for blk in run)
            if item.mode is Mode.FIELD and not daytime:
                continue  # venue fit: not relaxed
            tags: set[Group] = set()
            for member in members:
                if not (member.start <= day <= member.end):
                    tags.add(("class_window", member.id))
            if free is None or not all(free[b:b + item.length]):
                tags.add(("site_calendar", site.id))
            if any(rule.matches(day, blk.name) for rule in item.unavailable for blk in run):
                tags.add(("item_unavailable", session.owner.id, item.id))
            slots.append(Slot(
                date=day, first_block=b, block_names=tuple(blk.name for blk in run),
                start=run[0].start, end=run[-1].end, day=(day - term.start).days,
                week=(day - builder.term_monday).days // 7, daytime=daytime))
            slot_tags.append(frozenset(tags))
    return slots, slot_tags


def _relaxed_teachers(builder: OptionBuilder, session: Session, slots: list[Slot], relax_teachers: bool):
    """The named teachers, then (while the model stays small) every other teacher, each tagged
    with the qualification group that forbids them and their busy slots."""
    item, site = session.item, session.site
    required = set(item.teachers)
    pool = [builder.teachers[t] for t in item.teachers]
    if item.teachers_needed > len(required):
        others = builder.instance.teachers if relax_teachers else builder.teachers_by_topic.get(item.topic, [])
        pool += [t for t in sorted(others, key=lambda t: t.id) if t.id not in required]
    teachers, teacher_tags, teacher_busy = [], {}, {}
    for teacher in pool:
        tags = set()
        if teacher.id not in required and item.topic not in teacher.topics:
            tags.add(("qualified", item.topic))
        elif not builder.qualified(teacher, item, site):  # named teachers too (scheduler.rules)
            tags.add(("teacher_scope", teacher.id))
        allowed = builder.allowed(teacher.id, builder.teacher_rules[teacher.id], slots)
        teachers.append(Candidate(teacher.id))
        teacher_tags[teacher.id] = frozenset(tags)
        if allowed is not None:
            teacher_busy[teacher.id] = frozenset(range(len(slots))) - allowed
    return teachers, teacher_tags, teacher_busy


def _relaxed_venues(builder: OptionBuilder, session: Session, slots: list[Slot]):
    """The venues of the right kind, smallest first, tagged when too small, with busy slots."""
    venues, venue_tags, venue_busy = [], {}, {}
    for venue in sorted(builder.venue_pool(session.item, session.site), key=lambda v: (v.capacity, v.id)):
        tags = set()
        if venue.capacity + venue.overflow < session.trainees:
            tags.add(("venue_capacity", venue.id))
        allowed = builder.allowed("venue:" + venue.id, builder.venue_rules[venue.id], slots)
        venues.append(Candidate(venue.id))
        venue_tags[venue.id] = frozenset(tags)
        if allowed is not None:
            venue_busy[venue.id] = frozenset(range(len(slots))) - allowed
    return venues, venue_tags, venue_busy


# --------------------------------------------------------------------------- model

def build_relaxed_model(expansion: Expansion, focus: frozenset[str] | None = None) -> RelaxedModel:
    """Variables and every hard rule, each group gated by its assumption literal; no objective.
    `focus`: the classes whose filtered-out options are offered (None: all)."""
    relaxed, options = relaxed_expansion(expansion, focus)
    model = cp_model.CpModel()
    ctx = build_variables(model, relaxed)
    rm = RelaxedModel(ctx, relaxed, options)
    both = _Gates(rm)
    for sv in ctx.sessions:
        _post_session(rm, sv, options[sv.session.id])
    _post_no_overlap(rm, both)
    for teacher in expansion.instance.teachers:
        entries = relaxed.sessions_by_teacher.get(teacher.id, [])
        _post_teacher_limits(rm, both, teacher, entries)
        _post_obligations(rm, teacher, entries)
    _post_ordering(rm)
    post_policy_groups(rm)
    break_item_symmetry(ctx)
    return rm


class _Gates:
    """Literals true exactly when a choice (y or r) is made and a group holds, one per
    (session, resource, group), shared by the rules that need the same one."""

    def __init__(self, rm: RelaxedModel):
        self.rm = rm
        self.gated: dict[tuple[str, str, Group], cp_model.IntVar] = {}

    def __call__(self, sv, kind: str, who: str, use, group: Group):
        key = (sv.session.id, kind + who, group)
        if key not in self.gated:
            model = self.rm.model
            a = self.rm.literal(group)
            p = model.new_bool_var(f"and[{sv.session.id},{who},{'|'.join(group)}]")
            model.add_implication(p, use)
            model.add_implication(p, a)
            model.add_bool_or([use.Not(), a.Not(), p])
            self.gated[key] = p
        return self.gated[key]


def _post_session(rm: RelaxedModel, sv, opts: SessionOptions) -> None:
    """One session's own rules: its slots, its teachers (count hard, the rest gated) and its
    venue (one of the right kind hard, capacity and availability gated)."""
    model, session = rm.model, sv.session
    owner = session.owner.id
    # slots outside the window / off the calendar / in the item's own forbidden times
    for t, tags in enumerate(opts.slot_tags):
        for group in sorted(tags):
            model.add_bool_or([sv.x[t].Not(), rm.literal(group).Not()])
    # teachers: count (hard), required ones, qualification, availability
    model.add(sum(sv.y.values()) == session.teachers_needed)
    for teacher_id in session.required_teachers:
        model.add(sv.y[teacher_id] == 1).only_enforce_if(
            rm.literal(("required_teacher", owner, session.item.id)))
    _post_candidates(rm, sv, sv.y, opts.teacher_tags, opts.teacher_busy, "teacher_available")
    # venues: one of the right kind (hard), capacity, availability
    if session.needs_venue:
        model.add_exactly_one(list(sv.r.values()))
        _post_candidates(rm, sv, sv.r, opts.venue_tags, opts.venue_busy, "venue_available")


def _post_no_overlap(rm: RelaxedModel, both: _Gates) -> None:
    """One place at a time: teachers, venues, classes."""
    ctx, model, relaxed = rm.ctx, rm.model, rm.expansion
    resources = (("teacher_no_overlap", "t", relaxed.sessions_by_teacher, lambda sv, who: sv.y[who]),
                 ("venue_no_overlap", "v", relaxed.sessions_by_venue, lambda sv, who: sv.r[who]))
    for kind, tag, by_resource, chosen in resources:
        for who, entries in sorted(by_resource.items()):
            if len(entries) < 2:
                continue
            intervals = []
            for session, _ in entries:
                sv = ctx.by_id[session.id]
                present = both(sv, tag, who, chosen(sv, who), (kind, who))
                intervals.append(model.new_optional_interval_var(sv.start, sv.size, sv.end, present, ""))
            model.add_no_overlap(intervals)
    for class_id, sessions in sorted(relaxed.sessions_by_class.items()):
        if len(sessions) < 2:
            continue
        a = rm.literal(("class_no_overlap", class_id))
        model.add_no_overlap([model.new_optional_interval_var(
            ctx.by_id[s.id].start, ctx.by_id[s.id].size, ctx.by_id[s.id].end, a, "") for s in sessions])


def _post_teacher_limits(rm: RelaxedModel, both: _Gates, teacher, entries) -> None:
    """A teacher's daily and weekly limits, each one group."""
    ctx, model = rm.ctx, rm.model
    for kind, cap, key in (("teacher_daily_limit", teacher.max_per_day, "day"),
                           ("teacher_weekly_limit", teacher.max_per_week, "week")):
        if cap is None or len(entries) <= cap:
            continue
        group = (kind, teacher.id)
        intervals = []
        for session, _ in entries:
            sv = ctx.by_id[session.id]
            p = both(sv, "t", teacher.id, sv.y[teacher.id], group)
            intervals.append(model.new_optional_fixed_size_interval_var(getattr(sv, key), 1, p, ""))
        model.add_cumulative(intervals, [1] * len(intervals), cap)


def _post_obligations(rm: RelaxedModel, teacher, entries) -> None:
    """A teacher's obligations, one group each, over the periods in force."""
    ctx, model, instance = rm.ctx, rm.model, rm.expansion.instance
    for n, obligation in enumerate(teacher.obligations):
        a = rm.literal(("teacher_obligation", teacher.id, str(n)))
        relevant = [s for s, _ in entries if obligation.topic is None or s.item.topic == obligation.topic]
        for first, last in period_windows(instance.term, obligation.period):
            counted = []
            for session in relevant:
                sv = ctx.by_id[session.id]
                inside = [sv.x[t] for t, slot in enumerate(session.slots) if first <= slot.date <= last]
                if not inside:
                    continue
                z = model.new_bool_var("")
                model.add_implication(z, sv.y[teacher.id])
                model.add_bool_or([z.Not(), *inside])
                counted.append(z)
            model.add(sum(counted) >= obligation.min_sessions).only_enforce_if(a)


def _post_candidates(rm: RelaxedModel, sv, chosen: dict, tags: dict, busy: dict, busy_kind: str) -> None:
    model = rm.model
    for who, use in chosen.items():
        for group in sorted(tags[who]):
            model.add_bool_or([use.Not(), rm.literal(group).Not()])
        forbidden = busy.get(who)
        if forbidden:
            allowed = [sv.x[t] for t in range(len(sv.x)) if t not in forbidden]
            model.add_bool_or([use.Not(), *allowed]).only_enforce_if(rm.literal((busy_kind, who)))


def _post_ordering(rm: RelaxedModel) -> None:
    ctx, model = rm.ctx, rm.model
    for class_id, pairs in rm.expansion.ordering_pairs.items():
        a = rm.literal(("ordering", class_id))
        for before, after in pairs:
            model.add(ctx.by_id[before.id].end <= ctx.by_id[after.id].start).only_enforce_if(a)


def rule_of(kind: str) -> str:
    """The id of the hard rule a kind of group relaxes (all of it, or a part)."""
    return PARTS_OF_RULES.get(kind, kind)


def group_order(group: Group) -> tuple:
    kind = group[0]
    return (GROUP_KINDS.index(kind) if kind in GROUP_KINDS else -1, group)
