"""The compliance table `scheduler validate` prints: per class, each policy rule in force."""

from __future__ import annotations

from tabulate import tabulate

from scheduler.check.compliance import compliance
from scheduler.check.context import CheckContext
from scheduler.domain import Instance, Plan
from scheduler.policy import messages as msg
from scheduler.rules import rule_name


def compliance_table(instance: Instance, plan: Plan) -> str | None:
    """The table, or None when no policy rule concerns any class."""
    ctx = CheckContext(instance, plan)
    rows = compliance(ctx)
    if not rows:
        return None
    body = [[ctx.classes[r.class_id].name, rule_name(r.rule), r.required, r.planned,
             msg.MET if r.met else msg.NOT_MET] for r in rows]
    return msg.TABLE_TITLE + "\n" + tabulate(body, headers=msg.TABLE_HEAD, disable_numparse=True)
