"""What the policy rules' model modules share: posting by the instance's level, and gating.

A policy module has `constrain(ctx, gate)` (the hard form: `gate(*record ids)` gives the
literal that holds each group, or None in the ordinary model, see explain/policy_groups.py)
and `penalties(ctx)` (the soft form: terms counting violations).
"""

from __future__ import annotations

from collections.abc import Callable

from scheduler.domain.policies import Level
from scheduler.policy.measures import hours_of

Gate = Callable[..., object]


def no_gate(*_ids):
    return None


def post_policy(ctx, rule_id: str, constrain, penalties) -> None:
    level = ctx.expansion.instance.policy(rule_id)
    if level is Level.HARD:
        constrain(ctx, no_gate)
    elif level is Level.SOFT and ctx.expansion.instance.policy_weight(rule_id) > 0:
        ctx.soft[rule_id] = penalties(ctx)


def held(constraint, literal) -> None:
    if literal is not None:
        constraint.only_enforce_if(literal)


def slot_hours(ctx, sv) -> list[int]:
    """The hours of each of the session's slots."""
    site = sv.session.site
    return [hours_of(ctx.expansion.instance, (site.blocks[b] for b in slot.blocks)) for slot in sv.session.slots]


def class_hours_expr(ctx, svs, keep=lambda session: True):
    """The hours of these sessions (those `keep` keeps), as a linear expression."""
    return sum(h * x for sv in svs if keep(sv.session) for h, x in zip(slot_hours(ctx, sv), sv.x))


def attending(ctx, class_id: str) -> list:
    return [ctx.by_id[s.id] for s in ctx.expansion.sessions_by_class.get(class_id, [])]
