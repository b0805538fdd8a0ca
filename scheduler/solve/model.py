"""Build the whole CP-SAT model: variables, every hard rule, symmetry breaking, objective."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.domain.policies import Level
from scheduler.expand import Expansion
from scheduler.rules import HARD_RULES, POLICY_RULE_IDS, SOFT_RULES
from scheduler.solve.posting import post_rule
from scheduler.solve.rules import HARD_RULE_MODULES, HARD_TIMES_ONLY
from scheduler.solve.soft import SOFT_RULE_MODULES, SOFT_TIMES_ONLY
from scheduler.solve.variables import ModelContext, build_variables


class Model(cp_model.CpModel):
    """A CpModel freed as soon as nothing refers to it. OR-Tools' own keeps its camelCase
    aliases, bound methods of itself, in itself: a reference cycle that only a full garbage
    collection frees, and with a county's model in memory those come seldom, so every copy
    (each plan's evaluation copies the whole model) stayed in memory until one came."""

    def _add_pre_pep8_methods(self) -> None:
        pass

    def clone(self) -> Model:
        copy = Model()
        copy.proto.copy_from(self.proto)
        copy.rebuild_constant_map()
        return copy


def build_model(expansion: Expansion, skip_rules: frozenset[str] = frozenset(),
                soft: bool = True, symmetry: bool = True, venues: bool = True) -> ModelContext:
    """The model of an expansion: every hard rule, and the soft rules with a positive weight
    as the objective (unless `soft` is False). `skip_rules` leaves rules out (diagnostics
    and tests only). `symmetry` False keeps the sessions of an item unordered (a replan
    compares each session with its own baseline placement, so they are not interchangeable).

    `venues` False builds the times-only model (solve/staged.py): no venue variables; a rule
    on venues posts only what times alone decide of it (HARD_TIMES_ONLY, SOFT_TIMES_ONLY:
    venue_no_overlap's counts, soft_capacity's lower bound). It is a
    relaxation: its plans lack venues, and its objective bounds the whole model's from below."""
    model = Model()
    ctx = build_variables(model, expansion, venues=venues)
    for rule in HARD_RULES:
        if rule.id in skip_rules:
            continue
        post_rule(HARD_RULE_MODULES[rule.id], HARD_TIMES_ONLY, ctx, venues)
    if symmetry:
        break_item_symmetry(ctx)
    if soft:
        objective = []
        for rule in SOFT_RULES:
            weight = expansion.instance.weight(rule.id)
            if weight <= 0 or rule.id in skip_rules:
                continue
            terms = post_rule(SOFT_RULE_MODULES[rule.id], SOFT_TIMES_ONLY, ctx, venues)
            if terms is None:
                continue
            ctx.soft[rule.id] = terms
            objective += [weight * term for term in terms]
        for rule_id in POLICY_RULE_IDS:  # policy rules the instance makes soft
            if rule_id in ctx.soft and expansion.instance.policy(rule_id) is Level.SOFT:
                weight = expansion.instance.policy_weight(rule_id)
                objective += [weight * term for term in ctx.soft[rule_id]]
        if objective:
            ctx.quality = sum(objective)
            model.minimize(ctx.quality)
    return ctx


def break_item_symmetry(ctx: ModelContext) -> None:
    """The sessions of one curriculum item are interchangeable: keep them in index order (a
    counted session, which stands for several, has no order to keep)."""
    previous = None
    for sv in ctx.sessions:
        if sv.session.count > 1:
            previous = None
            continue
        if previous is not None and previous.session.item is sv.session.item \
                and previous.session.owner is sv.session.owner \
                and previous.end is not None and sv.start is not None:  # only counted sessions have none
            ctx.model.add(previous.end <= sv.start)
        previous = sv
