"""Differential test of the faces of every rule: `check`, `solve`, `validate` and `explain`.

    python -m benchmarks.differential --instances 2000 --seed 1 [--record]

A generator of random small counties using every feature (named teachers with township and
tier limits, joint sessions, "4+N", obligations whose periods cross the term's edges, ordering,
blackouts, field venues, online sessions, attendance, holidays and 调休). Per instance, through
the CLI as a user runs it:

* `check`, `solve --workers 1 --time-limit 2 --seed 0`, then `validate` of the plan written and
  `explain` when the solver proves there is none; never exit 3 or a traceback;
* lint-clean and solved ⇒ the checker accepts the plan and recomputes its objective;
* lint error ⇒ the model has no plan either (solved without the lint gate);
* solver-infeasible ⇒ `explain` finds a conflicting set of requirements;
* each solved plan is then broken one hard rule at a time (a session on a holiday, outside its
  class's dates, in another session's teacher's slot, ...) and `validate` must exit 1 naming
  that rule; a plan kept valid but with a different penalty must fail on its objective.

Every failed expectation is a disagreement between faces; the target is none. The test suite
runs a short fixed-seed sample (tests/test_differential.py); --record appends the long run's
numbers to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import json
import platform
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from benchmarks import policy_mutations
from scheduler import text
from scheduler.explain import messages as explain_text

RESULTS = Path(__file__).with_name("RESULTS.md")
EXPLAINED = explain_text.HEADING.split("{")[0]  # explain found conflicting requirements
UNDECIDED = explain_text.UNKNOWN.split("（")[0]
NOTHING_RELAXABLE = explain_text.NO_GROUPS.split("（")[0]
NOT_IN_FORCE = re.compile(r"教师 \S+ 的授课任务（.*不考核：.*")
SOLVE_ARGS = ("--workers", "1", "--time-limit", "2", "--seed", "0", "--quiet")
EXPLAIN_SECONDS = "10"
MAX_SESSIONS = 15
MAIN_TOPICS = ("zz", "dj", "xc", "jn")
WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)
VENUE_IDS = ["c-room", "c-hall", "z-room", "v-room", "field1", "field2"]


# --------------------------------------------------------------------------- generator

POLICY_SEED = 100_003  # the policy fields draw from their own stream: the rest stays as it was


def random_instance(seed: int) -> dict:
    """A small county as plain YAML data: 2-4 classes, at most 15 sessions, a 2-6-week term."""
    rng = random.Random(seed)
    # Terms start near a month's, quarter's or half-year's edge so periods get clipped.
    edge = dt.date(rng.choice((2023, 2024, 2025)), rng.choice((1, 3, 4, 6, 7, 9, 10, 12)), 1)
    start = edge + dt.timedelta(days=rng.randint(-20, 6))
    end = start + dt.timedelta(days=rng.randint(13, 41))
    term_days = (end - start).days + 1

    townships = [{"id": f"t{k}", "name": name} for k, name in enumerate(("城关镇", "东于镇", "西河乡"))]
    sites = [
        {"id": "county", "name": "县委党校", "tier": "county", "township": "t0",
         "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"},
                    {"name": "下午", "start": "14:30", "end": "17:30"}]
         + ([{"name": "晚上", "start": "19:00", "end": "21:00"}] if rng.random() < 0.3 else [])},
        {"id": "zhen", "name": "东于镇党校", "tier": "township", "township": "t1",
         "weekdays": rng.choice(([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6])),
         "blocks": [{"name": "上午", "start": "09:00", "end": "11:30"},
                    {"name": "下午", "start": "14:30", "end": "17:00"}]},
        {"id": "cun", "name": "西河村农民夜校", "tier": "village", "township": rng.choice(("t1", "t2")),
         "weekdays": list(WEEKDAYS), "observe_holidays": rng.random() < 0.5,
         "blocks": [{"name": "晚上", "start": "19:30", "end": "21:00"}]},
    ]
    venues = [
        {"id": "c-room", "name": "县委党校教室", "kind": "classroom", "site": "county",
         "capacity": rng.randint(40, 90)},
        {"id": "c-hall", "name": "县委党校报告厅", "kind": "hall", "site": "county",
         "capacity": rng.randint(100, 250)},
        {"id": "z-room", "name": "东于镇党群服务中心", "kind": "classroom", "site": "zhen",
         "capacity": rng.randint(40, 100), "overflow": rng.choice((0, 0, 10))},
        {"id": "v-room", "name": "西河村活动室", "kind": "classroom", "site": "cun",
         "capacity": rng.randint(35, 80)},
        {"id": "field1", "name": "东于镇现场教学点", "kind": "field", "township": "t1",
         "capacity": rng.randint(60, 150)},
        {"id": "field2", "name": "县城现场教学点", "kind": "field", "site": "county",
         "capacity": rng.randint(60, 150)},
    ]
    if rng.random() < 0.3:
        venues[0]["unavailable"] = [{"weekdays": [rng.randint(1, 5)], "note": "占用"}]
    topics = [
        {"id": "zz", "name": "政治理论", "main": True, "kind": "theory"},
        {"id": "dj", "name": "党建实务", "main": True},
        {"id": "xc", "name": "乡村振兴", "main": True},
        {"id": "jn", "name": "技能素养", "main": True},
        {"id": "nj", "name": "实用技术", "kind": "practice"},
    ]
    topic_ids = [t["id"] for t in topics]

    teachers = []
    names = ("王老师", "李书记", "赵师傅", "刘老师", "陈主任", "周老师")
    kinds = ("fulltime", "cadre", "expert", "parttime")
    for k in range(rng.randint(3, 6)):
        teacher = {"id": f"p{k}", "name": names[k], "kind": kinds[k % 4] if k else "fulltime",
                   "township": rng.choice(("t0", "t1", "t2")),
                   "topics": (list(MAIN_TOPICS) if k == 0 else
                              rng.sample(topic_ids, rng.randint(1, 3)))}
        if k == 1 and "nj" not in teacher["topics"]:
            teacher["topics"].append("nj")
        if k > 1 and rng.random() < 0.4:
            teacher["tiers"] = rng.sample(["county", "township", "village"], rng.randint(1, 2))
        if k > 1 and rng.random() < 0.4:
            teacher["townships"] = rng.sample(["t0", "t1", "t2"], rng.randint(1, 2))
        if rng.random() < 0.3:
            teacher["unavailable"] = [rng.choice((
                {"weekdays": [rng.randint(1, 7)]},
                {"dates": [_day(rng, start, term_days)], "note": "开会"},
                {"blocks": [rng.choice(("上午", "下午", "晚上"))]}))]
        if rng.random() < 0.3:
            teacher["max_per_day"] = rng.randint(1, 2)
        if rng.random() < 0.2:
            teacher["max_per_week"] = rng.randint(2, 4)
        if rng.random() < 0.35:
            teacher["obligations"] = [{
                "period": rng.choice(("month", "quarter", "half_year", "year", "term")),
                "min_sessions": rng.choice((1, 1, 2)),
                **({"topic": rng.choice(teacher["topics"])} if rng.random() < 0.5 else {})}]
        if rng.random() < 0.2:
            teacher["prefers"] = [{"blocks": [rng.choice(("上午", "下午"))]}]
        if rng.random() < 0.2:
            teacher["avoids"] = [{"weekdays": [rng.randint(1, 5)]}]
        teachers.append(teacher)
    teachers_of = {t: [p for p in teachers if t in p["topics"]] for t in topic_ids}

    classes = []
    budget = MAX_SESSIONS
    for c in range(rng.randint(2, 4)):
        site = rng.choices(("county", "zhen", "cun"), (5, 3, 2))[0]
        first_day = rng.randint(0, max(0, term_days - 5))
        length = rng.randint(5, 16) if site != "cun" else rng.randint(8, 20)
        class_start = start + dt.timedelta(days=first_day)
        class_end = min(end, class_start + dt.timedelta(days=length - 1))
        if rng.random() < 0.06:  # dates reaching past the term (a check warning, or an error)
            class_end = end + dt.timedelta(days=rng.randint(1, 10))
        if rng.random() < 0.04:
            class_start = start - dt.timedelta(days=rng.randint(1, 10))
        term_class = {"id": f"k{c}", "name": f"第{c + 1}期培训班", "site": site,
                      "trainees": rng.randint(15, 45), "start": class_start, "end": class_end,
                      "curriculum": []}
        four = rng.random() < 0.2
        wanted = list(MAIN_TOPICS) if four else [rng.choice(topic_ids) for _ in range(rng.randint(1, 4))]
        for n, topic in enumerate(wanted):
            item = _random_item(rng, n, topic, site, teachers_of[topic])
            if item["sessions"] > budget:
                break
            budget -= item["sessions"]
            term_class["curriculum"].append(item)
        if four and len(term_class["curriculum"]) == 4:
            term_class["four_plus_n"] = True
        _order(rng, term_class["curriculum"])
        if rng.random() < 0.1:
            term_class["preferred_venues"] = [rng.choice([v["id"] for v in venues if v["kind"] != "field"])]
        classes.append(term_class)

    # Joint sessions: a class joins another class's item at the host's site; now and then the
    # joined class is "4+N" only thanks to it.
    for host in classes:
        for item in host["curriculum"]:
            if rng.random() < 0.2:
                guests = [g for g in classes if g is not host
                          and (min(g["end"], host["end"]) - max(g["start"], host["start"])).days >= 2]
                if not guests:
                    continue
                guest = rng.choice(guests)
                item["joint_with"] = [guest["id"]]
    fours = [c for c in classes if c.get("four_plus_n")]
    if fours and rng.random() < 0.5:  # a "4+N" class attending one main topic only as a guest
        guest = rng.choice(fours)
        hosts = [h for h in classes if h is not guest
                 and (min(h["end"], guest["end"]) - max(h["start"], guest["start"])).days >= 2]
        if hosts:
            moved = guest["curriculum"].pop(rng.randrange(len(guest["curriculum"])))
            for key in ("first", "last", "after"):
                moved.pop(key, None)
            moved["id"], moved["joint_with"] = f"j-{guest['id']}", [guest["id"]]
            rng.choice(hosts)["curriculum"].append(moved)
            for i in guest["curriculum"]:
                i["after"] = [a for a in i.get("after", []) if any(j["id"] == a for j in guest["curriculum"])]

    blackouts = []
    for n in range(rng.choice((0, 0, 1, 2))):
        day = _day(rng, start, term_days)
        when: dict = {"dates": [f"{day}..{day + dt.timedelta(days=rng.randint(0, 3))}"]}
        if rng.random() < 0.4:
            when["blocks"] = [rng.choice(("上午", "下午", "晚上"))]
        scope = rng.choice(("", "tiers", "sites", "townships", "teachers", "teacher_kinds", "venues"))
        blackout = {"name": f"停课{n + 1}", "when": when}
        if scope == "tiers":
            blackout["tiers"] = [rng.choice(("county", "township", "village"))]
        elif scope == "sites":
            blackout["sites"] = [rng.choice(("county", "zhen", "cun"))]
        elif scope == "townships":
            blackout["townships"] = [rng.choice(("t0", "t1", "t2"))]
        elif scope == "teachers":
            blackout["teachers"] = [rng.choice(teachers)["id"]]
        elif scope == "teacher_kinds":
            blackout["teacher_kinds"] = [rng.choice(kinds)]
        elif scope == "venues":
            blackout["venues"] = [rng.choice(venues)["id"]]
        blackouts.append(blackout)

    term: dict = {"name": f"随机学期{seed}", "start": start, "end": end}
    if rng.random() < 0.2:
        day = _day(rng, start, term_days)
        term["holidays"] = [{"dates": f"{day}..{day + dt.timedelta(days=rng.randint(0, 1))}", "name": "校庆"}]
    if rng.random() < 0.15:
        weekend = [d for d in (start + dt.timedelta(days=k) for k in range(term_days)) if d.isoweekday() >= 6]
        if weekend:
            term["workdays"] = [rng.choice(weekend)]
    data = {"name": f"diff-{seed}", "term": term, "townships": townships, "sites": sites,
            "venues": venues, "topics": topics, "teachers": teachers, "classes": classes,
            "blackouts": blackouts,
            "travel": [{"between": ["t0", "t1"], "minutes": rng.randint(10, 60)},
                       {"between": ["t1", "t2"], "minutes": rng.randint(10, 40)}]}
    if rng.random() < 0.2:
        data["weights"] = {"item_room_stability": 1, "travel_places": rng.randint(0, 9)}
    policy_mutations.add_policies(random.Random(seed + POLICY_SEED), data)
    return data


def _day(rng: random.Random, start: dt.date, term_days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(term_days))


def _random_item(rng: random.Random, n: int, topic: str, site: str, able: list[dict]) -> dict:
    mode = rng.choices(("lecture", "interactive", "online", "field"), (6, 1, 2, 2))[0]
    if mode == "field" and site == "cun":
        mode = "lecture"  # a village school teaches in the evening only
    item: dict = {"id": f"i{n}", "topic": topic, "title": f"课程{n + 1}", "mode": mode,
                  "sessions": rng.choice((1, 1, 1, 2))}
    if mode == "field" or (site != "cun" and rng.random() < 0.1):
        item["length"] = 2
    if able and rng.random() < 0.3:
        item["teachers"] = [rng.choice(able)["id"]]
    elif rng.random() < 0.03:
        item["teacher_count"] = 2
    if rng.random() < 0.1:
        item["attendance"] = rng.randint(10, 40)
    if rng.random() < 0.1:
        item["unavailable"] = [{"weekdays": [rng.randint(1, 7)]}]
    if rng.random() < 0.1:
        item["min_days"] = 1
    if rng.random() < 0.06:  # a restricted venue list, of any kind (expand and check filter alike)
        item["venues"] = rng.sample(VENUE_IDS, rng.randint(1, 2))
    return item


def _order(rng: random.Random, items: list[dict]) -> None:
    if len(items) >= 3 and rng.random() < 0.4:
        items[0]["first"] = True
    if len(items) >= 3 and rng.random() < 0.3:
        items[-1]["last"] = True
    for k in range(1, len(items)):
        if rng.random() < 0.2 and not items[k].get("first") and not items[k - 1].get("last"):
            items[k]["after"] = [items[k - 1]["id"]]


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # shared dates are written out, never as &id001
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


# --------------------------------------------------------------------------- runner

@dataclass
class Outcome:
    seed: int
    verdict: str = ""  # feasible / infeasible / lint / input / undecided
    disagreements: list[str] = field(default_factory=list)
    exit3: int = 0
    mutations: Counter = field(default_factory=Counter)  # rule -> tried
    caught: Counter = field(default_factory=Counter)  # rule -> caught


def _cli(*args) -> tuple[int, str, BaseException | None]:
    from click.testing import CliRunner

    from scheduler.cli import main

    result = CliRunner().invoke(main, [str(a) for a in args])
    crash = result.exception if result.exception and not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.output, crash


def run_instance(seed: int, workdir: Path, mutate: bool = True) -> Outcome:
    """One random instance through every face; what disagreed is in `disagreements`."""
    out = Outcome(seed)
    path = workdir / f"diff-{seed}.yaml"
    data = random_instance(seed)
    path.write_text(dump(data), encoding="utf-8")
    plan_path = workdir / f"diff-{seed}.json"

    def call(*args) -> tuple[int, str]:
        code, output, crash = _cli(*args)
        if code == 3 or crash is not None:
            out.exit3 += 1
            out.disagreements.append(f"{args[0]} exit {code}: {crash!r} {output[-300:]}")
        return code, output

    check_code, check_out = call("check", path)
    solve_code, solve_out = call("solve", path, "-o", plan_path, *SOLVE_ARGS)
    if check_code == 2 or solve_code == 2:
        out.verdict = "input"  # the generator writes valid input only
        out.disagreements.append(f"valid input refused: check {check_code}, solve {solve_code}: "
                                 f"{(check_out + solve_out)[-300:]}")
        return out
    _check_names_what_is_not_planned(data, check_out, out)
    if check_code == 1:
        out.verdict = "lint"
        if solve_code != 1 or text.INFEASIBLE_BY_LINT not in solve_out:
            out.disagreements.append(f"check found errors but solve exit {solve_code}")
        if _model_agrees_with_lint(path, out):
            code, output = call("explain", path, "--time-limit", EXPLAIN_SECONDS)
            if code != 1 or not any(word in output for word in (EXPLAINED, NOTHING_RELAXABLE, UNDECIDED)):
                out.disagreements.append(f"check found errors, explain exit {code}: {output[-300:]}")
        return out
    if solve_code == 0:
        out.verdict = "feasible"
        not_in_force = NOT_IN_FORCE.findall(check_out)
        if any(line not in solve_out for line in not_in_force):
            out.disagreements.append("an obligation not in force named by check, not by solve's summary")
        code, output = call("validate", path, plan_path)
        if code != 0:
            out.disagreements.append(f"solved plan not accepted by validate: {output[-400:]}")
        elif mutate:
            _mutations(path, plan_path, workdir, out, call)
            _domains_agree(path, plan_path, out)
        return out
    if text.INFEASIBLE.split("（")[0] in solve_out:
        out.verdict = "infeasible"
        code, output = call("explain", path, "--time-limit", EXPLAIN_SECONDS)
        if code != 1 or EXPLAINED not in output:
            out.disagreements.append(f"solver proved infeasible, explain exit {code}: {output[-300:]}")
        return out
    out.verdict = "undecided"
    return out


def _check_names_what_is_not_planned(data: dict, check_out: str, out: Outcome) -> None:
    """Oracles of the generator's own: classes reaching past the term, and calendar periods the
    term covers less than half of (counted day by day here), are named by `check`."""
    start, end = data["term"]["start"], data["term"]["end"]
    for term_class in data["classes"]:
        if (term_class["start"] < start or term_class["end"] > end) and term_class["name"] not in "".join(
                line for line in check_out.splitlines() if "学期" in line and "班次" in line):
            out.disagreements.append(f"class {term_class['id']} reaches past the term, check is silent")
    months = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
    for teacher in data["teachers"]:
        for obligation in teacher.get("obligations", []):
            if obligation["period"] not in months:
                continue
            size = months[obligation["period"]]
            inside = Counter((d.year, (d.month - 1) // size) for d in _days(start, end))
            short = [key for key, count in inside.items()
                     if 2 * count < sum(calendar.monthrange(key[0], key[1] * size + m + 1)[1] for m in range(size))]
            named = f"教师 {teacher['name']} 的授课任务" in check_out and "不考核" in check_out
            if bool(short) != named:
                out.disagreements.append(f"{teacher['id']}'s {obligation['period']} obligation: periods "
                                         f"covered less than half {short}, check names it: {named}")


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range((end - start).days + 1)]


def _model_agrees_with_lint(path: Path, out: Outcome) -> bool:
    """A lint error is a contradiction in the input: the model, ungated, has no plan either.
    False when the errors are of a kind that leaves the model feasible."""
    from scheduler.domain import load_instance
    from scheduler.expand import expand
    from scheduler.lint import lint
    from scheduler.solve import SolveOptions, solve_expansion

    instance = load_instance(path)
    expansion = expand(instance)
    errors = [f for f in lint(expansion) if f.severity == "error"]
    # A class wholly outside the term with nothing to place is refused without being infeasible.
    outside = text.CLASS_OUTSIDE_TERM.split("{")[0]
    if all(f.message.startswith(outside) for f in errors):
        return False
    result = solve_expansion(expansion, SolveOptions(time_limit=2, workers=1, seed=0))
    if result.has_plan:
        out.disagreements.append("check reports errors but the model has a plan: "
                                 + "；".join(f.message for f in errors)[:400])
    return True


# --------------------------------------------------------------------------- model domains

# Rules a session breaks or keeps on its own, whatever the other sessions do.
LOCAL_RULES = frozenset({"session_once", "class_window", "site_calendar", "teacher_count",
                         "teacher_qualified", "teacher_available", "venue_fit", "venue_capacity"})
DOMAIN_SESSIONS = 2  # sessions per plan whose every placement is tried


def _domains_agree(path: Path, plan_path: Path, out: Outcome) -> None:
    """expand's options against the checker, one session moved at a time (teachers and venue
    kept): a placement the checker accepts in a valid plan is in the model's domain, and a
    placement in the domain breaks no rule of the session's own."""
    from scheduler.check import validate_plan
    from scheduler.domain import load_instance
    from scheduler.domain.plan import Plan
    from scheduler.expand import expand

    instance = load_instance(path)
    expansion = expand(instance)
    plan = Plan.model_validate_json(plan_path.read_text(encoding="utf-8"))
    rng = random.Random(out.seed)
    entries = rng.sample(range(len(plan.sessions)), min(DOMAIN_SESSIONS, len(plan.sessions)))
    for index in entries:
        _people_and_rooms_agree(instance, expansion, plan, index, out)
        entry = plan.sessions[index]
        session = expansion.by_id[entry.id]
        site = session.site
        domain = {(slot.date, slot.first_block): t for t, slot in enumerate(session.slots)}
        for day in _term_days(instance):
            for first in range(len(site.blocks) - session.item.length + 1):
                run = site.blocks[first:first + session.item.length]
                moved = entry.model_copy(update={
                    "date": day, "start": run[0].start.strftime("%H:%M"),
                    "end": run[-1].end.strftime("%H:%M"), "blocks": [b.name for b in run]})
                sessions = list(plan.sessions)
                sessions[index] = moved
                broken = {v.rule for v in validate_plan(instance, plan.model_copy(update={"sessions": sessions}))}
                t = domain.get((day, first))
                usable = t is not None and all(
                    c.allows(t) for c in session.teachers if c.id in entry.teachers) and all(
                    c.allows(t) for c in session.venues if c.id == entry.venue)
                if not broken and not usable:
                    out.disagreements.append(f"{entry.id} at {day} {run[0].name}: the checker accepts "
                                             "it, the model's options leave it out")
                if usable and broken & LOCAL_RULES:
                    out.disagreements.append(f"{entry.id} at {day} {run[0].name}: in the model's options, "
                                             f"the checker finds {sorted(broken & LOCAL_RULES)}")


def _people_and_rooms_agree(instance, expansion, plan, index: int, out: Outcome) -> None:
    """At the session's own time: each other venue, and each other teacher in place of its
    first, is accepted by the checker exactly when expand offers it there."""
    from scheduler.check import validate_plan

    entry = plan.sessions[index]
    session = expansion.by_id[entry.id]
    t = next(k for k, slot in enumerate(session.slots)
             if slot.date == entry.date and slot.block_names == tuple(entry.blocks))
    trials = []
    if entry.venue is not None:
        offered = {c.id for c in session.venues if c.allows(t)}
        trials += [("venue", v.id, {"venue": v.id}, v.id in offered)
                   for v in instance.venues if v.id != entry.venue]
    if entry.teachers:
        offered = {c.id for c in session.teachers if c.allows(t)}
        trials += [("teacher", p.id, {"teachers": [p.id, *entry.teachers[1:]]}, p.id in offered)
                   for p in instance.teachers if p.id not in entry.teachers]
    for what, who, update, in_domain in trials:
        sessions = list(plan.sessions)
        sessions[index] = entry.model_copy(update=update)
        broken = {v.rule for v in validate_plan(instance, plan.model_copy(update={"sessions": sessions}))}
        if not broken and not in_domain:
            out.disagreements.append(f"{entry.id} with {what} {who}: the checker accepts it, the "
                                     "model's options leave it out")
        if in_domain and broken & LOCAL_RULES - {"teacher_count"}:
            out.disagreements.append(f"{entry.id} with {what} {who}: in the model's options, the "
                                     f"checker finds {sorted(broken & LOCAL_RULES)}")


def _term_days(instance) -> list[dt.date]:
    term = instance.term
    return [term.start + dt.timedelta(days=k) for k in range((term.end - term.start).days + 1)]


# --------------------------------------------------------------------------- plan mutations

class _Plans:
    """What mutations need to know of the instance (calendar, audiences) and the solved plan."""

    def __init__(self, path: Path, plan_path: Path):
        from scheduler.calendar import TermCalendar
        from scheduler.domain import load_instance

        self.instance = load_instance(path)
        self.plan = json.loads(plan_path.read_text(encoding="utf-8"))
        self.calendar = TermCalendar(self.instance.term)
        self.term_days = [self.instance.term.start + dt.timedelta(days=k)
                          for k in range((self.instance.term.end - self.instance.term.start).days + 1)]
        self.items = {(c.id, i.id): (c, i) for c in self.instance.classes for i in c.curriculum}

    def copy(self) -> dict:
        return copy.deepcopy(self.plan)

    def sessions(self, plan: dict) -> list[dict]:
        return plan["sessions"]

    def item_of(self, session: dict):
        class_id, item_id, _ = session["id"].split("/")
        return self.items[(class_id, item_id)]

    def site(self, session: dict):
        return self.instance.site(session["site"])

    def window(self, session: dict) -> tuple[dt.date, dt.date]:
        classes = [self.instance.term_class(c) for c in session["classes"]]
        return max(c.start for c in classes), min(c.end for c in classes)

    def audience(self, session: dict) -> int:
        _, item = self.item_of(session)
        return self.instance.audience(item, session["classes"])


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _place(session: dict, other: dict) -> None:
    session["date"], session["start"], session["end"] = other["date"], other["start"], other["end"]
    session["blocks"] = list(other["blocks"])


def _mutations(path: Path, plan_path: Path, workdir: Path, out: Outcome, call) -> None:
    from scheduler.rules import rule_name

    ctx = _Plans(path, plan_path)
    rng = random.Random(out.seed)
    for rule, make in MUTATIONS:
        plan = make(ctx, ctx.copy(), rng)
        if plan is None:
            continue
        out.mutations[rule] += 1
        broken = workdir / f"diff-{out.seed}-{rule}.json"
        broken.write_text(json.dumps(plan, ensure_ascii=False, default=str), encoding="utf-8")
        code, output = call("validate", path, broken)
        wanted = "软约束罚分重新计算为" if rule == "objective" else f"[{rule_name(rule)}]"
        if code == 1 and wanted in output:
            out.caught[rule] += 1
        else:
            out.disagreements.append(f"mutation {rule}: validate exit {code}, {wanted} not named: "
                                     f"{output[-300:]}")


def _move_to_day(ctx: _Plans, plan: dict, rng, inside_window: bool, teaching: bool) -> dict | None:
    """Move the first session that can go to a day inside (or outside) its window on which its
    site teaches (or does not)."""
    for session in ctx.sessions(plan):
        first, last = ctx.window(session)
        site = ctx.site(session)
        days = [d for d in ctx.term_days
                if (first <= d <= last) == inside_window and ctx.calendar.site_teaches(site, d) == teaching]
        if days:
            session["date"] = rng.choice(days).isoformat()
            return plan
    return None


def _on_holiday(ctx: _Plans, plan: dict, rng) -> dict | None:
    return _move_to_day(ctx, plan, rng, inside_window=True, teaching=False)


def _outside_window(ctx: _Plans, plan: dict, rng) -> dict | None:
    return _move_to_day(ctx, plan, rng, inside_window=False, teaching=True)


def _teacher_clash(ctx: _Plans, plan: dict, rng) -> dict | None:
    sessions = ctx.sessions(plan)
    for a in sessions:
        for b in sessions:
            if a is not b and a["teachers"] and b["teachers"] and a["teachers"][0] not in b["teachers"]:
                _place(b, a)
                b["teachers"][0] = a["teachers"][0]
                return plan
    return None


def _outside(teacher, site) -> bool:
    """Whether the site lies outside the teacher's tiers or townships."""
    return ((teacher.tiers is not None and site.tier not in teacher.tiers)
            or (teacher.townships is not None and site.township not in teacher.townships))


def _unqualified(ctx: _Plans, plan: dict, rng) -> dict | None:
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        site = ctx.site(session)
        for teacher in ctx.instance.teachers:
            if teacher.id in session["teachers"] or not session["teachers"]:
                continue
            if item.topic not in teacher.topics or _outside(teacher, site):
                session["teachers"][0] = teacher.id
                return plan
    return None


def _out_of_scope(ctx: _Plans, plan: dict, rng) -> dict | None:
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        site = ctx.site(session)
        for teacher in ctx.instance.teachers:
            if teacher.id in session["teachers"] or item.topic not in teacher.topics:
                continue
            if _outside(teacher, site):
                session["teachers"][-1] = teacher.id
                return plan
    return None


def _drop_named(ctx: _Plans, plan: dict, rng) -> dict | None:
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        if item.teachers:
            others = [t.id for t in ctx.instance.teachers
                      if item.topic in t.topics and t.id not in session["teachers"]]
            named = session["teachers"].index(item.teachers[0])
            if others:
                session["teachers"][named] = others[0]
            else:
                del session["teachers"][named]
            return plan
    return None


def _small_venue(ctx: _Plans, plan: dict, rng) -> dict | None:
    for session in ctx.sessions(plan):
        if not session["venue"]:
            continue
        kind = ctx.instance.venue(session["venue"]).kind
        small = [v for v in ctx.instance.venues if v.kind is kind and v.id != session["venue"]
                 and v.capacity + v.overflow < ctx.audience(session)]
        if small:
            session["venue"] = small[0].id
            return plan
    return None


def _wrong_venue_kind(ctx: _Plans, plan: dict, rng) -> dict | None:
    for session in ctx.sessions(plan):
        if session["venue"] is None:
            session["venue"] = ctx.instance.venues[0].id  # an online session given a room
            return plan
        kind = ctx.instance.venue(session["venue"]).kind.value
        other = [v for v in ctx.instance.venues if (v.kind.value == "field") != (kind == "field")]
        if other:
            session["venue"] = other[0].id
            return plan
    return None


def _break_order(ctx: _Plans, plan: dict, rng) -> dict | None:
    sessions = ctx.sessions(plan)
    for session in sessions:
        term_class, item = ctx.item_of(session)
        attended = [s for s in sessions if term_class.id in s["classes"] and s is not session]
        if item.first or item.last:
            others = [s for s in attended if ctx.item_of(s)[1] is not item]
            if others:
                def key(s):
                    return s["date"], s["start"]
                _place(session, max(others, key=key) if item.first else min(others, key=key))
                return plan
        for before in item.after:
            earlier = [s for s in sessions if s["id"].startswith(f"{term_class.id}/{before}/")]
            if earlier:
                _place(session, earlier[0])
                return plan
    return None


def _daily_limit(ctx: _Plans, plan: dict, rng) -> dict | None:
    return _crowd(ctx, plan, "max_per_day", lambda k, day: day)


def _weekly_limit(ctx: _Plans, plan: dict, rng) -> dict | None:
    def spread(k: int, day: dt.date) -> dt.date:  # day k of the Monday-to-Sunday week of `day`
        monday = day - dt.timedelta(days=day.isoweekday() - 1)
        return monday + dt.timedelta(days=k % 7)
    return _crowd(ctx, plan, "max_per_week", spread)


def _crowd(ctx: _Plans, plan: dict, limit: str, day_of) -> dict | None:
    """cap + 1 sessions given to a teacher with that cap, moved into one day or one week."""
    sessions = ctx.sessions(plan)
    for teacher in ctx.instance.teachers:
        cap = getattr(teacher, limit)
        if cap is None or len(sessions) <= cap:
            continue
        chosen = sessions[:cap + 1]
        anchor = _date(chosen[0]["date"])
        for k, session in enumerate(chosen):
            session["date"] = day_of(k, anchor).isoformat()
            if teacher.id not in session["teachers"]:
                if session["teachers"]:
                    session["teachers"][0] = teacher.id
                else:
                    session["teachers"] = [teacher.id]
        return plan
    return None


def _obligation(ctx: _Plans, plan: dict, rng) -> dict | None:
    from scheduler.check.periods import obligation_periods

    term = ctx.instance.term
    for teacher in ctx.instance.teachers:
        if not any(obligation_periods(o.period, term.start, term.end) for o in teacher.obligations):
            continue
        stand_in = next((t.id for t in ctx.instance.teachers if t.id != teacher.id), None)
        if stand_in is None:
            return None
        for session in ctx.sessions(plan):
            session["teachers"] = [stand_in if t == teacher.id else t for t in session["teachers"]]
        return plan
    return None


def _unavailable_teacher(ctx: _Plans, plan: dict, rng) -> dict | None:
    rules = {t.id: list(t.unavailable) + [b.when for b in ctx.instance.blackouts
                                          if t.id in b.teachers or t.kind in b.teacher_kinds]
             for t in ctx.instance.teachers}
    for session in ctx.sessions(plan):
        site = ctx.site(session)
        for teacher_id in session["teachers"]:
            for day in ctx.term_days:
                for block in site.blocks:
                    if any(r.matches(day, block.name) for r in rules[teacher_id]):
                        session["date"] = day.isoformat()
                        session["start"], session["end"] = block.start.strftime("%H:%M"), block.end.strftime("%H:%M")
                        session["blocks"] = [block.name]
                        return plan
    return None


def _drop_session(ctx: _Plans, plan: dict, rng) -> dict | None:
    del plan["sessions"][rng.randrange(len(plan["sessions"]))]
    return plan


def _duplicate_session(ctx: _Plans, plan: dict, rng) -> dict | None:
    plan["sessions"].append(copy.deepcopy(rng.choice(plan["sessions"])))
    return plan


def _venue_clash(ctx: _Plans, plan: dict, rng) -> dict | None:
    with_room = [s for s in ctx.sessions(plan) if s["venue"]]
    if len(with_room) < 2:
        return None
    a, b = with_room[0], with_room[1]
    _place(b, a)
    b["venue"] = a["venue"]
    return plan


def _class_clash(ctx: _Plans, plan: dict, rng) -> dict | None:
    sessions = ctx.sessions(plan)
    for a in sessions:
        for b in sessions:
            if a is not b and set(a["classes"]) & set(b["classes"]):
                _place(b, a)
                return plan
    return None


def _wrong_end(ctx: _Plans, plan: dict, rng) -> dict | None:
    session = rng.choice(ctx.sessions(plan))
    hours, minutes = map(int, session["end"].split(":"))
    session["end"] = f"{hours:02d}:{(minutes + 7) % 60:02d}" if minutes + 7 < 60 else f"{hours:02d}:{minutes - 7:02d}"
    return plan


def _penalty_changed(ctx: _Plans, plan: dict, rng) -> dict | None:
    """A move that keeps every hard rule but changes the total penalty (the checker finds it)."""
    from scheduler.check import score_plan, validate_plan
    from scheduler.domain.plan import Plan

    base = Plan.model_validate(plan)
    total = sum(p.penalty for p in score_plan(ctx.instance, base))
    tries = 0
    for session in plan["sessions"]:
        for day in ctx.term_days:
            if day.isoformat() == session["date"]:
                continue
            tries += 1
            if tries > MAX_PENALTY_TRIES:
                return None
            trial = copy.deepcopy(plan)
            next(s for s in trial["sessions"] if s["id"] == session["id"])["date"] = day.isoformat()
            candidate = Plan.model_validate(trial)
            if not validate_plan(ctx.instance, candidate) and \
                    sum(p.penalty for p in score_plan(ctx.instance, candidate)) != total:
                return trial
    return None


MAX_PENALTY_TRIES = 60

MUTATIONS = (
    ("site_calendar", _on_holiday),
    ("class_window", _outside_window),
    ("teacher_no_overlap", _teacher_clash),
    ("teacher_qualified", _unqualified),
    ("teacher_qualified", _out_of_scope),
    ("teacher_count", _drop_named),
    ("venue_capacity", _small_venue),
    ("venue_fit", _wrong_venue_kind),
    ("ordering", _break_order),
    ("teacher_daily_limit", _daily_limit),
    ("teacher_weekly_limit", _weekly_limit),
    ("teacher_obligation", _obligation),
    ("teacher_available", _unavailable_teacher),
    ("session_once", _drop_session),
    ("session_once", _duplicate_session),
    ("venue_no_overlap", _venue_clash),
    ("class_no_overlap", _class_clash),
    ("site_calendar", _wrong_end),
    ("venue_topic", policy_mutations.wrong_topic_venue),
    ("teacher_role", policy_mutations.unfit_teacher),
    ("four_plus_n", policy_mutations.missing_main_topic),
    ("interactive_share", policy_mutations.no_interactive),
    ("class_hours", policy_mutations.too_few_hours),
    ("objective", _penalty_changed),
)


# --------------------------------------------------------------------------- the run

@dataclass
class Summary:
    instances: int = 0
    verdicts: Counter = field(default_factory=Counter)
    disagreements: list[tuple[int, str]] = field(default_factory=list)
    exit3: int = 0
    mutations: Counter = field(default_factory=Counter)
    caught: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, outcome: Outcome) -> None:
        self.instances += 1
        self.verdicts[outcome.verdict] += 1
        self.disagreements += [(outcome.seed, d) for d in outcome.disagreements]
        self.exit3 += outcome.exit3
        self.mutations.update(outcome.mutations)
        self.caught.update(outcome.caught)


def run(instances: int, seed: int, mutate: bool = True, progress=None) -> Summary:
    summary = Summary()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="differential-") as tmp:
        for k in range(instances):
            summary.add(run_instance(seed * 100_000 + k, Path(tmp), mutate))
            if progress:
                progress(summary)
    summary.seconds = time.perf_counter() - started
    return summary


def report(summary: Summary, command: str) -> str:
    lines = [
        f"Measured {dt.date.today()} on {platform.machine()}, Python {platform.python_version()}; "
        f"command: `{command}` ({summary.seconds:.0f} s).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| instances tried | {summary.instances} |",
        *(f"| {name} | {summary.verdicts.get(name, 0)} |"
          for name in ("feasible", "infeasible", "lint", "input", "undecided")),
        f"| disagreements | {len(summary.disagreements)} |",
        f"| exit 3 / traceback | {summary.exit3} |",
        f"| plan mutations tried | {sum(summary.mutations.values())} |",
        f"| plan mutations caught | {sum(summary.caught.values())} |",
        "",
        "| mutation (rule it breaks) | tried | caught |",
        "|---|---|---|",
        *(f"| {rule} | {summary.mutations[rule]} | {summary.caught[rule]} |" for rule in sorted(summary.mutations)),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-mutations", action="store_true")
    parser.add_argument("--record", action="store_true", help="append the numbers to RESULTS.md")
    parser.add_argument("--snapshot", help="rewrite this file with the numbers every 50 instances")
    args = parser.parse_args(argv)
    command = f"python -m benchmarks.differential --instances {args.instances} --seed {args.seed}"
    started = time.perf_counter()

    def progress(summary: Summary) -> None:
        if summary.instances % 50 == 0:
            print(f"{summary.instances} instances, {dict(summary.verdicts)}, "
                  f"{len(summary.disagreements)} disagreements", file=sys.stderr, flush=True)
            if args.snapshot:  # the numbers so far, should the run be cut short
                summary.seconds = time.perf_counter() - started
                Path(args.snapshot).write_text(report(summary, command) + "\n" + "\n".join(
                    f"seed {seed}: {d}" for seed, d in summary.disagreements) + "\n", encoding="utf-8")

    summary = run(args.instances, args.seed, not args.no_mutations, progress)
    table = report(summary, command)
    print(table)
    for seed, disagreement in summary.disagreements:
        print(f"seed {seed}: {disagreement}")
    if args.record:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write(f"\n## Differential test of the faces (issue 17)\n\n{table}\n")
    return 1 if summary.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
