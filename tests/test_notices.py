"""`scheduler notices`: 授课通知单 per teacher and 调课通知 after a what-if.

The acceptance case replays the bundled change file on the bundled qingxu county (its classes
given head teachers here) and checks the messages against the people whose sessions changed,
computed from the two plans without the engine's diff."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import html5lib
import pytest
import yaml
from click.testing import CliRunner

from scheduler.cli import main
from scheduler.domain import Instance, load_instance, load_plan
from scheduler.notices.changes import change_messages
from scheduler.notices.sheets import sender

ROOT = Path(__file__).parent.parent
QINGXU = ROOT / "instances" / "qingxu-2023-spring.yaml"
BASELINE = ROOT / "tests" / "data" / "baselines" / "qingxu-2023-spring.json"
CHANGES = ROOT / "instances" / "changes" / "qingxu-2023-04.yaml"
CONTACT = "县委党校教务科 0358-1234567"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def variant(folder: Path, edit) -> Path:
    data = yaml.safe_load(QINGXU.read_text(encoding="utf-8"))
    edit(data)
    path = folder / "qingxu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def with_contacts(data: dict) -> None:
    """Every class a head teacher (the two classes the change file touches share one), every
    third teacher a phone."""
    data["contact"] = CONTACT
    for n, klass in enumerate(data["classes"]):
        shared = klass["id"] in ("qx-2023-fazhan-duixiang", "qx-2023-wanggeyuan")
        klass["head_teacher"] = "周班主任" if shared else f"班主任{n}"
        klass["head_teacher_phone"] = "13900000000" if shared else f"1390000{n:04d}"
    for n, teacher in enumerate(data["teachers"]):
        if n % 3 == 0:
            teacher["phone"] = f"+86 1380000{n:04d}"


@pytest.fixture(scope="module")
def replanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replan")
    instance = variant(folder, with_contacts)
    out = folder / "r2.json"
    result = run("whatif", instance, "--baseline", BASELINE, "--changes", CHANGES, "-o", out,
                 "--workers", "1", "--seed", "0", "--time-limit", "4")
    assert result.exit_code == 0, result.output
    return instance, out


def parse_strictly(content: bytes):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(content)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel and WPS read it as UTF-8
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def changed_people(instance: Instance, before: dict, after: dict) -> Counter:
    """Who must hear of the replan, from the two plan files alone: teachers who lose or gain a
    session or keep one whose date, time or room changed; head teachers of classes with a
    changed session (one person per name and phone)."""
    new = {s["id"]: s for s in after["sessions"]}
    keys = ("date", "start", "end", "blocks", "venue", "site")
    teachers, classes = set(), set()
    for old in before["sessions"]:
        now = new.get(old["id"])
        if now is not None and all(old[k] == now[k] for k in keys) and set(old["teachers"]) == set(now["teachers"]):
            continue
        was, nows = set(old["teachers"]), set(now["teachers"]) if now else set()
        teachers |= was ^ nows
        if now is None or any(old[k] != now[k] for k in ("date", "start", "end", "venue")):
            teachers |= was & nows
        classes |= set(old["classes"]) | set(now["classes"] if now else ())
    names = [instance.teacher(t).name for t in teachers]
    heads = {(c.head_teacher, c.head_teacher_phone) for c in instance.classes if c.id in classes and c.head_teacher}
    return Counter(names + [name for name, _ in heads])


def test_change_messages_reach_exactly_the_people_whose_sessions_changed(replanned, tmp_path):
    instance_path, plan_path = replanned
    out = tmp_path / "notices"
    result = run("notices", instance_path, plan_path, "--changes-only", "-o", out)
    assert result.exit_code == 0, result.output
    rows = read_csv(out / "调课通知.csv")
    assert rows[0] == ["姓名", "电话", "消息"]
    instance = load_instance(instance_path)
    before = json.loads(BASELINE.read_text(encoding="utf-8"))
    after = json.loads(plan_path.read_text(encoding="utf-8"))
    expected = changed_people(instance, before, after)
    assert expected and max(expected.values()) == 1
    assert Counter(row[0] for row in rows[1:]) == expected
    assert all(len(row[2]) <= 200 for row in rows[1:])
    text = (out / "调课通知.txt").read_text(encoding="utf-8")
    assert all(row[2] in text for row in rows[1:])
    # the dropped teacher is told who teaches instead and that nothing is asked of him
    wang = next(row[2] for row in rows if row[0] == "王志强")
    assert wang.startswith("王志强老师：原定4月") and "改由" in wang and "您无需前往" in wang
    assert wang.endswith("——中共清徐县委党校")
    assert "周班主任" in expected  # one head teacher of two changed classes: one message
    head = next(row[2] for row in rows if row[0] == "周班主任")
    assert "发展对象培训班、城乡网格员业务培训班班主任" in head and "请转告学员" in head
    assert CONTACT in wang  # the contact line goes in where the message has room for it


def test_change_messages_say_what_was_what_is_and_what_to_do(replanned):
    instance_path, plan_path = replanned
    instance = load_instance(instance_path)
    messages = change_messages(instance, load_plan(BASELINE), load_plan(plan_path))
    for message in messages:
        assert "「" in message.text  # the session's title
        assert any(word in message.text for word in ("原定", "改到", "改在", "改由", "请于"))
        assert any(word in message.text for word in ("无需前往", "请按新安排前往", "请前往新地点", "讲授",
                                                     "请转告学员"))
    phones = {m.name: m.phone for m in messages}
    teacher_phones = {t.name: t.phone for t in instance.teachers if t.phone}
    assert all(phones[n] == p for n, p in teacher_phones.items() if n in phones)


def test_changes_only_writes_the_affected_teachers_sheets(replanned, tmp_path):
    instance_path, plan_path = replanned
    out = tmp_path / "n"
    assert run("notices", instance_path, plan_path, "--changes-only", "-o", out).exit_code == 0
    sheets = sorted(p.name for p in out.glob("授课通知单-*.html"))
    assert "授课通知单-qx-zz-wang.html" in sheets and "授课通知单-qx-zz-sun.html" in sheets
    assert len(sheets) == len([r for r in read_csv(out / "调课通知.csv")[1:] if not r[0].startswith(("周", "班主任"))])


def test_too_many_changes_are_summarised_within_200_characters():
    instance = load_instance(QINGXU)
    before = load_plan(BASELINE)
    teacher = max(instance.teachers, key=lambda t: sum(t.id in s.teachers for s in before.sessions))
    others = [v.id for v in instance.venues]
    moved = [s.model_copy(update={"venue": others[(others.index(s.venue) + 1) % len(others)]})
             if teacher.id in s.teachers and s.venue else s for s in before.sessions]
    after = before.model_copy(update={"sessions": moved, "revision": 2})
    (message,) = [m for m in change_messages(instance, before, after, [teacher.id])]
    assert len(message.text) <= 200
    assert "详见授课通知单" in message.text and "改时间或地点" in message.text


def test_long_names_are_cut_rather_than_the_message_exceeding_200_characters():
    data = yaml.safe_load(QINGXU.read_text(encoding="utf-8"))
    for teacher in data["teachers"]:
        teacher["name"] = teacher["name"] + "很长的名字" * 60
    data["sender"] = "落款" * 100
    instance = Instance.model_validate(data)
    before = load_plan(BASELINE)
    teacher = before.sessions[-1].teachers[0]
    moved = [s.model_copy(update={"date": s.date.replace(day=1)}) if teacher in s.teachers else s
             for s in before.sessions]
    messages = change_messages(instance, before, before.model_copy(update={"sessions": moved}))
    assert messages and all(len(m.text) <= 200 and "…" in m.text for m in messages)


def test_sender_is_the_instance_s_or_the_county_school_s():
    instance = load_instance(QINGXU)
    assert sender(instance) == "中共清徐县委党校"
    assert sender(instance.model_copy(update={"sender": "清徐县委组织部"})) == "清徐县委组织部"


def test_changes_only_needs_a_replanned_plan(tmp_path):
    result = run("notices", QINGXU, BASELINE, "--changes-only", "-o", tmp_path / "n")
    assert result.exit_code == 2
    assert "不是重排后的计划" in result.stderr and "origin" in result.stderr
    assert not (tmp_path / "n").exists()


def test_sheets_for_every_teacher_parse_as_html5_and_are_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = run("notices", QINGXU, BASELINE, "-o", out)
        assert result.exit_code == 0, result.output
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir())
    assert all((first / name).read_bytes() == (second / name).read_bytes() for name in files)
    plan = load_plan(BASELINE)
    teaching = {t for s in plan.sessions for t in s.teachers}
    assert len(files) == len(teaching) + 1
    for name in files:
        parse_strictly((first / name).read_bytes())
    combined = (first / "授课通知单.html").read_text(encoding="utf-8")
    assert combined.count('<section class="sheet"') == len(teaching)
    assert "@page { size: A4 portrait" in combined and "break-after: page" in combined
    assert '<html lang="zh-CN">' in combined


def test_a_sheet_lists_the_teacher_s_sessions_by_date_with_place_class_and_contact(tmp_path):
    instance_path = variant(tmp_path, with_contacts)
    out = tmp_path / "n"
    result = run("notices", instance_path, BASELINE, "-o", out, "--teacher", "qx-zz-wang")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["授课通知单-qx-zz-wang.html", "授课通知单.html"]
    document = parse_strictly((out / "授课通知单-qx-zz-wang.html").read_bytes())
    rows = document.findall(".//tbody/tr")
    sessions = sorted((s for s in load_plan(BASELINE).sessions if "qx-zz-wang" in s.teachers),
                      key=lambda s: (s.date, s.start))
    assert len(rows) == len(sessions) > 0
    for row, session in zip(rows, sessions):
        cells = ["".join(td.itertext()) for td in row.findall("td")]
        assert cells[0].startswith(f"{session.date.month}月{session.date.day}日")
        assert f"{session.start}–{session.end}" in cells[1]
        assert session.title in cells[4]
        assert "人" in cells[3] and "班主任" in cells[3]
    page = "".join(document.itertext())
    assert "王志强老师：" in page and CONTACT in page and "中共清徐县委党校" in page and "清徐县" in page


def test_unknown_teacher_is_bad_input_naming_it(tmp_path):
    result = run("notices", QINGXU, BASELINE, "-o", tmp_path / "n", "--teacher", "qx-zz-wang",
                 "--teacher", "nobody")
    assert result.exit_code == 2
    assert "nobody" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "n").exists()


def test_names_with_markup_are_escaped(tmp_path):
    nasty = '王<b>"强\'&amp;</b>'

    def edit(data):
        data["teachers"][0]["name"] = nasty
        data["classes"][0]["name"] = "<script>alert(1)</script>班"
        data["contact"] = "教务科 <a href=x>&</a>"

    instance_path = variant(tmp_path, edit)
    teacher = load_instance(instance_path).teachers[0].id
    out = tmp_path / "n"
    result = run("notices", instance_path, BASELINE, "-o", out, "--teacher", teacher)
    assert result.exit_code == 0, result.output
    raw = (out / "授课通知单.html").read_text(encoding="utf-8")
    assert nasty not in raw and "<b>" not in raw and "<script>" not in raw and "<a href" not in raw
    assert "&lt;b&gt;" in raw and "&amp;amp;" in raw
    page = "".join(parse_strictly(raw.encode("utf-8")).itertext())
    assert nasty in page and "教务科 <a href=x>&</a>" in page


def test_the_directory_of_others_is_refused_and_other_files_are_kept(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"x")
    result = run("notices", QINGXU, BASELINE, "-o", foreign, "--teacher", "qx-zz-wang")
    assert result.exit_code == 2 and "不是空目录" in result.stderr
    assert sorted(p.name for p in foreign.iterdir()) == ["thesis.docx"]
    out = tmp_path / "n"
    assert run("notices", QINGXU, BASELINE, "-o", out, "--teacher", "qx-zz-wang").exit_code == 0
    (out / "说明.txt").write_text("留着", encoding="utf-8")
    assert run("notices", QINGXU, BASELINE, "-o", out, "--teacher", "qx-zz-sun").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["授课通知单-qx-zz-sun.html", "授课通知单.html", "说明.txt"]


def test_the_new_fields_are_in_the_schema():
    schema = Instance.model_json_schema()
    assert {"contact", "sender"} <= set(schema["properties"])
    assert "phone" in schema["$defs"]["Teacher"]["properties"]
    assert {"head_teacher", "head_teacher_phone"} <= set(schema["$defs"]["TermClass"]["properties"])


@pytest.mark.parametrize("name, addressed", [
    ("王志强", "王志强老师"), ("郝书记（县委副书记、党校校长）", "郝书记"), ("任师傅（葡萄种植土专家）", "任师傅"),
    ("张老师", "张老师"), ("冀教授（山西农业大学）", "冀教授"),
])
def test_people_are_addressed_as_a_notice_would(name, addressed):
    from scheduler.notices.sheets import salutation

    assert salutation(name) == addressed


def test_changes_only_needs_the_baseline_the_plan_names(replanned, tmp_path):
    instance_path, plan_path = replanned
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    data["origin"]["baseline"] = "nowhere.json"
    orphan = tmp_path / "r2.json"
    orphan.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("notices", instance_path, orphan, "--changes-only", "-o", tmp_path / "n")
    assert result.exit_code == 2
    assert "nowhere.json" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "n").exists()
