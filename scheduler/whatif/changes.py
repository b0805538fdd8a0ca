"""What-if changes: a teacher drops out, a venue closes, days are lost, a teacher is busy.

A change is written on the command line or in a small YAML change file, so a what-if can be
kept and replayed:

    from: 2023-04-10            # optional: sessions before this date are history
    changes:
      - drop_teacher: t05       # for the rest of the term, or `until` a date
        from: 2023-04-10
      - close_venue: hall
        dates: 2023-04-12..2023-04-14
      - block_dates: 2023-04-20..2023-04-21
        site: qy                # or tier: township; neither = every site
      - add_unavailability: t03
        dates: 2023-04-15..2023-04-16
        blocks: [上午, 下午]
    weights: {teacher: 4, backup: 1, date: 3, block: 2, venue: 1, kind: 2}

Applying changes gives a new instance: each change becomes a blackout (so the checker and the
solver read it like any other), clipped to the dates on or after the replan's `from` date,
because what happened before it is history. A dropped teacher is also no longer required
for the items that named them (the item keeps its number of teachers), and, when dropped for
the rest of the term, their teaching obligations lapse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scheduler.domain.instance import Instance
from scheduler.domain.loading import InputError, load_yaml_model
from scheduler.domain.values import DateRange, DateRangeField, Id, TierField
from scheduler.text import TIER_NAMES
from scheduler.whatif import messages as msg

CHANGE_KINDS = ("drop_teacher", "close_venue", "block_dates", "add_unavailability")


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    drop_teacher: Id | None = Field(None, description="停用的教师 id")
    close_venue: Id | None = Field(None, description="关闭的场地 id")
    block_dates: DateRangeField | None = Field(None, description="停课的日期范围")
    add_unavailability: Id | None = Field(None, description="增加不可用时间的教师 id")
    from_: dt.date | None = Field(None, alias="from", description="停用教师：从哪天起（默认为重排起始日）")
    until: dt.date | None = Field(None, description="停用教师：到哪天为止（含；默认为学期结束）")
    dates: DateRangeField | None = Field(None, description="关闭场地、增加不可用时间：日期范围")
    blocks: list[str] | None = Field(None, description="增加不可用时间：时段（默认全天）")
    site: Id | None = Field(None, description="停课：只限这所学校")
    tier: TierField | None = Field(None, description="停课：只限这一级学校")
    note: str | None = None

    @model_validator(mode="after")
    def _one_action(self) -> Change:
        given = [kind for kind in CHANGE_KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError(msg.ONE_KIND.format(kinds=" / ".join(CHANGE_KINDS), count=len(given)))
        kind = given[0]
        allowed = {"drop_teacher": {"from_", "until"}, "close_venue": {"dates"},
                   "block_dates": {"site", "tier"}, "add_unavailability": {"dates", "blocks"}}[kind]
        extra = [name.rstrip("_") for name in ("from_", "until", "dates", "blocks", "site", "tier")
                 if getattr(self, name) is not None and name not in allowed]
        if extra:
            raise ValueError(msg.UNUSED_FIELDS.format(kind=kind, fields=", ".join(extra)))
        if kind in ("close_venue", "add_unavailability") and self.dates is None:
            raise ValueError(msg.NEEDS_DATES.format(kind=kind))
        if self.site is not None and self.tier is not None:
            raise ValueError(msg.SITE_OR_TIER)
        if self.from_ and self.until and self.until < self.from_:
            raise ValueError(msg.UNTIL_BEFORE_FROM.format(until=self.until, from_=self.from_))
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in CHANGE_KINDS if getattr(self, kind) is not None)

    def first_date(self) -> dt.date | None:
        """The first date the change takes away (None: a dropped teacher with no date)."""
        if self.kind == "drop_teacher":
            return self.from_
        span = self.block_dates if self.kind == "block_dates" else self.dates
        return span.start

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class ChangeWeights(BaseModel):
    """What each kind of change costs; the replan minimises their weighted sum first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    teacher: int = Field(4, ge=0, description="课次每换一位新教师")
    kind: int = Field(2, ge=0, description="新教师与原教师类型不同（另加）")
    date: int = Field(3, ge=0, description="课次换了日期")
    block: int = Field(2, ge=0, description="课次换了时段（一天中的时间）")
    venue: int = Field(1, ge=0, description="课次换了场地")
    backup: int = Field(1, ge=0, description="课次换上本课程项的B角（代替 teacher 与 kind）")


class ChangeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: dt.date | None = Field(None, alias="from", description="此日期之前的课次不变")
    changes: list[Change] = Field(default_factory=list)
    weights: ChangeWeights = Field(default_factory=ChangeWeights)


def load_changes(path: str) -> ChangeFile:
    return load_yaml_model(path, ChangeFile, msg.CHANGES_WHAT)


def replan_start(changes: list[Change], given: dt.date | None, today: dt.date) -> dt.date:
    """Where history ends: `--from` when given, else the first changed date (today for a
    teacher dropped without a date)."""
    if given is not None:
        return given
    firsts = [change.first_date() or today for change in changes]
    return min(firsts) if firsts else today


def check_references(instance: Instance, changes: list[Change], source: str,
                     item_label: str = msg.CHANGE_ITEM) -> None:
    """Every id a change names exists; InputError naming the change and field otherwise.
    `item_label` names a change by its number `n` (from 1), `index` (from 0) and `kind`."""
    problems = []
    block_names = {block.name for site in instance.sites for block in site.blocks}
    for n, change in enumerate(changes, start=1):
        where = f"{source}：{item_label.format(n=n, index=n - 1, kind=change.kind)}"
        lookups = {"drop_teacher": instance.teacher, "add_unavailability": instance.teacher,
                   "close_venue": instance.venue}
        if change.kind in lookups:
            target = getattr(change, change.kind)
            try:
                lookups[change.kind](target)
            except KeyError:
                problems.append(msg.UNKNOWN_TARGET.format(where=where, field=change.kind,
                                                          what=msg.TARGET_WHAT[change.kind], id=target))
        if change.site is not None:
            try:
                instance.site(change.site)
            except KeyError:
                problems.append(msg.UNKNOWN_SITE.format(where=where, id=change.site))
        for block in change.blocks or []:
            if block not in block_names:
                known = "、".join(sorted(block_names))
                problems.append(msg.UNKNOWN_BLOCK.format(where=where, block=block, known=known))
    if problems:
        raise InputError(problems)


def apply_changes(instance: Instance, changes: list[Change], start: dt.date) -> Instance:
    """The instance with the changes in force from `start` on (see the module docstring)."""
    data = instance.model_dump(mode="json", by_alias=True)
    blackouts = data.setdefault("blackouts", [])
    term_end = instance.term.end
    for change in changes:
        span = _span(change, start, term_end)
        if span is None:
            continue  # entirely in the past: history is not rewritten
        when: dict[str, Any] = {"dates": [f"{span.start}..{span.end}"]}
        name = msg.BLACKOUT_NAME.format(change=describe(instance, change))
        if change.kind == "drop_teacher":
            blackouts.append({"name": name, "when": when, "teachers": [change.drop_teacher]})
            _release(data, change.drop_teacher, lapse_obligations=change.until is None)
        elif change.kind == "close_venue":
            blackouts.append({"name": name, "when": when, "venues": [change.close_venue]})
        elif change.kind == "block_dates":
            scope: dict[str, Any] = {}
            if change.site:
                scope["sites"] = [change.site]
            if change.tier:
                scope["tiers"] = [change.tier.value]
            blackouts.append({"name": name, "when": when, **scope})
        else:
            if change.blocks:
                when["blocks"] = list(change.blocks)
            blackouts.append({"name": name, "when": when, "teachers": [change.add_unavailability]})
    return Instance.model_validate(data)


def _span(change: Change, start: dt.date, term_end: dt.date) -> DateRange | None:
    if change.kind == "drop_teacher":
        first, last = change.from_ or start, change.until or term_end
    else:
        span = change.block_dates if change.kind == "block_dates" else change.dates
        first, last = span.start, span.end
    first = max(first, start)
    if last < first:
        return None
    return DateRange(start=first, end=last)


def _release(data: dict, teacher_id: str, lapse_obligations: bool) -> None:
    """A dropped teacher is no longer required by name; items keep their number of teachers."""
    for term_class in data["classes"]:
        for item in term_class["curriculum"]:
            named = item.get("teachers") or []
            if teacher_id in named:
                item["teacher_count"] = item.get("teacher_count") or max(1, len(named))
                item["teachers"] = [t for t in named if t != teacher_id]
    if lapse_obligations:
        for teacher in data["teachers"]:
            if teacher["id"] == teacher_id:
                teacher["obligations"] = []


def describe(instance: Instance, change: Change, start: dt.date | None = None) -> str:
    """The change in the user's words."""
    def teacher(tid: str) -> str:
        try:
            return f"{instance.teacher(tid).name}({tid})"
        except KeyError:
            return tid

    if change.kind == "drop_teacher":
        span = msg.SINCE.format(start=change.from_ or start or msg.REPLAN_START) + (
            msg.UNTIL.format(until=change.until) if change.until else msg.TO_TERM_END)
        return msg.DROPPED.format(teacher=teacher(change.drop_teacher), span=span)
    if change.kind == "close_venue":
        try:
            venue = f"{instance.venue(change.close_venue).name}({change.close_venue})"
        except KeyError:
            venue = change.close_venue
        return msg.CLOSED.format(venue=venue, start=change.dates.start, end=change.dates.end)
    if change.kind == "block_dates":
        scope = (msg.SCHOOL.format(site=change.site) if change.site else
                 msg.ALL_OF_TIER.format(tier=TIER_NAMES[change.tier]) if change.tier else msg.ALL_SCHOOLS)
        return msg.BLOCKED.format(scope=scope, start=change.block_dates.start, end=change.block_dates.end)
    blocks = "、".join(change.blocks) if change.blocks else msg.WHOLE_DAY
    return msg.UNAVAILABLE.format(teacher=teacher(change.add_unavailability), start=change.dates.start,
                                  end=change.dates.end, blocks=blocks)


def parse_inline(kind: str, text: str, dates: DateRange | None, blocks: list[str] | None,
                 site: str | None, tier: str | None, until: dt.date | None) -> Change:
    """A change from the command line: `ID`, or `ID@A..B` with its own dates."""
    target, _, own = text.partition("@")
    span = own or None
    if kind == "drop_teacher":
        data: dict[str, Any] = {"drop_teacher": target}
        if span:
            first, _, last = span.partition("..")
            data["from"] = first
            if last:
                data["until"] = last
        elif until:
            data["until"] = until
        return Change.model_validate(data)
    if kind == "block_dates":
        data = {"block_dates": text}
        if site:
            data["site"] = site
        if tier:
            data["tier"] = tier
        return Change.model_validate(data)
    data = {kind: target, "dates": span or (f"{dates.start}..{dates.end}" if dates else None)}
    if kind == "add_unavailability" and blocks:
        data["blocks"] = blocks
    return Change.model_validate({k: v for k, v in data.items() if v is not None})
