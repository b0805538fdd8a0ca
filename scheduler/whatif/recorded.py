"""The changes `scheduler validate` checks a replanned plan under.

A plan's `origin` records the changes its replan applied. They are claims of the very file
being judged, so they are honoured only against the baseline they name: it must exist
(relative to the plan file's folder, then to the current folder), be a plan of the same
instance at the recorded revision, the plan must be its next revision, and the sessions
before `fixed_before` must be the baseline's. Otherwise the plan is checked against the
unchanged instance and the reason is given. A change file given on the command line is the
user's own word and is applied as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from scheduler import text
from scheduler.domain.instance import Instance
from scheduler.domain.loading import InputError, load_plan
from scheduler.domain.messages import error_message
from scheduler.domain.plan import Plan
from scheduler.whatif.changes import Change, apply_changes, check_references, load_changes


@dataclass
class Basis:
    """What a plan is checked against: the instance with the changes in force, if any."""

    instance: Instance
    changes: list[Change] = field(default_factory=list)
    start: dt.date | None = None
    source: str = ""  # where the changes come from, for the user
    refused: str | None = None  # why the plan's recorded changes were not honoured
    baseline: Plan | None = None  # the honoured baseline
    baseline_path: Path | None = None


def basis_for(instance: Instance, plan: Plan, plan_path: str, changes_file: str | None,
              given_start: dt.date | None) -> Basis:
    recorded = origin_changes(instance, plan, plan_path)  # malformed: bad input, whatever is used
    if changes_file is not None:
        loaded = load_changes(changes_file)
        changes = list(loaded.changes)
        check_references(instance, changes, changes_file)
        start = given_start or loaded.from_
        if start is None:
            firsts = [c.first_date() for c in changes]
            if None in firsts:
                raise InputError([text.VALIDATE_NEEDS_FROM.format(path=changes_file)])
            start = min(firsts, default=instance.term.start)
        return Basis(apply_changes(instance, changes, start), changes, start, changes_file)
    if not recorded:
        return Basis(instance)
    origin = plan.origin
    assert origin is not None
    baseline, found, refused = _honoured_baseline(instance, plan, plan_path)
    if refused is not None:
        return Basis(instance, refused=refused)
    start = origin.fixed_before
    source = text.CHANGES_FROM_ORIGIN.format(baseline=found, revision=origin.baseline_revision)
    return Basis(apply_changes(instance, recorded, start), recorded, start, source,
                 baseline=baseline, baseline_path=found)


def origin_changes(instance: Instance, plan: Plan, plan_path: str) -> list[Change]:
    """The plan's recorded changes, validated; InputError naming origin.changes[k] and field."""
    if plan.origin is None:
        return []
    changes, problems = [], []
    for index, raw in enumerate(plan.origin.changes):
        try:
            changes.append(Change.model_validate(raw))
        except ValidationError as exc:
            where = text.ORIGIN_WHERE.format(path=plan_path, n=index + 1)
            for error in exc.errors():
                names = [str(part) for part in error.get("loc", ()) if isinstance(part, str)]
                problems.append(f"{where}{' → ' + names[0] if names else ''}：{error_message(error)}")
    if problems:
        raise InputError(problems)
    check_references(instance, changes, str(plan_path), text.ORIGIN_ITEM)
    return changes


def _honoured_baseline(instance: Instance, plan: Plan, plan_path: str
                       ) -> tuple[Plan | None, Path | None, str | None]:
    """(baseline, its path, None) when the origin's baseline matches; else (None, None, why)."""
    origin = plan.origin
    assert origin is not None
    path = find_baseline(origin.baseline, plan_path)
    if path is None:
        return None, None, text.BASELINE_MISSING.format(baseline=origin.baseline)
    try:
        baseline = load_plan(path)
    except (InputError, OSError) as exc:
        error = "；".join(exc.messages) if isinstance(exc, InputError) else (exc.strerror or str(exc))
        return None, None, text.BASELINE_UNREADABLE.format(baseline=path, error=error)
    if baseline.instance != instance.name:
        return None, None, text.BASELINE_OTHER_INSTANCE.format(path=path, found=baseline.instance,
                                                               instance=instance.name)
    if baseline.revision != origin.baseline_revision:
        return None, None, text.BASELINE_REVISION.format(path=path, found=baseline.revision,
                                                         recorded=origin.baseline_revision)
    if plan.revision != baseline.revision + 1:
        return None, None, text.BASELINE_NOT_PREVIOUS.format(revision=plan.revision, path=path,
                                                             baseline=baseline.revision)
    if origin.fixed_before is None:
        return None, None, text.BASELINE_NO_FIXED
    before = {s.id: s.placement() for s in baseline.sessions if s.date < origin.fixed_before}
    now = {s.id: s.placement() for s in plan.sessions if s.date < origin.fixed_before}
    differing = sorted(sid for sid in before.keys() | now.keys() if before.get(sid) != now.get(sid))
    if differing:
        return None, None, text.BASELINE_HISTORY.format(start=origin.fixed_before, path=path,
                                                        session=differing[0])
    return baseline, path, None


def find_baseline(name: str, plan_path: str) -> Path | None:
    """The baseline file a plan names: relative to the plan's folder, then the current one."""
    named = Path(name)
    candidates = [named] if named.is_absolute() else [Path(plan_path).parent / named, named]
    return next((p for p in candidates if p.is_file()), None)
