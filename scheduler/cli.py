"""The `scheduler` command line. Thin: each command reads its input, calls the pieces, reports.

Exit codes: 0 success; 1 infeasible, or violations / findings; 2 bad input; 3 internal error;
130 interrupted (Ctrl-C) before any plan was found.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from scheduler import text
from scheduler.calendar import CalendarError
from scheduler.domain import InputError, Instance, load_instance, load_plan
from scheduler.files import WriteError, ensure_writable, os_reason, write_atomic

EXIT_OK, EXIT_FOUND, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C with nothing to keep (as the shell reports a process it stopped)


def _fail(lines: list[str], code: int) -> None:
    from scheduler.domain.loading import visible  # user text in a message: no raw escapes

    for line in lines:
        click.echo("\n".join(visible(part) for part in line.split("\n")), err=True)
    sys.exit(code)


def guarded(command):
    """Turn bad input into a message and exit code 2, and never show a traceback to users."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                return command(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a reader that went away shows up here, inside the guard
        except BrokenPipeError:
            _quiet_closed_pipe()
        except InputError as exc:
            _fail([text.BAD_INPUT, *(f"  {m}" for m in exc.messages)], EXIT_INPUT)
        except CalendarError as exc:
            _fail([text.BAD_INPUT, f"  {exc}"], EXIT_INPUT)
        except WriteError as exc:
            _fail([text.WRITE_FAILED.format(path=exc.filename, reason=os_reason(exc))], EXIT_INPUT)
        except OSError as exc:
            _fail([text.OS_ERROR.format(path=exc.filename or "", error=os_reason(exc))], EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence for users
            if os.environ.get("SCHEDULER_DEBUG"):
                raise
            from scheduler.calendars.urls import redact  # a URL's password never reaches the screen

            _fail([text.INTERNAL_ERROR.format(error=redact(f"{type(exc).__name__}: {exc}"))], EXIT_INTERNAL)

    return wrapper


def _quiet_closed_pipe() -> None:
    """The reader of our output went away (`show … | head`): not an error. Point the standard
    streams at devnull so that nothing fails again when Python flushes them at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
            pass
    os.close(devnull)
    sys.exit(EXIT_OK)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="party-school-scheduler")
def main() -> None:
    """县委党校、乡镇党校、农民夜校一体化排课引擎。"""


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件（默认输出到屏幕）")
@guarded
def schema(output: str | None) -> None:
    """输出实例文件格式的 JSON Schema，供编辑器补全和检查。"""
    content = json.dumps(Instance.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        write_atomic(output, content)
        click.echo(text.WROTE.format(path=output))
    else:
        click.echo(content, nl=False)


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@guarded
def check(instance_path: str) -> None:
    """求解前检查实例：引用、无人能讲的专题、容量、日期、授课任务。"""
    from scheduler.domain.loading import instance_lines, render_findings
    from scheduler.expand import expand
    from scheduler.lint import lint

    instance = load_instance(instance_path)
    findings = lint(expand(instance))
    data, lines = instance_lines(instance_path)
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    for label, group in ((text.ERROR, errors), (text.WARNING, warnings)):
        for line in render_findings(instance_path, data, lines, group):
            click.echo(f"{label}：{line}")
    counts = _instance_counts(instance)
    click.echo(text.CHECK_SUMMARY.format(errors=len(errors), warnings=len(warnings), **counts))
    sys.exit(EXIT_FOUND if errors else EXIT_OK)


def _instance_counts(instance: Instance) -> dict[str, int]:
    return {
        "classes": len(instance.classes),
        "sessions": sum(item.sessions for c in instance.classes for item in c.curriculum),
        "teachers": len(instance.teachers),
        "venues": len(instance.venues),
    }


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="计划文件（默认 solutions/<实例名>.json）")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="求解时间上限（秒）；到时保留已找到的最好方案")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="CP-SAT 并行线程数")
@click.option("--seed", type=int, default=0, show_default=True,
              help="随机种子；配合 --workers 1 可重现同一方案")
@click.option("--quiet", is_flag=True, help="不显示求解进度")
@guarded
def solve(instance_path: str, output: str | None, time_limit: float, workers: int, seed: int,
          quiet: bool) -> None:
    """求解一个学期计划，独立校验后写入计划文件并显示汇总。"""
    from scheduler.domain.loading import instance_lines, render_findings
    from scheduler.expand import expand
    from scheduler.lint import lint
    from scheduler.solve.control import Control

    # The time limit is wall seconds from here: loading, building, searching; the final
    # evaluation and check run after it (the control keeps time for them when it can).
    with Control(time_limit) as run:
        try:
            with run.abortable():  # nothing to keep yet: Ctrl-C stops at once
                run.phase("load")
                instance = load_instance(instance_path)
                output_path = Path(output) if output else Path("solutions") / f"{Path(instance_path).stem}.json"
                ensure_writable(output_path)  # before solving, not after
                expansion = expand(instance)
                errors = [f for f in lint(expansion) if f.severity == "error"]
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                _fail([text.INTERRUPTED_NO_PLAN], EXIT_INTERRUPTED)
            _fail([text.NO_PLAN_IN_TIME.format(status="UNKNOWN", seconds=0.0)], EXIT_FOUND)
        if errors:
            data, lines = instance_lines(instance_path)
            _fail([text.INFEASIBLE_BY_LINT,
                   *(f"  {m}" for m in render_findings(instance_path, data, lines, errors))], EXIT_FOUND)
        _solve_and_write(instance, expansion, output_path, time_limit, workers, seed, quiet, run)


def _solve_and_write(instance, expansion, output_path: Path, time_limit: float, workers: int, seed: int,
                     quiet: bool, run) -> None:
    """Solve under the command's control, check, write; Ctrl-C from here keeps the best plan."""
    from scheduler.check import score_plan, validate_plan
    from scheduler.lint import obligations_not_in_force
    from scheduler.report.tables import penalty_table, summary
    from scheduler.solve import command_options, solve_expansion, to_plan

    def progress(event: dict) -> None:
        if event["event"] == "solution":
            line = text.PROGRESS
        else:
            line = text.PROGRESS_STILL if event["solutions"] else text.PROGRESS_WAITING
        click.echo(line.format(**event), err=True)

    click.echo(text.SOLVING.format(sessions=len(expansion.sessions), limit=time_limit,
                                   workers=workers), err=True)
    options = command_options(time_limit, workers, seed, progress=None if quiet else progress)
    result = solve_expansion(expansion, options)
    if not result.has_plan:
        if run.interrupted:
            _fail([text.INTERRUPTED_NO_PLAN], EXIT_INTERRUPTED)
        if result.status == "INFEASIBLE":
            left = round(run.left(), 1)  # the explanation keeps within --time-limit
            _fail([text.INFEASIBLE.format(status=result.status, seconds=result.seconds),
                   *(_explain_lines(expansion, left) if left >= 0.5 else [text.WHATIF_EXPLAIN_NO_TIME])],
                  EXIT_FOUND)
        _fail([text.NO_PLAN_IN_TIME.format(status=result.status, seconds=result.seconds)], EXIT_FOUND)
    plan = to_plan(expansion, result)
    run.phase("check")
    violations = validate_plan(instance, plan)
    if violations:
        _fail([text.CHECKER_REJECTED, *(f"  [{v.rule}] {v.message}" for v in violations)], EXIT_INTERNAL)
    penalties = score_plan(instance, plan)
    if result.stats.get("evaluated") is False:  # the model's evaluation ran out of its time
        plan = plan.model_copy(update={"objective": sum(p.penalty for p in penalties)})
    if sum(p.penalty for p in penalties) != plan.objective:
        _fail([text.OBJECTIVE_DISAGREES.format(objective=plan.objective,
                                               total=sum(p.penalty for p in penalties))], EXIT_INTERNAL)
    plan = plan.model_copy(update={"penalties": penalties})
    run.phase("write")
    with run.critical():  # a second Ctrl-C waits for the file
        write_atomic(output_path, plan.model_dump_json(indent=2) + "\n")
    click.echo(summary(instance, plan, {
        "首个方案用时（秒）": round(result.first_solution_seconds or 0.0, 2),
        "模型规模（变量 / 约束）": f"{result.stats['variables']} / {result.stats['constraints']}",
        "独立校验": text.CHECK_PASSED,
    }))
    for line in obligations_not_in_force(instance):
        click.echo(f"{text.WARNING}：{line}")
    if penalties:
        click.echo()
        click.echo(penalty_table(penalties))
    click.echo(text.WROTE.format(path=output_path))
    if result.stats.get("wall_cut") and options.repeatable and not run.interrupted:
        click.echo(text.WALL_CUT, err=True)
    if run.interrupted:
        click.echo(text.INTERRUPTED_KEPT, err=True)


def _explain_lines(expansion, time_limit: float) -> list[str]:
    """Why there is no plan, in the user's words (a minimal set of conflicting requirements)."""
    from scheduler.explain import describe, explain_expansion
    from scheduler.explain.minimize import Explanation
    from scheduler.solve.control import running

    click.echo(text.EXPLAINING.format(limit=time_limit), err=True)
    with running(None) as run:
        run.extend(time_limit)  # a limit of its own, after the solve's
        try:
            with run.abortable():  # no plan to keep: Ctrl-C stops at once
                explanation = explain_expansion(expansion, time_limit=time_limit, workers=1)
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                _fail([text.INTERRUPTED_EXPLAIN], EXIT_INTERRUPTED)
            explanation = Explanation("UNKNOWN", seconds=time_limit)
    return describe(explanation, expansion)


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="查找原因的时间上限（秒）")
@guarded
def explain(instance_path: str, time_limit: float) -> None:
    """无解时说明原因：找出实例中不能同时满足的最少几条要求。"""
    from scheduler.explain import describe, explain_expansion
    from scheduler.explain.minimize import Explanation
    from scheduler.expand import expand
    from scheduler.solve.control import Control

    expansion = None
    with Control(time_limit) as run:
        try:
            with run.abortable():  # nothing to keep until the end: Ctrl-C stops at once
                instance = load_instance(instance_path)
                expansion = expand(instance)
                run.phase("explain")
                explanation = explain_expansion(expansion, time_limit=time_limit, workers=1)
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                _fail([text.INTERRUPTED_EXPLAIN], EXIT_INTERRUPTED)
            if expansion is None:  # the limit ran out while loading
                _fail([text.EXPLAIN_NO_TIME.format(limit=time_limit)], EXIT_FOUND)
            explanation = Explanation("UNKNOWN", seconds=time_limit)
    for line in describe(explanation, expansion):
        click.echo(line)
    # Infeasible (explained) and undecided within the time limit both exit 1; only a proven
    # feasible instance exits 0.
    if explanation.status != "FEASIBLE":
        sys.exit(EXIT_FOUND)


def _plan_for(instance: Instance, plan_path: str):
    """Load a plan and make sure it was made for this instance (else it is bad input)."""
    plan = load_plan(plan_path)
    if plan.instance != instance.name:
        raise InputError([text.PLAN_OF_OTHER_INSTANCE.format(path=plan_path, plan=plan.instance,
                                                             instance=instance.name)])
    return plan


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--changes", "changes_file", type=click.Path(),
              help="变动文件（YAML，与 whatif 的相同）：按这些变动校验重排的计划，代替计划记录的变动")
@click.option("--from", "from_date", type=click.DateTime(["%Y-%m-%d"]),
              help="--changes 的变动从哪天起（变动文件没有写 from 时）")
@guarded
def validate(instance_path: str, plan_path: str, changes_file: str | None, from_date) -> None:
    """独立校验一个计划（不使用求解模型）：每条违反的硬约束一行，再重新计算软约束罚分并与目标值核对。"""
    from scheduler.check import score_plan, validate_plan
    from scheduler.claims import (
        change_cost_mismatches,
        history_mismatches,
        penalty_mismatches,
        status_mismatches,
    )
    from scheduler.report.tables import penalty_table
    from scheduler.rules import rule_name
    from scheduler.whatif.changes import describe
    from scheduler.whatif.recorded import basis_for

    if from_date is not None and changes_file is None:
        raise InputError([text.VALIDATE_FROM_WITHOUT_CHANGES])
    instance = load_instance(instance_path)
    plan = _plan_for(instance, plan_path)
    # A replanned plan's recorded changes are honoured only against the baseline they name.
    basis = basis_for(instance, plan, plan_path, changes_file, from_date.date() if from_date else None)
    if basis.refused is not None:
        click.echo(text.CHANGES_NOT_HONOURED.format(reason=basis.refused), err=True)
    if basis.changes:
        click.echo(text.CHANGES_HONOURED.format(source=basis.source, start=basis.start), err=True)
        for change in basis.changes:
            click.echo(f"  - {describe(instance, change, basis.start)}", err=True)
    instance = basis.instance
    violations = validate_plan(instance, plan)
    for violation in violations:
        click.echo(f"[{rule_name(violation.rule)}] {violation.message}")
    penalties = score_plan(instance, plan)
    total = sum(p.penalty for p in penalties)
    click.echo(penalty_table(penalties))
    click.echo(text.PENALTY_TOTAL.format(total=total))
    # Every claim of the file is held against the plan: the objective always (a file that
    # says 0 and lists nothing is no exception), the breakdown when it gives one.
    problems = []
    if total != plan.objective:
        problems.append(text.OBJECTIVE_MISMATCH.format(total=total, objective=plan.objective))
    differing = penalty_mismatches(plan.penalties, penalties)
    if differing:
        problems += [text.PENALTIES_MISMATCH, *differing]
    problems += status_mismatches(plan)
    if basis.baseline is not None:
        problems += history_mismatches(plan, basis.baseline, str(basis.baseline_path))
        problems += change_cost_mismatches(plan, basis.baseline, instance)
    for line in problems:
        click.echo(line, err=True)
    if violations:
        click.echo(text.VIOLATIONS.format(count=len(violations)), err=True)
    if violations or problems:
        sys.exit(EXIT_FOUND)
    click.echo(text.VALID.format(sessions=len(plan.sessions)))


def _changes_from_options(changes_file: str | None, options: dict) -> tuple[list, object, object]:
    """The what-if changes of a change file and of the command line, validated."""
    from pydantic import ValidationError

    from scheduler.domain.instance import DateRange
    from scheduler.whatif.changes import ChangeWeights, load_changes, parse_inline

    changes, weights, start = [], {}, None
    if changes_file:
        loaded = load_changes(changes_file)
        changes, weights, start = list(loaded.changes), loaded.weights.model_dump(), loaded.from_
    problems = []
    try:
        dates = DateRange.model_validate(options["dates"]) if options["dates"] else None
    except ValidationError:
        raise InputError([text.WHATIF_BAD_OPTION.format(option="--dates", value=options["dates"],
                                                        problem="日期范围应写成 YYYY-MM-DD..YYYY-MM-DD")]) from None
    blocks = [b.strip() for b in options["blocks"].split(",") if b.strip()] if options["blocks"] else None
    _refuse_shared_options(options)
    for kind, option in (("drop_teacher", "--drop-teacher"), ("close_venue", "--close-venue"),
                         ("block_dates", "--block-dates"), ("add_unavailability", "--add-unavailability")):
        for value in options[kind]:
            try:
                changes.append(parse_inline(kind, value, dates, blocks, options["site"], options["tier"],
                                            options["until"]))
            except ValidationError as exc:
                reason = "；".join(_located(e) for e in exc.errors())
                problems.append(text.WHATIF_BAD_OPTION.format(option=option, value=value, problem=reason))
    if problems:
        raise InputError(problems)
    for item in options["weight"]:
        name, _, value = item.partition("=")
        if name not in ChangeWeights.model_fields or not value.strip().isdigit():
            raise InputError([text.WHATIF_BAD_OPTION.format(
                option="--change-weight", value=item,
                problem=f"应写成 名称=非负整数，名称为 {'/'.join(ChangeWeights.model_fields)}")])
        weights[name] = int(value)
    return changes, ChangeWeights(**weights), start


def _located(error: dict) -> str:
    """A change's validation error in Chinese, naming the option it came from."""
    from scheduler.domain.loading import error_message

    fields = {"from_": "--from", "until": "--until", "dates": "--dates", "blocks": "--blocks",
              "site": "--site", "tier": "--tier"}
    named = [fields.get(str(part), str(part)) for part in error.get("loc", ()) if isinstance(part, str)]
    return (f"{named[0]}：" if named else "") + error_message(error)


def _refuse_shared_options(options: dict) -> None:
    """--dates, --blocks, --until, --site and --tier serve one change each: with several changes
    that would share one, say how to give each its own instead of guessing."""
    without_own = {kind: [v for v in options[kind] if "@" not in v]
                   for kind in ("drop_teacher", "close_venue", "add_unavailability")}
    shared = {
        "--dates": len(without_own["close_venue"]) + len(without_own["add_unavailability"]),
        "--blocks": len(options["add_unavailability"]),
        "--until": len(without_own["drop_teacher"]),
        "--site": len(options["block_dates"]), "--tier": len(options["block_dates"]),
    }
    given = {"--dates": options["dates"], "--blocks": options["blocks"], "--until": options["until"],
             "--site": options["site"], "--tier": options["tier"]}
    ambiguous = [name for name, users in shared.items() if given[name] and users > 1]
    if ambiguous:
        raise InputError([text.WHATIF_SHARED_OPTION.format(option=name) for name in ambiguous])


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.option("--baseline", "baseline_path", required=True, type=click.Path(),
              help="基准计划（已发布的计划文件）")
@click.option("--changes", "changes_file", type=click.Path(), help="变动文件（YAML），可保存后重放")
@click.option("--drop-teacher", multiple=True, metavar="ID[@起..止]",
              help="教师不能上课：默认从 --from 起到学期结束（或到 --until）")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="--drop-teacher 到哪天为止（含）")
@click.option("--close-venue", multiple=True, metavar="ID[@起..止]", help="关闭场地（日期用 --dates 或 @起..止）")
@click.option("--block-dates", multiple=True, metavar="起..止", help="这些天停课（可用 --site 或 --tier 限定）")
@click.option("--site", help="--block-dates 只限这所学校")
@click.option("--tier", help="--block-dates 只限这一级学校（县委党校 / 乡镇党校 / 农民夜校）")
@click.option("--add-unavailability", multiple=True, metavar="ID[@起..止]", help="教师增加不可用时间")
@click.option("--dates", metavar="起..止", help="--close-venue、--add-unavailability 的日期范围")
@click.option("--blocks", metavar="上午,下午", help="--add-unavailability 的时段（默认全天）")
@click.option("--from", "from_date", type=click.DateTime(["%Y-%m-%d"]),
              help="此日期之前的课次保持不变（默认：最早的变动日期，没有日期时为今天）")
@click.option("--change-weight", "weight", multiple=True, metavar="名称=权重",
              help="每种变动的代价：teacher / kind / date / block / venue")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="新计划文件（默认在基准计划旁，名为 <基准>-r<版本号>.json）")
@click.option("--time-limit", type=click.FloatRange(min=0.5), default=8.0, show_default=True,
              help="重排时间上限（秒）")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="CP-SAT 并行线程数")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子；配合 --workers 1 可重现同一方案")
@guarded
def whatif(instance_path: str, baseline_path: str, changes_file: str | None, from_date, output: str | None,
           time_limit: float, workers: int, seed: int, **options) -> None:
    """假如：教师缺席、场地关闭、停课……在基准计划上重排，尽量少改动，并列出改了什么。"""
    import datetime as dt

    from scheduler.check import score_plan, validate_plan
    from scheduler.report.tables import penalty_table
    from scheduler.solve import SolveOptions
    from scheduler.solve.control import Control
    from scheduler.whatif.changes import check_references, describe, replan_start
    from scheduler.whatif.diff import counts_line, diff_plans, people_table, session_table
    from scheduler.whatif.replan import whatif as replan

    run = Control(time_limit)  # wall seconds from the command's start (entered for the replan)
    ensure_writable(output or baseline_path)  # the new plan goes beside the baseline by default
    instance = load_instance(instance_path)
    baseline = _plan_for(instance, baseline_path)
    output_path = Path(output) if output else Path(baseline_path).with_name(
        f"{Path(baseline_path).stem}-r{baseline.revision + 1}.json")
    if _same_file(output_path, Path(baseline_path)):  # the baseline is never touched
        raise InputError([text.WHATIF_OUTPUT_IS_BASELINE.format(output=output_path, baseline=baseline_path)])
    changes, weights, file_start = _changes_from_options(changes_file, options)
    if not changes:
        raise InputError([text.WHATIF_NO_CHANGES])
    check_references(instance, changes, changes_file or text.COMMAND_LINE)
    given = from_date.date() if from_date else file_start
    start = replan_start(changes, given, dt.date.today())
    if start > instance.term.end:
        raise InputError([text.WHATIF_AFTER_TERM.format(start=start, end=instance.term.end)])
    click.echo(text.WHATIF_HEADING.format(start=start), err=True)
    for change in changes:
        click.echo(f"  - {describe(instance, change, start)}", err=True)

    with run:
        run.phase("replan")
        outcome = replan(instance, baseline, str(baseline_path), changes, start, weights,
                         SolveOptions(time_limit=time_limit, workers=workers, seed=seed))
    if outcome.plan is None and run.interrupted:
        _fail([text.INTERRUPTED_WHATIF, text.WHATIF_BASELINE_KEPT.format(path=baseline_path)], EXIT_INTERRUPTED)
    if outcome.plan is None:
        lines = [text.WHATIF_NO_PLAN.format(status=outcome.status, seconds=outcome.seconds)]
        if outcome.status == "INFEASIBLE" and outcome.expansion is not None:
            left = time_limit - outcome.seconds  # the explanation keeps within --time-limit
            lines += (_explain_lines(outcome.expansion, round(left, 1)) if left >= 0.5
                      else [text.WHATIF_EXPLAIN_NO_TIME])
        _fail([*lines, text.WHATIF_BASELINE_KEPT.format(path=baseline_path)], EXIT_FOUND)

    plan = outcome.plan
    violations = [v for v in validate_plan(outcome.instance, plan)
                  if not (v.rule == "session_once" and set(v.sessions) <= {u.id for u in plan.unplaced})]
    if violations:
        _fail([text.CHECKER_REJECTED, *(f"  [{v.rule}] {v.message}" for v in violations)], EXIT_INTERNAL)
    penalties = score_plan(outcome.instance, plan)
    if sum(p.penalty for p in penalties) != plan.objective:
        _fail([text.OBJECTIVE_DISAGREES.format(objective=plan.objective,
                                               total=sum(p.penalty for p in penalties))], EXIT_INTERNAL)
    origin = plan.origin.model_copy(update={"baseline": _baseline_name(Path(baseline_path), output_path)})
    plan = plan.model_copy(update={"penalties": penalties, "origin": origin})

    diff = diff_plans(baseline, plan)
    if diff.changed:
        click.echo(session_table(outcome.instance, diff))
        click.echo()
        click.echo(people_table(outcome.instance, diff))
        click.echo()
    click.echo(counts_line(diff))
    counts = outcome.change_counts
    click.echo(text.WHATIF_COST.format(
        cost=outcome.change_cost, bound=outcome.lower_bound,
        proven=text.WHATIF_PROVEN if outcome.proven else text.WHATIF_NOT_PROVEN,
        teacher=counts.get("teacher", 0), date=counts.get("date", 0), block=counts.get("block", 0),
        venue=counts.get("venue", 0)))
    click.echo(text.PENALTY_TOTAL.format(total=plan.objective) + text.WHATIF_BASELINE_PENALTY.format(
        baseline=baseline.objective))
    if penalties:
        click.echo(penalty_table(penalties))
    write_atomic(output_path, plan.model_dump_json(indent=2) + "\n")
    click.echo(text.WHATIF_WROTE.format(path=output_path, revision=plan.revision,
                                        baseline=baseline_path, old=baseline.revision,
                                        seconds=outcome.seconds))
    if run.interrupted:
        click.echo(text.INTERRUPTED_KEPT, err=True)
    if plan.unplaced:
        click.echo(text.WHATIF_UNPLACED.format(count=len(plan.unplaced)), err=True)
        for u in plan.unplaced:
            click.echo(f"  {u.id}（{u.title}）：{u.reason}", err=True)
        for lapse in outcome.lapsed:
            click.echo(f"  {_lapsed_text(lapse)}", err=True)
        click.echo(text.WHATIF_BASELINE_KEPT.format(path=baseline_path), err=True)
        sys.exit(EXIT_FOUND)


def _lapsed_text(lapse) -> str:
    obligation = lapse.obligation
    what = f"{text.WHATIF_PERIODS[obligation.period.value]}至少 {obligation.min_sessions} 次" + \
        (f" {obligation.topic}" if obligation.topic else "") + (f"，{obligation.note}" if obligation.note else "")
    return text.WHATIF_OBLIGATION_LAPSED.format(teacher=f"{lapse.teacher.name}({lapse.teacher.id})", what=what)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through symlinks and different relative paths)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare where they would be
        return a.resolve() == b.resolve()


def _baseline_name(baseline: Path, output: Path) -> str:
    """The baseline as the new plan records it: relative to the new plan's folder when given
    relative (validate looks there first), so the two files can move together."""
    if baseline.is_absolute():
        return str(baseline)
    try:
        return os.path.relpath(baseline.resolve(), output.resolve().parent)
    except ValueError:  # on another drive (Windows): no relative path
        return str(baseline.resolve())


@main.command()
@click.argument("instance_path", metavar="INSTANCE", type=click.Path())
@click.argument("plan_path", metavar="PLAN", type=click.Path())
@click.option("--by", type=click.Choice(["class", "teacher", "venue", "day"]), default="class",
              show_default=True, help="按班次 / 教师 / 场地 / 日期显示")
@click.option("--only", help="只显示这个 id（班次、教师、场地 id，或日期 YYYY-MM-DD）")
@guarded
def show(instance_path: str, plan_path: str, by: str, only: str | None) -> None:
    """以表格显示课程表。"""
    from scheduler.report.tables import timetables

    instance = load_instance(instance_path)
    plan = _plan_for(instance, plan_path)
    tables = timetables(instance, plan, by, only)
    if only is not None and not tables:
        _fail([text.UNKNOWN_ONLY.format(only=only, by=by)], EXIT_INPUT)
    for heading, table in tables:
        click.echo(heading)
        click.echo(table)
        click.echo()


@main.command()
@click.option("--size", type=click.Choice(["S", "M", "L"]), required=True, help="规模")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@guarded
def generate(size: str, seed: int, output: str) -> None:
    """生成一个合成的县（用于基准测试和测试）。"""
    from scheduler.generate import dump_instance
    from scheduler.generate import generate as make

    ensure_writable(output)
    instance = make(size, seed)
    write_atomic(output, dump_instance(instance))
    counts = _instance_counts(instance)
    click.echo(text.GENERATED.format(path=output, **counts))


from scheduler.cli_calendars import export_ics, publish  # noqa: E402

main.add_command(export_ics)
main.add_command(publish)
