"""`scheduler whatif`: replan a published plan after a change, moving as little as possible."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from scheduler import text
from scheduler.cli.errors import EXIT_FOUND, EXIT_INTERRUPTED, fail, guarded
from scheduler.cli.explaining import explain_lines
from scheduler.cli.plans import checked, plan_for, write_plan
from scheduler.domain import InputError, load_instance
from scheduler.files import ensure_writable
from scheduler.whatif import messages as msg


@dataclass(frozen=True)
class ChangeOptions:
    """The changes given on the command line, as click parsed them."""

    drop_teacher: tuple[str, ...] = ()
    close_venue: tuple[str, ...] = ()
    block_dates: tuple[str, ...] = ()
    add_unavailability: tuple[str, ...] = ()
    until: dt.datetime | None = None
    site: str | None = None
    tier: str | None = None
    dates: str | None = None
    blocks: str | None = None
    weight: tuple[str, ...] = ()

    def inline(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(change kind, option, values) of each kind of change, in the order they apply."""
        return (("drop_teacher", "--drop-teacher", self.drop_teacher),
                ("close_venue", "--close-venue", self.close_venue),
                ("block_dates", "--block-dates", self.block_dates),
                ("add_unavailability", "--add-unavailability", self.add_unavailability))


def changes_from_options(changes_file: str | None, options: ChangeOptions) -> tuple[list, object, object]:
    """The what-if changes of a change file and of the command line, validated."""
    from pydantic import ValidationError

    from scheduler.domain.instance import DateRange
    from scheduler.whatif.changes import load_changes, parse_inline

    changes, weights, start = [], {}, None
    if changes_file:
        loaded = load_changes(changes_file)
        changes, weights, start = list(loaded.changes), loaded.weights.model_dump(), loaded.from_
    problems = []
    try:
        dates = DateRange.model_validate(options.dates) if options.dates else None
    except ValidationError:
        raise InputError([text.WHATIF_BAD_OPTION.format(option="--dates", value=options.dates,
                                                        problem="日期范围应写成 YYYY-MM-DD..YYYY-MM-DD")]) from None
    blocks = [b.strip() for b in options.blocks.split(",") if b.strip()] if options.blocks else None
    _refuse_shared_options(options)
    for kind, option, values in options.inline():
        for value in values:
            try:
                changes.append(parse_inline(kind, value, dates, blocks, options.site, options.tier,
                                            options.until))
            except ValidationError as exc:
                reason = "；".join(_located(e) for e in exc.errors())
                problems.append(text.WHATIF_BAD_OPTION.format(option=option, value=value, problem=reason))
    if problems:
        raise InputError(problems)
    return changes, _weights(weights, options.weight), start


def _weights(weights: dict, items: tuple[str, ...]):
    from scheduler.whatif.changes import ChangeWeights

    for item in items:
        name, _, value = item.partition("=")
        if name not in ChangeWeights.model_fields or not value.strip().isdigit():
            raise InputError([text.WHATIF_BAD_OPTION.format(
                option="--change-weight", value=item,
                problem=f"应写成 名称=非负整数，名称为 {'/'.join(ChangeWeights.model_fields)}")])
        weights[name] = int(value)
    return ChangeWeights(**weights)


def _located(error: dict) -> str:
    """A change's validation error in Chinese, naming the option it came from."""
    from scheduler.domain.loading import error_message

    fields = {"from_": "--from", "until": "--until", "dates": "--dates", "blocks": "--blocks",
              "site": "--site", "tier": "--tier"}
    named = [fields.get(str(part), str(part)) for part in error.get("loc", ()) if isinstance(part, str)]
    return (f"{named[0]}：" if named else "") + error_message(error)


def _refuse_shared_options(options: ChangeOptions) -> None:
    """--dates, --blocks, --until, --site and --tier serve one change each: with several changes
    that would share one, say how to give each its own instead of guessing."""
    def without_own(values: tuple[str, ...]) -> int:
        return len([v for v in values if "@" not in v])

    shared = {
        "--dates": without_own(options.close_venue) + without_own(options.add_unavailability),
        "--blocks": len(options.add_unavailability),
        "--until": without_own(options.drop_teacher),
        "--site": len(options.block_dates), "--tier": len(options.block_dates),
    }
    given = {"--dates": options.dates, "--blocks": options.blocks, "--until": options.until,
             "--site": options.site, "--tier": options.tier}
    ambiguous = [name for name, users in shared.items() if given[name] and users > 1]
    if ambiguous:
        raise InputError([text.WHATIF_SHARED_OPTION.format(option=name) for name in ambiguous])


@click.command()
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
              help="每种变动的代价：teacher / kind / date / block / venue / backup")
@click.option("--minimise", "measure", type=click.Choice(["cost", "changes", "people"]), default="cost",
              show_default=True, help="先求最少的：cost 加权变动代价 / changes 变动课次数 / people 涉及的教师和班次数")
@click.option("--tradeoff", type=click.IntRange(min=0, max=20), default=0,
              help="另列出多变动 1…K 次（按 --minimise 的度量）时最好的计划质量，供选择")
@click.option("--pick", type=click.IntRange(min=0), default=0, help="写入 --tradeoff 表中的第几行（默认 0：最少变动）")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="新计划文件（默认在基准计划旁，名为 <基准>-r<版本号>.json）")
@click.option("--time-limit", type=click.FloatRange(min=0.5), default=8.0, show_default=True,
              help="重排时间上限（秒）")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True, help="CP-SAT 并行线程数")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子；配合 --workers 1 可重现同一方案")
@click.option("--quiet", is_flag=True, help=text.HELP_QUIET)
@guarded
def whatif(instance_path: str, baseline_path: str, changes_file: str | None, from_date, output: str | None,
           time_limit: float, workers: int, seed: int, quiet: bool,
           drop_teacher: tuple[str, ...], until, close_venue: tuple[str, ...], block_dates: tuple[str, ...],
           site: str | None, tier: str | None, add_unavailability: tuple[str, ...], dates: str | None,
           blocks: str | None, weight: tuple[str, ...], measure: str, tradeoff: int, pick: int) -> None:
    """假如：教师缺席、场地关闭、停课……在基准计划上重排，尽量少改动，并列出改了什么。"""
    from scheduler.solve import SolveOptions
    from scheduler.solve.control import Control
    from scheduler.whatif.replan import whatif as replan

    del quiet  # accepted like solve's; the replan prints no progress lines
    if pick > tradeoff:
        raise InputError([msg.PICK_OUT_OF_RANGE.format(pick=pick, tradeoff=tradeoff)])
    options = ChangeOptions(drop_teacher=drop_teacher, close_venue=close_venue, block_dates=block_dates,
                            add_unavailability=add_unavailability, until=until, site=site, tier=tier,
                            dates=dates, blocks=blocks, weight=weight)
    # wall seconds from the command's start (entered for the replan); the trade-off's rows share another
    run = Control(time_limit * (2 if tradeoff else 1))
    ensure_writable(output or baseline_path)  # the new plan goes beside the baseline by default
    instance = load_instance(instance_path)
    baseline = plan_for(instance, baseline_path)
    output_path = Path(output) if output else Path(baseline_path).with_name(
        f"{Path(baseline_path).stem}-r{baseline.revision + 1}.json")
    if _same_file(output_path, Path(baseline_path)):  # the baseline is never touched
        raise InputError([text.WHATIF_OUTPUT_IS_BASELINE.format(output=output_path, baseline=baseline_path)])
    changes, weights, start = _changes_and_start(instance, changes_file, options, from_date)
    with run:
        run.phase("replan")
        outcome = replan(instance, baseline, str(baseline_path), changes, start, weights,
                         SolveOptions(time_limit=time_limit, workers=workers, seed=seed), measure, tradeoff)
    if outcome.plan is None:
        _no_plan(outcome, run, time_limit, baseline_path)
    plan = offered(outcome, baseline, pick)
    origin = plan.origin.model_copy(update={"baseline": _baseline_name(Path(baseline_path), output_path)})
    plan = plan.model_copy(update={"origin": origin})
    _report(outcome, baseline, plan, measure)
    write_plan(output_path, plan)
    click.echo(text.WHATIF_WROTE.format(path=output_path, revision=plan.revision,
                                        baseline=baseline_path, old=baseline.revision,
                                        seconds=outcome.seconds))
    if run.interrupted:
        click.echo(text.INTERRUPTED_KEPT, err=True)
    if plan.unplaced:
        _unplaced(plan, outcome, baseline_path)


def _changes_and_start(instance, changes_file: str | None, options: ChangeOptions, from_date):
    """The changes, their weights and the first day that may move; the changes echoed on stderr."""
    from scheduler.whatif.changes import check_references, describe, replan_start

    changes, weights, file_start = changes_from_options(changes_file, options)
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
    return changes, weights, start


def _no_plan(outcome, run, time_limit: float, baseline_path: str) -> None:
    if run.interrupted:
        fail([text.INTERRUPTED_WHATIF, text.WHATIF_BASELINE_KEPT.format(path=baseline_path)], EXIT_INTERRUPTED)
    lines = [text.WHATIF_NO_PLAN.format(status=outcome.status, seconds=outcome.seconds)]
    if outcome.status == "INFEASIBLE" and outcome.expansion is not None:
        left = time_limit - outcome.seconds  # the explanation keeps within --time-limit
        lines += (explain_lines(outcome.expansion, round(left, 1)) if left >= 0.5
                  else [text.WHATIF_EXPLAIN_NO_TIME])
    fail([*lines, text.WHATIF_BASELINE_KEPT.format(path=baseline_path)], EXIT_FOUND)


def _report(outcome, baseline, plan, measure: str) -> None:
    """What moved, what it cost, and the new plan's penalties."""
    from scheduler.report.tables import penalty_table
    from scheduler.whatif.diff import counts_line, diff_plans, people_table, session_table

    diff = diff_plans(baseline, plan, outcome.instance)
    if diff.changed:
        click.echo(session_table(outcome.instance, diff))
        click.echo()
        click.echo(people_table(outcome.instance, diff))
        click.echo()
    click.echo(counts_line(diff))
    counts = outcome.change_counts
    proven = text.WHATIF_PROVEN if outcome.proven else text.WHATIF_NOT_PROVEN
    if measure != "cost":
        click.echo(msg.LEAST.format(what=msg.MEASURE_NAMES[measure], value=outcome.change_cost,
                                    proven=proven, bound=outcome.lower_bound))
    else:
        click.echo(text.WHATIF_COST.format(
            cost=outcome.change_cost, bound=outcome.lower_bound, proven=proven,
            teacher=counts.get("teacher", 0), date=counts.get("date", 0), block=counts.get("block", 0),
            venue=counts.get("venue", 0)) + (msg.BACKUP_COUNT.format(count=counts["backup"])
                                             if counts.get("backup") else ""))
    click.echo(text.PENALTY_TOTAL.format(total=plan.objective) + text.WHATIF_BASELINE_PENALTY.format(
        baseline=baseline.objective))
    if plan.penalties:
        click.echo(penalty_table(plan.penalties))


def _unplaced(plan, outcome, baseline_path: str) -> None:
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


def offered(outcome, baseline, pick: int):
    """The plan to write: the least changes, or the `pick`-th row of the trade-off, which is
    printed first; every row's plan has passed the independent checker."""
    from scheduler.whatif.diff import tradeoff_table

    plan = checked(outcome.instance, outcome.plan, excuse_unplaced=True)
    if not outcome.tradeoff:
        return plan
    plans = [plan] + [checked(outcome.instance, row.plan, excuse_unplaced=True) for row in outcome.tradeoff[1:]]
    click.echo(tradeoff_table(outcome.instance, baseline, plans, [row.allowed for row in outcome.tradeoff], pick))
    click.echo()
    if pick:
        click.echo(msg.PICKED_ROW.format(pick=pick, allowed=outcome.tradeoff[pick].allowed))
    return plans[pick]
