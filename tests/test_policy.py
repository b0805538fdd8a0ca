"""The policy rules (issue 21 §1): each rule's model face keeps it when the solver has a choice,
its checker catches a plan that breaks it, lint sees it before solving where it can, the
instance's `policies` make it hard, soft or off, and explain and whatif name it.

(tests/test_solve_rules.py holds each one's infeasible case: the model forbids it, and with
the rule left out the checker catches the plan.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from builders import item, klass, make
from click.testing import CliRunner

from scheduler.check import score_plan, validate_plan
from scheduler.check.compliance import compliance
from scheduler.check.context import CheckContext
from scheduler.cli import main
from scheduler.domain import Instance
from scheduler.expand import expand
from scheduler.explain import describe, explain_expansion
from scheduler.lint import lint
from scheduler.solve import SolveOptions, solve_expansion, to_plan

DAY = "2024-03-05"
ONE_BLOCK = [{"id": "county", "name": "县委党校", "tier": "county", "township": "qy",
              "blocks": [{"name": "上午", "start": "08:30", "end": "11:30"}]}]
# 上午 counts 4 class hours, 下午 the default 3
UNEVEN = [{"id": "county", "name": "县委党校", "tier": "county", "township": "qy",
           "blocks": [{"name": "上午", "start": "08:30", "end": "11:30", "hours": 4},
                      {"name": "下午", "start": "14:30", "end": "17:30"}]}]
FARMS = [{"id": "orchard", "name": "果园", "kind": "field", "township": "qy", "capacity": 50,
          "themes": ["果树技术"]},
         {"id": "redbase", "name": "红色教育基地", "kind": "field", "township": "qy", "capacity": 50,
          "topics": ["A"]}]
TOPICS = [{"id": "A", "name": "政治理论"}, {"id": "B", "name": "果树修剪", "themes": ["果树技术"]}]


def solved(instance: Instance):
    expansion = expand(instance)
    result = solve_expansion(expansion, SolveOptions(time_limit=5, workers=1, seed=0))
    assert result.has_plan, result.status
    return to_plan(expansion, result)


def session(plan, session_id: str):
    return next(s for s in plan.sessions if s.id == session_id)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def errors(instance: Instance) -> list[str]:
    return [f.message for f in lint(expand(instance)) if f.severity == "error"]


def warnings(instance: Instance) -> list[str]:
    return [f.message for f in lint(expand(instance)) if f.severity != "error"]


# --- 1. venue_topic -------------------------------------------------------------------

def field_class(topic: str = "B", **changes) -> Instance:
    return make(klass("c1", DAY, DAY, item("f", topic=topic, mode="field")), sites=ONE_BLOCK,
                **{"venues": FARMS, "topics": TOPICS, **changes})


def test_a_field_session_goes_where_its_topic_is_served():
    plan = solved(field_class("B"))  # the orchard serves 果树技术, the theme of 果树修剪
    assert session(plan, "c1/f/1").venue == "orchard"
    plan = solved(field_class("A"))  # the red base lists 政治理论
    assert session(plan, "c1/f/1").venue == "redbase"


def test_the_checker_catches_a_field_session_at_a_venue_not_serving_it():
    instance = field_class("B")
    plan = solved(instance)
    session(plan, "c1/f/1").venue = "redbase"
    violations = validate_plan(instance, plan)
    assert [v.rule for v in violations] == ["venue_topic"]
    assert "红色教育基地" in violations[0].message and "果树修剪" in violations[0].message


def test_lint_names_a_field_item_no_venue_in_reach_serves():
    instance = field_class("B", venues=[FARMS[1]])
    found = [f for f in lint(expand(instance)) if f.severity == "error"]
    assert found and found[0].path == ("classes", 0, "curriculum", 0, "topic")
    assert "venue_topic" in found[0].message
    soft = field_class("B", venues=[FARMS[1]], policies={"venue_topic": "soft"})
    assert not errors(soft) and any("venue_topic" in m for m in warnings(soft))
    off = field_class("B", venues=[FARMS[1]], policies={"venue_topic": "off"})
    assert not errors(off) and not warnings(off)


def test_a_venue_listing_nothing_serves_every_topic():
    open_farm = [{"id": "farm", "name": "基地", "kind": "field", "township": "qy", "capacity": 50}]
    instance = field_class("B", venues=open_farm)
    assert validate_plan(instance, solved(instance)) == []


# --- 2. teacher_role ------------------------------------------------------------------

def role_class(**item_extra) -> Instance:
    return make(klass("c1", DAY, DAY, item("a", title="书记讲党课", **item_extra)), sites=ONE_BLOCK,
                teachers__t2={"role": "书记", "kind": "cadre"})


@pytest.mark.parametrize("requirement", [{"teacher_role": "书记"}, {"teacher_kind": "领导干部"},
                                         {"teacher_role": "书记", "teacher_kind": "cadre"}])
def test_an_item_requiring_a_role_or_kind_gets_such_a_teacher(requirement):
    plan = solved(role_class(**requirement))
    assert session(plan, "c1/a/1").teachers == ["t2"]


def test_the_checker_catches_a_session_without_the_required_teacher():
    instance = role_class(teacher_role="书记")
    plan = solved(instance)
    session(plan, "c1/a/1").teachers = ["t1"]
    violations = validate_plan(instance, plan)
    assert [v.rule for v in violations] == ["teacher_role"]
    assert "书记" in violations[0].message and "王老师" in violations[0].message


def test_lint_names_an_item_whose_role_nobody_qualified_holds():
    instance = make(klass("c1", DAY, DAY, item("a", teacher_role="书记")), sites=ONE_BLOCK)
    found = [f for f in lint(expand(instance)) if f.severity == "error"]
    assert found[0].path == ("classes", 0, "curriculum", 0, "teacher_role")
    assert "书记" in found[0].message


def test_explain_names_the_role_when_the_only_secretary_is_needed_twice_at_once():
    # two classes on one half-day, each asking for the one 书记: lint cannot see it
    instance = make(klass("c1", DAY, DAY, item("a", teacher_role="书记")),
                    klass("c2", DAY, DAY, item("a", teacher_role="书记")), sites=ONE_BLOCK,
                    teachers__t2={"role": "书记"})
    assert not errors(instance)
    expansion = expand(instance)
    explanation = explain_expansion(expansion, time_limit=10)
    assert explanation.status == "INFEASIBLE"
    assert {g[0] for g in explanation.groups} & {"teacher_role"}
    text = "\n".join(describe(explanation, expansion))
    assert "课程要求的教师类型或职务" in text and "须由书记讲授" in text


def test_a_whatif_that_loses_the_secretary_says_so(tmp_path):
    data = yaml.safe_load((Path(__file__).parent / "data" / "tiny.yaml").read_text(encoding="utf-8"))
    next(t for t in data["teachers"] if t["id"] == "li")["role"] = "书记"
    dy_class = next(c for c in data["classes"] if c["id"] == "dy_class")
    dy_class["curriculum"][0]["teacher_role"] = "书记"
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run("solve", path, "--time-limit", "5", "--workers", "1", "-o", tmp_path / "p.json").exit_code == 0
    result = run("whatif", path, "--baseline", tmp_path / "p.json", "--drop-teacher", "li",
                 "--from", "2024-03-04", "--workers", "1", "--time-limit", "10", "-o", tmp_path / "r.json")
    assert result.exit_code == 1, result.output
    assert "dy_class/party/1" in result.output and "teacher_role" in result.output
    replanned = yaml.safe_load((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [u["id"] for u in replanned["unplaced"]] == ["dy_class/party/1"]


# --- 3. four_plus_n -------------------------------------------------------------------

MAIN = [{"id": "A", "name": "政治理论", "main": True}, {"id": "B", "name": "党建实务", "main": True}]


def four_class(**changes) -> Instance:
    return make({**klass("c1", DAY, "2024-03-06", item("a")), "four_plus_n": True},
                klass("c2", DAY, "2024-03-06", item("b", topic="B", joint_with=["c1"]), trainees=20),
                topics=MAIN, **changes)


def test_four_plus_n_counts_joint_sessions_in_lint_and_checker():
    instance = four_class()
    assert not errors(instance)
    plan = solved(instance)
    assert validate_plan(instance, plan) == []
    plan.sessions = [s for s in plan.sessions if s.id != "c2/b/1"]  # the joint 党建实务 gone
    assert "four_plus_n" in {v.rule for v in validate_plan(instance, plan)}


def test_four_plus_n_soft_costs_each_missing_topic_and_both_faces_agree():
    instance = make({**klass("c1", DAY, DAY, item("a")), "four_plus_n": True}, topics=MAIN,
                    policies={"four_plus_n": {"level": "soft", "weight": 7}})
    assert not errors(instance) and any("党建实务" in m for m in warnings(instance))
    plan = solved(instance)
    assert validate_plan(instance, plan) == []
    penalty = next(p for p in score_plan(instance, plan) if p.rule == "four_plus_n")
    assert (penalty.violations, penalty.penalty) == (1, 7)
    assert plan.objective == sum(p.penalty for p in score_plan(instance, plan))


# --- 4. interactive_share -------------------------------------------------------------

def share_class(**changes) -> Instance:
    """One day: a lecture and a case session; the case must take the 4-hour morning for
    half of the class's hours to be interactive."""
    standards = {"interactive_methods": ["案例", "研讨"], "min_interactive_percent": 50, "min_case_percent": 100}
    return make(klass("c1", DAY, DAY, item("lecture"), item("case", method="案例")), sites=UNEVEN,
                **{"standards": standards, **changes})


def test_the_solver_gives_interactive_teaching_the_longer_block():
    instance = share_class()
    plan = solved(instance)
    assert session(plan, "c1/case/1").blocks == ["上午"]
    rows = [r for r in compliance(CheckContext(instance, plan)) if r.rule == "interactive_share"]
    assert rows[0].met and "4/7" in rows[0].planned


def test_the_checker_catches_too_little_interactive_and_case_teaching():
    instance = share_class()
    plan = solved(instance)
    a, b = session(plan, "c1/lecture/1"), session(plan, "c1/case/1")
    (a.start, a.end, a.blocks), (b.start, b.end, b.blocks) = (b.start, b.end, b.blocks), (a.start, a.end, a.blocks)
    violations = validate_plan(instance, plan)
    assert [v.rule for v in violations] == ["interactive_share"]
    assert "3 学时" in violations[0].message and "50%" in violations[0].message
    # a discussion counts as interactive but not as case teaching
    discussion = share_class(standards={"interactive_methods": ["案例", "研讨"], "min_case_percent": 50})
    data = discussion.model_dump(mode="json")
    data["classes"][0]["curriculum"][1]["method"] = "研讨"
    discussion = Instance.model_validate(data)
    assert any("案例教学最多 0 学时" in m for m in errors(discussion))


def test_lint_names_a_class_whose_share_no_placement_reaches():
    instance = share_class(standards={"interactive_methods": ["案例"], "min_interactive_percent": 60})
    found = [f for f in lint(expand(instance)) if f.severity == "error"]
    assert found[0].path == ("classes", 0) and "60%" in found[0].message


def test_no_interactive_methods_listed_means_the_share_is_not_measured():
    instance = make(klass("c1", DAY, DAY, item("a")))
    assert not errors(instance)
    assert not [r for r in compliance(CheckContext(instance, solved(instance))) if r.rule == "interactive_share"]


def test_interactive_share_soft_weighs_the_missing_hours():
    instance = make(klass("c1", DAY, DAY, item("a"), item("b")), sites=UNEVEN,
                    standards={"interactive_methods": ["案例"]},
                    policies={"interactive_share": {"level": "soft", "weight": 3}})
    plan = solved(instance)
    penalty = next(p for p in score_plan(instance, plan) if p.rule == "interactive_share")
    assert penalty.violations == 3  # 30 % of 7 hours, rounded up, with none interactive
    assert plan.objective == sum(p.penalty for p in score_plan(instance, plan))


# --- 5. class_hours -------------------------------------------------------------------

def hours_class(policies=None, **bounds) -> Instance:
    return make({**klass("c1", DAY, DAY, item("a")), **bounds}, sites=UNEVEN, policies=policies or {})


@pytest.mark.parametrize("bounds, block", [({"max_hours": 3}, "下午"), ({"min_hours": 4}, "上午")])
def test_the_solver_keeps_a_class_within_its_hours(bounds, block):
    plan = solved(hours_class(**bounds))
    assert session(plan, "c1/a/1").blocks == [block]


def test_the_checker_catches_a_class_over_its_hours():
    instance = hours_class(max_hours=3)
    plan = solved(instance)
    entry = session(plan, "c1/a/1")
    entry.start, entry.end, entry.blocks = "08:30", "11:30", ["上午"]
    violations = validate_plan(instance, plan)
    assert [v.rule for v in violations] == ["class_hours"]
    assert "4 学时" in violations[0].message


@pytest.mark.parametrize("bounds, field", [({"min_hours": 5}, "min_hours"), ({"max_hours": 2}, "max_hours")])
def test_lint_names_hours_no_placement_reaches(bounds, field):
    found = [f for f in lint(expand(hours_class(**bounds))) if f.severity == "error"]
    assert found[0].path == ("classes", 0, field)


def test_class_hours_off_is_neither_posted_nor_checked():
    instance = hours_class(min_hours=5, policies={"class_hours": "off"})
    assert not errors(instance)
    assert validate_plan(instance, solved(instance)) == []


# --- settings, compliance table -------------------------------------------------------

@pytest.mark.parametrize("policies, standards, words", [
    ({"no_such_rule": "hard"}, {}, "未知的政策规则"),
    ({"class_hours": "maybe"}, {}, "policies"),
    ({"class_hours": {"level": "soft", "weight": -1}}, {}, "weight"),
    ({}, {"min_interactive_percent": 150}, "min_interactive_percent"),
])
def test_bad_policy_settings_are_located_input_errors(tmp_path, policies, standards, words):
    data = yaml.safe_load((Path(__file__).parent / "data" / "tiny.yaml").read_text(encoding="utf-8"))
    data["policies"], data["standards"] = policies, standards
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output


def test_validate_prints_the_compliance_table(tmp_path):
    instance = share_class()
    plan = solved(instance)
    data = instance.model_dump(mode="json", exclude_defaults=True)
    (tmp_path / "i.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "p.json").write_text(plan.model_dump_json(), encoding="utf-8")
    result = run("validate", tmp_path / "i.yaml", tmp_path / "p.json")
    assert result.exit_code == 0, result.output
    assert "政策规则达标情况" in result.output and "互动式教学比例" in result.output
    assert "互动式 4/7 学时（57%）" in result.output


@pytest.mark.parametrize("written, level", [("off", "off"), ("no", "off"), ("{level: off}", "off"),
                                            ("不考核", "off"), ("尽量", "soft"), ("{level: soft, weight: 2}", "soft")])
def test_policy_levels_read_as_written_in_yaml(tmp_path, written, level):
    from scheduler.domain import load_instance

    text = (Path(__file__).parent / "data" / "tiny.yaml").read_text(encoding="utf-8")
    path = tmp_path / "levels.yaml"
    path.write_text(text + f"\npolicies:\n  class_hours: {written}\n", encoding="utf-8")
    assert load_instance(path).policy("class_hours").value == level


@pytest.mark.parametrize("rule, instance", [
    ("teacher_role", lambda policies: make(klass("c1", DAY, DAY, item("a", teacher_role="书记")), sites=ONE_BLOCK,
                                           policies=policies)),
    ("venue_topic", lambda policies: field_class("B", venues=[FARMS[1]], policies=policies)),
])
def test_a_soft_policy_rule_is_bent_at_its_weight_and_both_faces_agree(rule, instance):
    bent = instance({rule: {"level": "soft", "weight": 9}})
    plan = solved(bent)
    assert validate_plan(bent, plan) == []
    penalty = next(p for p in score_plan(bent, plan) if p.rule == rule)
    assert (penalty.violations, penalty.penalty) == (1, 9) and penalty.worst
    assert plan.objective == sum(p.penalty for p in score_plan(bent, plan))


@pytest.mark.parametrize("rule, instance", [
    ("class_hours", lambda: hours_class(max_hours=2)),
    ("venue_topic", lambda: field_class("B", venues=[FARMS[1]])),
    ("interactive_share", lambda: share_class(standards={"interactive_methods": ["案例"],
                                                         "min_interactive_percent": 60})),
    ("four_plus_n", lambda: make({**klass("c1", DAY, DAY, item("a")), "four_plus_n": True}, topics=MAIN)),
])
def test_explain_names_each_hard_policy_rule(rule, instance):
    expansion = expand(instance())
    explanation = explain_expansion(expansion, time_limit=10)
    assert explanation.status == "INFEASIBLE"
    assert [g[0] for g in explanation.groups] == [rule]
    assert describe(explanation, expansion)[1:2] and "政策规则 " + rule in "\n".join(describe(explanation, expansion))


def test_lint_names_an_item_whose_named_teachers_leave_no_seat_for_the_role():
    instance = make(klass("c1", DAY, DAY, item("a", teacher_role="书记", teachers=["t1"])), sites=ONE_BLOCK,
                    teachers__t2={"role": "书记"})
    assert any("书记" in m for m in errors(instance))
    assert not errors(make(klass("c1", DAY, DAY, item("a", teacher_role="书记", teachers=["t1"], teacher_count=2)),
                           sites=ONE_BLOCK, teachers__t2={"role": "书记"}))
