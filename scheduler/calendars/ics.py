"""One iCalendar (RFC 5545) calendar per teacher, class or venue, built from a plan's history.

Deterministic by construction, so the same plan always gives the same bytes:
- an event's UID is a uuid5 of the instance name and the session id (never its time or room);
- its SEQUENCE is the plan revision at which the session last changed for that owner
  (`PlanSession.revision`, or `Cancellation.revision` for one the owner lost);
- its DTSTAMP (UTC) is derived from the term's first day and that SEQUENCE, so it rises
  with every change and never depends on the clock;
- events are sorted by start, then session id.

A session an owner lost in a replan stays in their calendar as STATUS:CANCELLED with the
higher SEQUENCE of the cancellation, so calendar apps remove it instead of keeping a ghost.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vDuration

from scheduler.domain import InputError, Instance, Plan, PlanSession
from scheduler.files import (
    TEMP_FILE,
    carry,
    ensure_writable,
    fit_name,
    link_or_copy,
    staged_directory,
    write_new,
)
from scheduler.history import calendar_events
from scheduler.text import MODE_NAMES

# Never change these two: calendar apps recognise an event by its UID.
NAMESPACE = uuid.UUID("7a572b36-ded9-5aa1-87f7-146ca604cdc5")  # uuid5(URL, ".../calendars")
PRODID = "-//party-school-scheduler//calendars//ZH"

OWNER_KINDS = ("teacher", "class", "venue")
REFRESH = dt.timedelta(hours=1)  # asked of subscribing apps (RFC 7986 REFRESH-INTERVAL)
EVENING = dt.time(20, 0)  # the evening-before reminder fires at this local time
ONE_HOUR = dt.timedelta(hours=1)

# --- User-facing text of the calendars (Chinese) -------------------------------------------
KIND_NAMES = {"teacher": "教师", "class": "班次", "venue": "场地"}
CALENDAR_NAMES = {
    "teacher": "{name}的授课安排（{term}）",
    "class": "{name}课程表（{term}）",
    "venue": "{name}使用安排（{term}）",
}
CALENDAR_DESCRIPTION = ("{term}，排课计划第 {revision} 版。请订阅本日历以接收调整；"
                        "重复导入同一个 .ics 文件会在部分日历应用中产生重复日程。")
CANCELLED_PREFIX = "【已取消】"
CANCELLED_LINES = {
    "teacher": "您已不再承担这次课（第 {revision} 版计划调整）。",
    "class": "这次课已取消（第 {revision} 版计划调整）。",
    "venue": "这次课已不在本场地上课（第 {revision} 版计划调整）。",
}
SUMMARY = "{title}（{classes}）"
ONLINE = "线上授课（{site}组织）"
DESCRIPTION_LINES = {
    "classes": "班次：{value}",
    "trainees": "学员：{value}人",
    "topic": "专题：{value}",
    "mode": "方式：{value}",
    "blocks": "时段：{value}",
    "co_teachers": "合讲教师：{value}",
    "teachers": "授课教师：{value}",
    "location": "地点：{value}",
    "id": "课次编号：{value}",
}
REMINDER_EVENING = "明天 {start} {title}，地点：{location}"
REMINDER_SOON = "{start} {title}，地点：{location}"
LIST_SEPARATOR = "、"
PLACE_SEPARATOR = "，"
PLAN_PROBLEM = "计划中的课次 {session} 引用了实例中没有的{what} {id!r}"
PLAN_PROBLEM_WHAT = {"classes": "班次", "teachers": "教师", "venue": "场地", "topic": "专题",
                     "site": "学校"}
NOT_AN_EXPORT = ("{out} 不是空目录，也不是 export-ics 导出过的目录（其中没有 {index}）：导出会整体替换"
                 "这个目录，为免误删其中的文件，请换一个新的或空的目录")

# Line breaks and other control characters: a name is one line, and iCalendar TEXT has no
# place for the others (an unescaped line break even makes the library fail).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def plain(text: str) -> str:
    """Text from the instance or plan on one line, without control characters."""
    return CONTROL.sub(" ", text).strip()


@dataclass(frozen=True)
class Owner:
    """Whose calendar: a teacher, a class or a venue of the instance."""

    kind: str
    id: str
    name: str
    home_township: str | None  # reminders the evening before for sessions away from it


def owners(instance: Instance, kind: str) -> list[Owner]:
    """Every teacher, class or venue of the instance, in the instance's order."""
    if kind == "teacher":
        return [Owner("teacher", t.id, plain(t.name), t.township) for t in instance.teachers]
    if kind == "class":
        return [Owner("class", c.id, plain(c.name), instance.site(c.site).township) for c in instance.classes]
    if kind == "venue":
        return [Owner("venue", v.id, plain(v.name), None) for v in instance.venues]
    raise ValueError(kind)


def event_uid(instance_name: str, session_id: str) -> str:
    """The UID of a session's event: the same in every export of every revision of the plan."""
    return str(uuid.uuid5(NAMESPACE, f"{instance_name}/{session_id}"))


def stamp(instance: Instance, sequence: int) -> dt.datetime:
    """The DTSTAMP of an event at a SEQUENCE: deterministic, UTC, rising with the SEQUENCE."""
    first = dt.datetime.combine(instance.term.start, dt.time(0), tzinfo=dt.timezone.utc)
    return first + dt.timedelta(seconds=sequence)


def set_sequence(event: Event, instance: Instance, sequence: int) -> None:
    """Give an event a new SEQUENCE and the DTSTAMP that goes with it."""
    event.sequence = sequence
    event.DTSTAMP = stamp(instance, sequence)


def plan_problems(instance: Instance, plan: Plan) -> list[str]:
    """References of the plan's sessions that the instance does not know (bad input)."""
    lookups = {"classes": instance.term_class, "teachers": instance.teacher, "venue": instance.venue,
               "topic": instance.topic, "site": instance.site}
    problems = []
    for session in plan.sessions:
        for field, lookup in lookups.items():
            value = getattr(session, field)
            for ref in value if isinstance(value, list) else ([value] if value else []):
                try:
                    lookup(ref)
                except KeyError:
                    problems.append(PLAN_PROBLEM.format(session=session.id, what=PLAN_PROBLEM_WHAT[field],
                                                        id=ref))
    return problems


# --- Building one calendar ------------------------------------------------------------------

@dataclass(frozen=True)
class OwnerCalendar:
    owner: Owner
    calendar: Calendar
    active: int
    cancelled: int

    @property
    def name(self) -> str:
        return str(self.calendar["X-WR-CALNAME"])

    def to_ical(self) -> bytes:
        return self.calendar.to_ical()


def calendar_name(instance: Instance, owner: Owner) -> str:
    return CALENDAR_NAMES[owner.kind].format(name=plain(owner.name), term=plain(instance.term.name))


def build_calendar(instance: Instance, plan: Plan, owner: Owner) -> OwnerCalendar:
    """The owner's calendar (METHOD:PUBLISH): their sessions, and the ones they lost, cancelled."""
    events = owner_events(instance, plan, owner)
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", name=calendar_name(instance, owner),
        description=CALENDAR_DESCRIPTION.format(term=plain(instance.term.name), revision=plan.revision),
        uid=uuid.uuid5(NAMESPACE, f"{instance.name}/{owner.kind}/{owner.id}"),
    )
    # RFC 7986 §5.7 requires the VALUE parameter, which `Calendar.new(refresh_interval=…)` omits.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", instance.term.timezone)
    for event in events:
        calendar.add_component(event)
    add_timezone(calendar, instance, events)
    cancelled = sum(1 for e in events if e.get("STATUS") == "CANCELLED")
    return OwnerCalendar(owner, calendar, len(events) - cancelled, cancelled)


def event_resource(instance: Instance, event: Event) -> bytes:
    """One event as a CalDAV calendar object resource: VTIMEZONE and the VEVENT, without
    METHOD (RFC 4791 section 4.1 forbids it in a calendar collection)."""
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    add_timezone(calendar, instance, [event])
    return calendar.to_ical()


def add_timezone(calendar: Calendar, instance: Instance, events: list[Event]) -> None:
    """The term's VTIMEZONE, limited to the term's dates (else Asia/Shanghai carries its
    1986-91 daylight-saving rules); also in a calendar without events, which stays valid."""
    days = [instance.term.start, instance.term.end] + [e.start.date() for e in events]
    first, last = min(days), max(days) + dt.timedelta(days=1)
    calendar.subcomponents.insert(0, Timezone.from_ical(_vtimezone(instance.term.timezone, first, last)))
    calendar.add_missing_timezones(first_date=first, last_date=last)  # any other zone in use


@functools.lru_cache(maxsize=16)
def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """Building a VTIMEZONE from zoneinfo takes about 20 ms: once per export, not per calendar."""
    return Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()


def owner_events(instance: Instance, plan: Plan, owner: Owner) -> list[Event]:
    """The owner's VEVENTs, sorted: active sessions, and lost ones as cancelled."""
    active, lost = calendar_events(plan, owner.kind, owner.id)
    entries = [(s, s.revision, False) for s in active] + [(e.session, e.revision, True) for e in lost]
    entries.sort(key=lambda entry: (entry[0].date, entry[0].start, entry[0].id))
    return [_event(instance, owner, session, sequence, cancelled) for session, sequence, cancelled in entries]


def _event(instance: Instance, owner: Owner, session: PlanSession, sequence: int,
           cancelled: bool) -> Event:
    zone = ZoneInfo(instance.term.timezone)
    start = dt.datetime.combine(session.date, _clock(session.start), tzinfo=zone)
    end = dt.datetime.combine(session.date, _clock(session.end), tzinfo=zone)
    location, township = _place(instance, session)
    summary = SUMMARY.format(title=plain(session.title), classes=_class_names(instance, session.classes))
    description = _description(instance, owner, session, location)
    if cancelled:
        summary = CANCELLED_PREFIX + summary
        description = CANCELLED_LINES[owner.kind].format(revision=sequence) + "\n" + description
    event = Event.new(
        uid=event_uid(instance.name, session.id),
        stamp=stamp(instance, sequence),
        sequence=sequence,
        start=start,
        end=end,
        summary=summary,
        location=location,
        description=description,
        categories=[_name(instance.topic, session.topic)],
        organizer=_organizer(instance),
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="TRANSPARENT" if cancelled else "OPAQUE",
    )
    if not cancelled:  # nobody should be reminded of a session they no longer have
        event.add_component(_reminder(owner, session, start, township, location))
    return event


def _reminder(owner: Owner, session: PlanSession, start: dt.datetime, township: str | None,
              location: str) -> Alarm:
    """The evening before for field sessions and sessions away from home; else an hour before."""
    away = owner.home_township is not None and township is not None and township != owner.home_township
    if session.mode == "field" or away:
        evening = dt.datetime.combine(start.date() - dt.timedelta(days=1), EVENING, tzinfo=start.tzinfo)
        text = REMINDER_EVENING.format(start=session.start, title=plain(session.title), location=location)
        return Alarm.new_display(description=text, trigger=evening - start)
    text = REMINDER_SOON.format(start=session.start, title=plain(session.title), location=location)
    return Alarm.new_display(description=text, trigger=-ONE_HOUR)


def _place(instance: Instance, session: PlanSession) -> tuple[str, str | None]:
    """The LOCATION text (venue, school, township, address) and the township it is in."""
    if session.venue is None:
        return ONLINE.format(site=_name(instance.site, session.site)), None
    try:
        venue = instance.venue(session.venue)
    except KeyError:  # an old cancellation of a venue the instance no longer has
        return session.venue, None
    site = instance.site(venue.site) if venue.site else None
    township = venue.township or (site.township if site else None)
    parts = [plain(venue.name)]
    if site is not None and site.name not in venue.name:
        parts.append(plain(site.name))
    if township is not None:
        parts.append(_name(instance.township, township))
    address = venue.address or (site.address if site else None)
    if address:
        parts.append(plain(address))
    return PLACE_SEPARATOR.join(parts), township


def _description(instance: Instance, owner: Owner, session: PlanSession, location: str) -> str:
    lines = DESCRIPTION_LINES
    rows = [
        lines["classes"].format(value=_class_names(instance, session.classes)),
        lines["trainees"].format(value=_trainees(instance, session)),
        lines["topic"].format(value=_name(instance.topic, session.topic)),
        lines["mode"].format(value=MODE_NAMES.get(session.mode, session.mode)),
        lines["blocks"].format(value=LIST_SEPARATOR.join(plain(b) for b in session.blocks)
                               + f"（{session.start}–{session.end}）"),
    ]
    if owner.kind == "teacher":
        others = [t for t in session.teachers if t != owner.id]
        if others:
            rows.append(lines["co_teachers"].format(value=_teacher_names(instance, others)))
    else:
        rows.append(lines["teachers"].format(value=_teacher_names(instance, session.teachers)))
    rows.append(lines["location"].format(value=location))
    rows.append(lines["id"].format(value=session.id))
    return "\n".join(rows)


def _trainees(instance: Instance, session: PlanSession) -> int:
    class_id, _, rest = session.id.partition("/")
    try:
        item = instance.term_class(class_id).item(rest.rpartition("/")[0])
    except KeyError:
        item = None
    return instance.audience(item, session.classes)


def _organizer(instance: Instance) -> vCalAddress:
    """The county school (the county-tier site; else the first site). The instance gives no
    e-mail address, so the address is a stable urn:uuid and the name goes in CN."""
    school = next((s for s in instance.sites if s.tier == "county"), instance.sites[0])
    address = vCalAddress(f"urn:uuid:{uuid.uuid5(NAMESPACE, instance.name + '/organizer')}")
    address.params["CN"] = plain(school.name)
    return address


def _class_names(instance: Instance, ids: list[str]) -> str:
    return LIST_SEPARATOR.join(_name(instance.term_class, c) for c in ids)


def _teacher_names(instance: Instance, ids: list[str]) -> str:
    return LIST_SEPARATOR.join(_name(instance.teacher, t) for t in ids)


def _name(lookup, record_id: str) -> str:
    """A record's name; its id when the instance no longer has it (an old cancellation)."""
    try:
        return plain(lookup(record_id).name)
    except KeyError:
        return record_id


def _clock(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


# --- A directory of calendars ---------------------------------------------------------------

INDEX_NAME = "index.csv"
NOTE_NAME = "README.txt"
INDEX_HEADERS = ("文件", "类别", "id", "名称", "课次", "已取消", "日历名称")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOTE = """\
{term}：排课计划第 {revision} 版的日历（iCalendar .ics 文件）

{index} 列出每个文件是谁的日历（教师、班次或场地）以及其中的课次数。

- 每次课是一个日程，时间为当地时间（{timezone}）；现场教学和离家较远的课前一天晚上提醒，其余课前一小时提醒。
- 计划调整后，同一次课的日程标识不变、版本号（SEQUENCE）增加；不再上的课标为“已取消”。
- 注意：.ics 文件只适合第一次导入。再次导入调整后的文件，在部分日历应用（如 Outlook 桌面版）中会
  产生重复日程，Google 日历、Nextcloud 等则会拒绝或忽略。要随计划自动更新，请订阅日历
  （https/webcal 地址或 CalDAV 日历，见 scheduler publish）。
- 订阅的刷新间隔由日历应用决定：Google 日历约 8–24 小时，网页版 Outlook 约 3 小时，
  苹果日历默认 Mac 每小时、iPhone 每天；临近上课的调整请另行电话或短信通知。
"""


@dataclass(frozen=True)
class ExportedFile:
    file: str
    calendar: OwnerCalendar


def calendar_filename(owner: Owner) -> str:
    """A safe file name from the owner's id (ids may be Chinese, never contain "/"); a very
    long one is cut short with a hash of the id, within what every file system allows."""
    safe = re.sub(r"[^\w.\-]", "_", owner.id)
    return fit_name(f"{owner.kind}-{safe}.ics")


def export_directory(instance: Instance, plan: Plan, kinds: list[str], out: str | Path
                     ) -> list[ExportedFile]:
    """Write one .ics per owner, the note and the index into `out`, all or nothing.

    The new directory is built beside `out` and takes its place in one step, so a reader (or
    a crash) sees the whole old export or the whole new one. The export owns the calendars it
    lists in its index, the index and the note: calendars a previous export listed and this
    one does not go; every other file in `out` is carried over. A file whose bytes do not
    change is carried over too (same modification time); a changed one keeps its mode.
    A non-empty `out` that holds no index of an export is refused, never replaced.
    """
    out = Path(out)
    old = Path(os.path.realpath(out)) if out.is_symlink() else out
    present = _entries(old)
    if present and not _is_export(old):
        raise InputError([NOT_AN_EXPORT.format(out=out, index=INDEX_NAME)])
    ensure_writable(out, directory=True)

    exported: list[ExportedFile] = []
    taken: set[str] = set()
    for kind in kinds:
        for owner in owners(instance, kind):
            name = _unique(calendar_filename(owner), taken)
            exported.append(ExportedFile(name, build_calendar(instance, plan, owner)))
    files = {entry.file: entry.calendar.to_ical() for entry in exported}
    files[NOTE_NAME] = NOTE.format(term=plain(instance.term.name), revision=plan.revision, index=INDEX_NAME,
                                   timezone=instance.term.timezone).encode("utf-8")
    files[INDEX_NAME] = _index(exported)
    owned = _listed_files(old / INDEX_NAME) | set(files)
    with staged_directory(out) as stage:
        for name, content in files.items():
            _write_or_keep(stage / name, content, old / name)
        for name in sorted(set(present) - owned):
            carry(old / name, stage / name)
    return exported


def _entries(folder: Path) -> list[str]:
    """The names in an existing directory, without what a killed writer left (`.x.abc.tmp`)."""
    try:
        return [name for name in os.listdir(folder) if not TEMP_FILE.match(name)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _is_export(folder: Path) -> bool:
    """Whether a directory holds an export: an index.csv with our header."""
    try:
        with (folder / INDEX_NAME).open(encoding="utf-8-sig", newline="") as handle:
            return tuple(next(csv.reader(handle), ())) == INDEX_HEADERS
    except (OSError, UnicodeDecodeError, csv.Error):
        return False


def _write_or_keep(path: Path, content: bytes, old: Path) -> None:
    try:
        if not old.is_symlink() and old.is_file() and old.read_bytes() == content:
            link_or_copy(old, path)
            return
        mode = stat.S_IMODE(old.stat().st_mode)
    except OSError:
        mode = None
    write_new(path, content, mode)


def _unique(name: str, taken: set[str]) -> str:
    """Two ids that differ only in case would share a file on Windows and macOS: number them."""
    stem, suffix = name[: -len(".ics")], ".ics"
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def _index(exported: list[ExportedFile]) -> bytes:
    """A CSV with a BOM, so that Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INDEX_HEADERS)
    for entry in exported:
        cal = entry.calendar
        writer.writerow([entry.file, KIND_NAMES[cal.owner.kind], _cell(cal.owner.id), _cell(cal.owner.name),
                         cal.active, cal.cancelled, _cell(cal.name)])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP CSV injection): one that
    starts with = + - @, a tab or a carriage return gets a leading apostrophe."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def _listed_files(index: Path) -> set[str]:
    """The .ics files a previous export listed (only plain names in the directory)."""
    try:
        rows = list(csv.reader(io.StringIO(index.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return set()
    return {row[0] for row in rows[1:]
            if row and row[0].endswith(".ics") and Path(row[0]).name == row[0]
            and row[0].startswith(tuple(f"{kind}-" for kind in OWNER_KINDS))}
