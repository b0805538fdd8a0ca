"""Plan mutations that break one policy rule each (benchmarks/differential.py runs them).

Each takes the differential's plan context, a copy of the solved plan and a random source,
and returns the broken plan, or None when the instance gives the rule nothing to break.
"""

from __future__ import annotations

from scheduler.domain import Mode
from scheduler.policy import measures


def wrong_topic_venue(ctx, plan: dict, rng) -> dict | None:
    """A field session moved to a field venue that does not serve its topic."""
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        if item.mode is not Mode.FIELD:
            continue
        topic = ctx.instance.topic(item.topic)
        for venue in ctx.instance.venues:
            if venue.kind.value == "field" and not measures.serves(venue, topic):
                session["venue"] = venue.id
                return plan
    return None


def unfit_teacher(ctx, plan: dict, rng) -> dict | None:
    """A session asking for a kind or role of teacher given to teachers without it."""
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        if not measures.requires_teacher(item):
            continue
        others = [t.id for t in ctx.instance.teachers if not measures.fits(item, t)]
        if len(others) >= len(session["teachers"]) > 0:
            session["teachers"] = others[:len(session["teachers"])]
            return plan
    return None


def missing_main_topic(ctx, plan: dict, rng) -> dict | None:
    """Every session of one main topic that a "4+N" class attends dropped from the plan."""
    main = set(measures.main_topics(ctx.instance))
    for term_class in ctx.instance.classes:
        if not term_class.four_plus_n:
            continue
        attended = [s for s in ctx.sessions(plan) if term_class.id in s["classes"]]
        topics = sorted({ctx.item_of(s)[1].topic for s in attended} & main)
        if topics:
            dropped = rng.choice(topics)
            plan["sessions"] = [s for s in ctx.sessions(plan)
                                if not (term_class.id in s["classes"] and ctx.item_of(s)[1].topic == dropped)]
            return plan
    return None


def _drop_class_sessions(ctx, plan: dict, wanted) -> dict | None:
    for term_class in ctx.instance.classes:
        if wanted(term_class):
            plan["sessions"] = [s for s in ctx.sessions(plan) if term_class.id not in s["classes"]]
            return plan
    return None


def no_interactive(ctx, plan: dict, rng) -> dict | None:
    """A class's interactive sessions dropped, when the instance measures the share."""
    if not measures.interactive_in_force(ctx.instance):
        return None
    for session in ctx.sessions(plan):
        _, item = ctx.item_of(session)
        if measures.is_interactive(ctx.instance, item):
            plan["sessions"] = [s for s in ctx.sessions(plan)
                                if not measures.is_interactive(ctx.instance, ctx.item_of(s)[1])]
            return plan
    return None


def too_few_hours(ctx, plan: dict, rng) -> dict | None:
    """Every session of a class with min_hours dropped."""
    return _drop_class_sessions(ctx, plan, lambda c: c.min_hours)
