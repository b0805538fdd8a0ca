"""iCal export: every session once per owner at the right local time, deterministic bytes,
stable UIDs and rising SEQUENCEs across replans, cancelled events, and the command line."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest
import vobject
import yaml
from click.testing import CliRunner

from scheduler.calendars import Owner, calendar_filename, event_uid
from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.domain.plan import Plan
from scheduler.history import succeed

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
CHECK = (DATA / "check" / "instance.yaml", DATA / "check" / "plan.json")
BUNDLED = [
    (ROOT / "instances" / "jiaocheng-2022.yaml", ROOT / "tests" / "data" / "baselines" / "jiaocheng-2022.json"),
    (ROOT / "instances" / "qingxu-2023-spring.yaml", ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"),
    CHECK,
]
SHANGHAI = dt.timedelta(hours=8)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def export(instance: Path, plan: Path, out: Path, by: str = "all") -> Path:
    result = run("export-ics", instance, plan, "--out", out, "--by", by)
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> tuple[icalendar.Calendar, vobject.base.Component]:
    """The file parsed by icalendar and, independently and validating, by vobject."""
    data = path.read_bytes()
    return icalendar.Calendar.from_ical(data), vobject.readOne(data.decode("utf-8"), validate=True)


def local(date: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(date, dt.time.fromisoformat(clock))


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), "an event appears twice"
    return dict(zip(uids, events))


def replanned(plan_path: Path, **edits: dict) -> Plan:
    base = load_plan(plan_path)
    sessions = [s.model_copy(update=edits.get(s.id, {})) for s in base.sessions if edits.get(s.id) != "drop"]
    return succeed(base, base.model_copy(update={"sessions": sessions}))


def write_plan(plan: Plan, path: Path) -> Path:
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("instance_path, plan_path", BUNDLED, ids=lambda p: p.stem)
def test_every_session_is_in_each_owners_calendar_once_at_its_local_time(tmp_path, instance_path, plan_path):
    instance, plan = load_instance(instance_path), load_plan(plan_path)
    out = export(instance_path, plan_path, tmp_path / "ics")
    index = list(csv.DictReader((out / "index.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {row["文件"] for row in index} == {p.name for p in out.glob("*.ics")}
    assert len(index) == len(instance.teachers) + len(instance.classes) + len(instance.venues)
    kinds = {"教师": "teacher", "班次": "class", "场地": "venue"}

    for row in index:
        kind, owner_id = kinds[row["类别"]], row["id"]
        expected = {event_uid(plan.instance, s.id): s for s in plan.sessions
                    if (kind == "teacher" and owner_id in s.teachers)
                    or (kind == "class" and owner_id in s.classes)
                    or (kind == "venue" and s.venue == owner_id)}
        ical, vcal = read(out / row["文件"])
        assert int(row["课次"]) == len(expected)

        # icalendar: each expected session exactly once, in Asia/Shanghai, at its local times
        events = events_by_uid(ical)
        assert set(events) == set(expected)
        for uid, event in events.items():
            session = expected[uid]
            assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
            assert event.start.replace(tzinfo=None) == local(session.date, session.start)
            assert event.end.replace(tzinfo=None) == local(session.date, session.end)
            assert event.start.utcoffset() == SHANGHAI
            assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == session.revision
        [timezone] = ical.walk("VTIMEZONE")
        assert timezone["TZID"] == "Asia/Shanghai" and not timezone.walk("DAYLIGHT")  # no 1986-91 DST

        # vobject, an independent parser that validates
        seen = [e.uid.value for e in getattr(vcal, "vevent_list", [])]
        assert sorted(seen) == sorted(expected)
        for vevent in getattr(vcal, "vevent_list", []):
            session = expected[vevent.uid.value]
            zone = vobject.icalendar.TimezoneComponent.pickTzid(vevent.dtstart.value.tzinfo)
            assert zone == "Asia/Shanghai"
            assert vevent.dtstart.value.utcoffset() == SHANGHAI
            assert vevent.dtstart.value.replace(tzinfo=None) == local(session.date, session.start)
            assert vevent.dtend.value.replace(tzinfo=None) == local(session.date, session.end)

    # every session of the plan is in each of its teachers' calendars exactly once
    files = {(kinds[row["类别"]], row["id"]): row["文件"] for row in index}
    calendars = {owner_id: events_by_uid(read(out / name)[0]) for (kind, owner_id), name in files.items()
                 if kind == "teacher"}
    for session in plan.sessions:
        for teacher in session.teachers:
            assert event_uid(plan.instance, session.id) in calendars[teacher], (session.id, teacher)


def test_exporting_the_same_plan_twice_gives_identical_bytes(tmp_path):
    for instance_path, plan_path in (BUNDLED[0], CHECK):
        first = export(instance_path, plan_path, tmp_path / f"{instance_path.stem}-1")
        second = export(instance_path, plan_path, tmp_path / f"{instance_path.stem}-2")
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir()) and len(names) > 3
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_replanned_plan_keeps_uids_raises_sequences_and_cancels_what_was_lost(tmp_path):
    instance_path, plan_path = CHECK
    second = replanned(plan_path, **{
        "c1/theory/2": {"date": dt.date(2022, 5, 25)},  # moved
        "c1/joint/1": {"teachers": ["t02"]},  # t01 loses it, t02 gains it
    })
    before = export(instance_path, plan_path, tmp_path / "r1")
    after = export(instance_path, write_plan(second, tmp_path / "r2.json"), tmp_path / "r2")
    uid = {s: event_uid("check-small", s) for s in ("c1/theory/1", "c1/theory/2", "c1/joint/1", "c3/party/1")}

    old, new = (events_by_uid(read(d / "teacher-t06.ics")[0]) for d in (before, after))
    assert old[uid["c1/theory/1"]].to_ical() == new[uid["c1/theory/1"]].to_ical()  # unchanged
    moved_old, moved = old[uid["c1/theory/2"]], new[uid["c1/theory/2"]]
    assert (moved_old["SEQUENCE"], moved["SEQUENCE"]) == (1, 2)
    assert moved.start.replace(tzinfo=None) == dt.datetime(2022, 5, 25, 8, 30)
    assert moved["DTSTAMP"].dt > moved_old["DTSTAMP"].dt

    lost = events_by_uid(read(after / "teacher-t01.ics")[0])[uid["c1/joint/1"]]
    assert lost["STATUS"] == "CANCELLED" and lost["SEQUENCE"] == 2
    assert str(lost["SUMMARY"]).startswith("【已取消】") and not lost.walk("VALARM")
    assert lost.start.replace(tzinfo=None) == dt.datetime(2022, 5, 24, 14, 30)  # as it was shown
    gained = events_by_uid(read(after / "teacher-t02.ics")[0])[uid["c1/joint/1"]]
    assert gained["STATUS"] == "CONFIRMED" and gained["SEQUENCE"] == 2
    for name in ("class-c1.ics", "class-c2.ics"):  # the classes keep it, with the new teacher
        kept = events_by_uid(read(after / name)[0])[uid["c1/joint/1"]]
        assert kept["STATUS"] == "CONFIRMED" and kept["SEQUENCE"] == 2 and "李芳" in str(kept["DESCRIPTION"])

    # a third revision drops a session: everyone who had it gets it cancelled at revision 3
    third = succeed(second, second.model_copy(update={
        "sessions": [s for s in second.sessions if s.id != "c3/party/1"]}))
    last = export(instance_path, write_plan(third, tmp_path / "r3.json"), tmp_path / "r3")
    for name in ("teacher-t03.ics", "class-c3.ics", "venue-qyroom.ics"):
        event = events_by_uid(read(last / name)[0])[uid["c3/party/1"]]
        assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 3), name
    carried = events_by_uid(read(last / "teacher-t01.ics")[0])[uid["c1/joint/1"]]
    assert (carried["STATUS"], carried["SEQUENCE"]) == ("CANCELLED", 2)


def test_a_teacher_without_sessions_gets_an_empty_valid_calendar(tmp_path):
    out = export(*CHECK, tmp_path / "ics", by="teacher")
    ical, vcal = read(out / "teacher-t07.ics")  # 孙律师 teaches nothing in this plan
    assert ical.walk("VEVENT") == [] and getattr(vcal, "vevent_list", []) == []
    assert [tz["TZID"] for tz in ical.walk("VTIMEZONE")] == ["Asia/Shanghai"]  # at least one component
    ical.validate()
    assert "孙律师" in str(ical["X-WR-CALNAME"]) and "2022年春季学期" in str(ical["X-WR-CALNAME"])
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in (out / "teacher-t07.ics").read_text(encoding="utf-8")


def test_event_content_location_description_categories_and_reminders(tmp_path):
    out = export(*CHECK, tmp_path / "ics")
    t01, _ = read(out / "teacher-t01.ics")
    assert t01["METHOD"] == "PUBLISH" and t01["PRODID"] and t01["VERSION"] == "2.0"
    assert t01["X-WR-CALNAME"] == "王建国的授课安排（2022年春季学期（5—6月））"
    data = (out / "teacher-t01.ics").read_bytes()
    assert b"ATTENDEE" not in data and data.count(b"\r\n") == data.count(b"\n")  # CRLF lines
    events = events_by_uid(t01)
    joint = events[event_uid("check-small", "c1/joint/1")]
    assert joint["SUMMARY"] == "防范非法集资条例解读（乡村振兴专题班、行政执法队伍培训班）"
    assert joint["LOCATION"] == "报告厅，县委党校，清源镇"
    description = str(joint["DESCRIPTION"])
    for line in ("班次：乡村振兴专题班、行政执法队伍培训班", "学员：110人", "专题：法治教育", "方式：讲授",
                 "课次编号：c1/joint/1"):
        assert line in description.splitlines()
    assert joint.categories == ["法治教育"]
    assert joint["ORGANIZER"].params["CN"] == "县委党校"
    assert joint["DTSTAMP"].dt.utcoffset() == dt.timedelta(0) and b"DTSTAMP:20220501T000001Z" in data

    def trigger(path: str, session_id: str) -> dt.timedelta:
        [alarm] = events_by_uid(read(out / path)[0])[event_uid("check-small", session_id)].walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"]
        return alarm.decoded("TRIGGER")

    assert trigger("teacher-t01.ics", "c1/open/1") == -dt.timedelta(hours=1)  # at home, lecture
    evening = -dt.timedelta(hours=12, minutes=30)  # 20:00 the day before an 08:30 session
    assert trigger("teacher-t02.ics", "c1/field/1") == evening  # field teaching
    assert trigger("teacher-t03.ics", "c3/party/1") == evening  # away from home (东于镇)
    assert trigger("teacher-t04.ics", "c4/skills/1") == -dt.timedelta(hours=1)  # night school at home


def test_two_teacher_sessions_and_addresses_in_a_bundled_instance(tmp_path):
    instance_path, plan_path = BUNDLED[0]
    instance, plan = load_instance(instance_path), load_plan(plan_path)
    out = export(instance_path, plan_path, tmp_path / "ics", by="teacher")
    pair = next(s for s in plan.sessions if len(s.teachers) == 2)
    first, second = pair.teachers
    event = events_by_uid(read(out / f"teacher-{first}.ics")[0])[event_uid(plan.instance, pair.id)]
    assert f"合讲教师：{instance.teacher(second).name}" in str(event["DESCRIPTION"])
    site = instance.site(instance.venue(pair.venue).site)
    assert site.address and str(event["LOCATION"]).endswith(site.address)


def test_file_names_come_from_ids_and_never_collide(tmp_path):
    assert calendar_filename(Owner("teacher", "王老师", "王老师", None)) == "teacher-王老师.ics"
    assert calendar_filename(Owner("venue", "a b/c", "x", None)) == "venue-a_b_c.ics"
    data = yaml.safe_load(CHECK[0].read_text(encoding="utf-8"))
    data["teachers"].append({"id": "T01", "name": "大写王", "kind": "fulltime", "township": "qy",
                             "topics": ["law"]})
    data["teachers"].append({"id": "张老师", "name": "张老师", "kind": "fulltime", "township": "qy",
                             "topics": ["law"]})
    variant = tmp_path / "variant.yaml"
    variant.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = export(variant, CHECK[1], tmp_path / "ics", by="teacher")
    names = {p.name for p in out.glob("*.ics")}
    assert {"teacher-t01.ics", "teacher-T01-2.ics", "teacher-张老师.ics"} <= names
    assert len({n.casefold() for n in names}) == len(names) == 8


def test_a_new_export_replaces_its_own_files_and_leaves_others_alone(tmp_path):
    out = export(*CHECK, tmp_path / "ics", by="all")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    export(*CHECK, out, by="teacher")
    assert not list(out.glob("class-*.ics")) and not list(out.glob("venue-*.ics"))
    assert len(list(out.glob("teacher-*.ics"))) == 6
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not list(out.glob(".*.tmp"))


def test_the_command_summarises_and_warns_against_importing_twice(tmp_path):
    result = run("export-ics", *CHECK, "--out", tmp_path / "ics")
    assert result.exit_code == 0, result.output
    assert "已导出 6 个日历" in result.output and "教师 6 个" in result.output
    assert "孙律师" in result.output  # the teacher with an empty calendar is named
    assert "重复日程" in result.output and "8 到 24 小时" in result.output and "3 小时" in result.output
    readme = (tmp_path / "ics" / "README.txt").read_text(encoding="utf-8")
    assert "重复日程" in readme and "订阅" in readme


def test_bad_input_exits_2_with_a_message(tmp_path):
    result = run("export-ics", BUNDLED[0][0], CHECK[1], "--out", tmp_path / "a")
    assert result.exit_code == 2 and "check-small" in result.output
    plan = json.loads(CHECK[1].read_text(encoding="utf-8"))
    plan["sessions"][0]["teachers"] = ["nobody"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = run("export-ics", CHECK[0], broken, "--out", tmp_path / "b")
    assert result.exit_code == 2 and "教师 'nobody'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "b").exists()
