"""CalDAV publishing against a real Radicale server on 127.0.0.1 (never a mock): one collection
per teacher holding exactly the plan's sessions, updates in place, cancellations, idempotence,
and clear errors for a bad URL or a wrong password."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import caldav
import icalendar
import pytest
from click.testing import CliRunner

from scheduler.calendars import event_uid
from scheduler.cli import main
from scheduler.domain import load_instance, load_plan
from scheduler.domain.plan import Plan
from scheduler.history import succeed

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
INSTANCE, PLAN = DATA / "check" / "instance.yaml", DATA / "check" / "plan.json"
JIAOCHENG = ROOT / "instances" / "jiaocheng-2022.yaml", ROOT / "tests" / "data" / "baselines" / "jiaocheng-2022.json"
PASSWORD = "秘密-secret"
USERS = [f"user{n}" for n in range(20)]
_next_user = itertools.count()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> str:
    """A Radicale server with htpasswd users (plain passwords), for this module's tests."""
    root = tmp_path_factory.mktemp("radicale")
    users = root / "users"
    users.write_text("".join(f"{user}:{PASSWORD}\n" for user in USERS), encoding="utf-8")
    port = _free_port()
    log = (root / "log.txt").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "",
         "--server-hosts", f"127.0.0.1:{port}", "--storage-filesystem-folder", str(root / "collections"),
         "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
         "--auth-htpasswd-encryption", "plain", "--auth-delay", "0", "--logging-level", "warning"],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail("Radicale did not start:\n" + (root / "log.txt").read_text(errors="replace"))
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Radicale did not open its port in 20 s")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def account(server, tmp_path) -> tuple[str, str, Path]:
    """A user of its own for each test (Radicale keeps users' collections apart)."""
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    return server, USERS[next(_next_user)], password_file


def publish(account, plan: Path = PLAN, instance: Path = INSTANCE):
    url, user, password_file = account
    return CliRunner().invoke(main, ["publish", str(instance), str(plan), "--caldav", url,
                                     "--user", user, "--password-file", str(password_file)])


def published(account, plan: Path = PLAN, instance: Path = INSTANCE) -> str:
    result = publish(account, plan, instance)
    assert result.exit_code == 0, result.output
    return result.output


def read_back(account) -> dict[str, dict[str, tuple[str, str, icalendar.Event]]]:
    """collection id -> UID -> (href, etag, VEVENT), read with the caldav client."""
    url, user, _ = account
    principal = caldav.DAVClient(url=url, username=user, password=PASSWORD).principal()
    result = {}
    for collection in principal.calendars():
        name = str(collection.url).rstrip("/").rsplit("/", 1)[-1]
        events = {}
        for resource in collection.get_events():
            component = icalendar.Calendar.from_ical(resource.data).walk("VEVENT")
            assert len(component) == 1
            uid = str(component[0]["UID"])
            assert uid not in events, f"duplicate UID {uid} in {name}"
            events[uid] = (str(resource.url).rsplit("/", 1)[-1], resource.props.get("{DAV:}getetag"),
                           component[0])
        result[name] = events
    return result


def replanned(base: Plan, tmp_path: Path, name: str, drop=(), **edits: dict) -> tuple[Plan, Path]:
    sessions = [s.model_copy(update=edits.get(s.id, {})) for s in base.sessions if s.id not in drop]
    plan = succeed(base, base.model_copy(update={"sessions": sessions}))
    path = tmp_path / name
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    return plan, path


def uid(session_id: str, instance: str = "check-small") -> str:
    return event_uid(instance, session_id)


@pytest.mark.parametrize("instance_path, plan_path", [(INSTANCE, PLAN), JIAOCHENG], ids=lambda p: p.stem)
def test_publish_puts_exactly_the_plan_sessions_in_one_collection_per_teacher(account, instance_path,
                                                                              plan_path):
    output = published(account, plan_path, instance_path)
    instance, plan = load_instance(instance_path), load_plan(plan_path)
    expected = sum(len(s.teachers) for s in plan.sessions)  # a two-teacher session is in both calendars
    assert f"新建 {expected}、更新 0、取消 0" in output
    server = read_back(account)
    assert set(server) == {f"{instance.name}-{t.id}" for t in instance.teachers}
    for teacher in instance.teachers:
        sessions = {uid(s.id, instance.name): s for s in plan.sessions if teacher.id in s.teachers}
        events = server[f"{instance.name}-{teacher.id}"]
        assert set(events) == set(sessions), teacher.id
        for event_id, (href, _, event) in events.items():
            session = sessions[event_id]
            assert href == f"{event_id}.ics"
            assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == 1
            assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
            assert event.start.replace(tzinfo=None) == dt.datetime.combine(
                session.date, dt.time.fromisoformat(session.start))
            assert event.end.replace(tzinfo=None) == dt.datetime.combine(
                session.date, dt.time.fromisoformat(session.end))
    idle = [t.id for t in instance.teachers if not any(t.id in s.teachers for s in plan.sessions)]
    assert idle and all(server[f"{instance.name}-{t}"] == {} for t in idle)  # empty calendars

    url, user, _ = account
    principal = caldav.DAVClient(url=url, username=user, password=PASSWORD).principal()
    names = {c.get_display_name() for c in principal.calendars()}
    assert f"{instance.teachers[0].name}的授课安排（{instance.term.name}）" in names


def test_publishing_the_same_plan_twice_changes_nothing(account):
    published(account)
    before = read_back(account)
    output = published(account)
    assert "没有改动" in output and "新建 0、更新 0、取消 0" in output
    after = read_back(account)
    assert {c: {u: e[:2] for u, e in evs.items()} for c, evs in after.items()} == \
           {c: {u: e[:2] for u, e in evs.items()} for c, evs in before.items()}  # same hrefs and ETags


def test_a_replanned_plan_updates_in_place_and_marks_cancellations(account, tmp_path):
    published(account)
    first = read_back(account)
    base = load_plan(PLAN)
    second, second_path = replanned(base, tmp_path, "r2.json", **{
        "c1/theory/2": {"date": dt.date(2022, 5, 25)},  # moved
        "c1/joint/1": {"teachers": ["t02"]},  # t01 loses it, t02 gains it
    })
    output = published(account, second_path)
    assert "新建 1、更新 1、取消 1" in output
    server = read_back(account)

    href, etag, moved = server["check-small-t06"][uid("c1/theory/2")]
    old_href, old_etag, _ = first["check-small-t06"][uid("c1/theory/2")]
    assert href == old_href and etag != old_etag  # the same resource, rewritten
    assert moved["SEQUENCE"] == 2 and moved.start.replace(tzinfo=None) == dt.datetime(2022, 5, 25, 8, 30)
    unchanged = uid("c1/theory/1")
    assert server["check-small-t06"][unchanged][:2] == first["check-small-t06"][unchanged][:2]

    _, _, lost = server["check-small-t01"][uid("c1/joint/1")]
    assert (lost["STATUS"], lost["SEQUENCE"]) == ("CANCELLED", 2) and not lost.walk("VALARM")
    _, _, gained = server["check-small-t02"][uid("c1/joint/1")]
    assert (gained["STATUS"], gained["SEQUENCE"]) == ("CONFIRMED", 2)
    for collection, events in server.items():  # nothing else came or went
        gained = {uid("c1/joint/1")} if collection.endswith("t02") else set()
        assert set(events) == set(first[collection]) | gained

    # a third revision drops a session: its teacher gets it cancelled, the older one stays cancelled
    _, third_path = replanned(second, tmp_path, "r3.json", drop=["c3/party/1"])
    output = published(account, third_path)
    assert "新建 0、更新 0、取消 1" in output
    server = read_back(account)
    _, _, dropped = server["check-small-t03"][uid("c3/party/1")]
    assert (dropped["STATUS"], dropped["SEQUENCE"]) == ("CANCELLED", 3)
    assert server["check-small-t01"][uid("c1/joint/1")][2]["SEQUENCE"] == 2


def test_a_sequence_on_the_server_is_never_lowered(account):
    published(account)
    url, user, _ = account
    principal = caldav.DAVClient(url=url, username=user, password=PASSWORD).principal()
    collection = next(c for c in principal.calendars() if str(c.url).rstrip("/").endswith("check-small-t01"))
    resource = collection.get_event_by_uid(uid("c1/open/1"))
    calendar = icalendar.Calendar.from_ical(resource.data)
    event = calendar.walk("VEVENT")[0]
    event["SEQUENCE"] = 7
    event["SUMMARY"] = "有人在服务器上改过"
    resource.save(raw_data=calendar.to_ical())

    output = published(account)
    assert "更新 1" in output
    _, _, repaired = read_back(account)["check-small-t01"][uid("c1/open/1")]
    assert repaired["SEQUENCE"] == 8 and repaired["SUMMARY"] == "开班式暨入学教育（乡村振兴专题班）"
    assert "没有改动" in published(account)


def test_an_event_the_plan_no_longer_has_is_cancelled_even_without_history(account, tmp_path):
    published(account)
    plan = load_plan(PLAN)
    edited = plan.model_copy(update={"sessions": [s for s in plan.sessions if s.id != "c1/open/1"]})
    path = tmp_path / "edited.json"  # same revision, no cancellation records: only the server knows
    path.write_text(edited.model_dump_json(), encoding="utf-8")
    published(account, path)
    _, _, event = read_back(account)["check-small-t01"][uid("c1/open/1")]
    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)
    assert str(event["SUMMARY"]).startswith("【已取消】") and not event.walk("VALARM")
    assert "没有改动" in published(account, path)


def test_a_wrong_password_exits_2_with_a_chinese_message(account, tmp_path):
    url, user, _ = account
    wrong = tmp_path / "wrong"
    wrong.write_text("not-the-password\n", encoding="utf-8")
    result = publish((url, user, wrong))
    assert result.exit_code == 2
    assert "拒绝登录" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("url, message", [
    ("http://127.0.0.1:{port}/", "无法连接"),  # nothing listens there
    ("127.0.0.1:5232", "无效"),  # no scheme
    ("ftp://127.0.0.1/", "无效"),
])
def test_a_bad_server_url_exits_2_with_a_chinese_message(tmp_path, url, message):
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    result = publish((url.format(port=_free_port()), "user0", password_file))
    assert result.exit_code == 2, result.output
    assert message in result.output and "发布失败" in result.output and "Traceback" not in result.output


def test_a_bad_url_exits_2_in_a_real_process_without_a_traceback(tmp_path):
    password_file = tmp_path / "password"
    password_file.write_text(PASSWORD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "publish", str(INSTANCE), str(PLAN), "--caldav",
         f"http://127.0.0.1:{_free_port()}/", "--user", "user0", "--password-file", str(password_file)],
        capture_output=True, text=True, encoding="utf-8", timeout=60, cwd=Path(__file__).parent.parent)
    assert done.returncode == 2
    assert "无法连接 CalDAV 服务器" in done.stderr and "Traceback" not in done.stderr


def test_a_password_in_the_url_is_never_shown(account, tmp_path):
    url, user, password_file = account
    secret_url = url.replace("http://", f"http://{user}:S3cr3t-in-url@")
    result = CliRunner().invoke(main, ["publish", str(INSTANCE), str(PLAN), "--caldav", secret_url,
                                       "--user", user, "--password-file", str(password_file)])
    assert result.exit_code == 0, result.output
    assert "S3cr3t-in-url" not in result.output and f"{user}:***@" in result.output

    nowhere = f"http://alice:S3cr3t-in-url@127.0.0.1:{_free_port()}/dav/"
    result = publish((nowhere, user, password_file))
    assert result.exit_code == 2 and "无法连接" in result.output
    assert "S3cr3t-in-url" not in result.output and "alice:***@" in result.output
    result = publish(("ftp://alice:S3cr3t-in-url@host/", user, password_file))
    assert result.exit_code == 2 and "S3cr3t-in-url" not in result.output


def test_redact_hides_every_password_in_a_text():
    from scheduler.calendars.urls import redact

    text = "Max retries exceeded with url: http://alice:S3cr3t@host:5232/x (caused by https://b:p@ss@h/)"
    assert redact(text) == "Max retries exceeded with url: http://alice:***@host:5232/x (caused by https://b:***@h/)"
    assert redact("http://host/path@x mailto:a@b") == "http://host/path@x mailto:a@b"


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfepassword", "不是 UTF-8 编码"),
    (b"user0\n" + PASSWORD.encode("utf-8") + b"\n", "有 2 行"),
    (b"\n", "是空的"),
    (b"x" * 5000, "太大"),
], ids=["not-utf8", "two-lines", "empty", "too-big"])
def test_a_bad_password_file_exits_2_with_a_message(tmp_path, content, message):
    password_file = tmp_path / "password"
    password_file.write_bytes(content)
    result = publish((f"http://127.0.0.1:{_free_port()}/", "user0", password_file))
    assert result.exit_code == 2, result.output
    assert message in result.output and str(password_file) in result.output and "Traceback" not in result.output


def test_a_password_file_with_a_bom_and_crlf_is_read_as_one_line(account):
    url, user, password_file = account
    password_file.write_bytes(b"\xef\xbb\xbf" + PASSWORD.encode("utf-8") + b"\r\n\r\n")
    published(account)


def test_an_older_plan_is_refused_without_force(account, tmp_path):
    base = load_plan(PLAN)
    _, second_path = replanned(base, tmp_path, "r2.json", **{"c1/theory/2": {"date": dt.date(2022, 5, 25)}})
    published(account, second_path)
    after_second = read_back(account)

    result = publish(account, PLAN)  # revision 1 after revision 2
    assert result.exit_code == 2, result.output
    assert "服务器上的日历已是计划第 2 版" in result.output and "第 1 版" in result.output
    assert "--force" in result.output
    assert read_back(account) == after_second  # nothing changed on the server

    assert "没有改动" in published(account, second_path)  # the same revision again is fine
    url, user, password_file = account
    forced = CliRunner().invoke(main, ["publish", str(INSTANCE), str(PLAN), "--caldav", url, "--user", user,
                                       "--password-file", str(password_file), "--force"])
    assert forced.exit_code == 0, forced.output
    _, _, event = read_back(account)["check-small-t06"][uid("c1/theory/2")]
    assert event["SEQUENCE"] == 3  # back to revision 1's date, with a higher SEQUENCE
    assert publish(account, PLAN).exit_code == 0  # the server now holds revision 1


def test_ids_at_the_edge_of_the_format_publish(account, tmp_path):
    """A 64-character id of 4-byte characters: the collection's name is cut short with a hash
    (servers keep it as a file name)."""
    long_id = "𠀀" * 64
    instance, plan = tmp_path / "long.yaml", tmp_path / "long.json"
    pattern = r"(?<![\w.\-])t01(?![\w.\-])"
    instance.write_text(re.sub(pattern, long_id, INSTANCE.read_text(encoding="utf-8")), encoding="utf-8")
    plan.write_text(re.sub(pattern, long_id, PLAN.read_text(encoding="utf-8")), encoding="utf-8")
    published(account, plan, instance)
    server = read_back(account)
    (name,) = [n for n in server if unquote(n).startswith("check-small-𠀀")]
    assert len(unquote(name).encode("utf-8")) <= 180 and len(server[name]) == 3
    assert "没有改动" in published(account, plan, instance)
