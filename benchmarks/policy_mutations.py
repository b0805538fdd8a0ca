"""Plan mutations that break one policy rule each (benchmarks/differential.py runs them).

Each takes the differential's plan context, a copy of the solved plan and a random source,
and returns the broken plan, or None when the instance gives the rule nothing to break.
"""

from __future__ import annotations

from scheduler.domain import Mode
from scheduler.domain.policies import Level
from scheduler.policy import measures


def _hard(ctx, rule: str) -> bool:
    """A soft or off rule broken is a penalty or nothing, not a violation to catch."""
    return ctx.instance.policy(rule) is Level.HARD


def wrong_topic_venue(ctx, plan: dict, rng) -> dict | None:
    """A field session moved to a field venue that does not serve its topic."""
    if not _hard(ctx, "venue_topic"):
        return None
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
    if not _hard(ctx, "teacher_role"):
        return None
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
    if not _hard(ctx, "four_plus_n"):
        return None
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
    if not measures.interactive_in_force(ctx.instance) or not _hard(ctx, "interactive_share"):
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
    if not _hard(ctx, "class_hours"):
        return None
    return _drop_class_sessions(ctx, plan, lambda c: c.min_hours)


def _standards(rng, data: dict) -> None:
    """A low interactive share, with a case session opening every class."""
    data["standards"] = {"interactive_methods": ["案例", "研讨"], "min_interactive_percent": 10,
                         "min_case_percent": rng.choice((0, 0, 25))}
    for term_class in data["classes"]:
        if term_class["curriculum"]:
            term_class["curriculum"][0]["method"] = "案例"


def add_policies(rng, data: dict) -> None:
    """Policy fields on a random county (plain YAML data), mostly such that a plan can keep
    them: field venues serving most topics, a 书记 and items (of topics the 书记 teaches)
    asking for one, interactive methods, class hour bounds near the class's hours, now and
    then a soft or off level."""
    topics = [t["id"] for t in data["topics"]]
    for venue in data["venues"]:
        if venue["kind"] == "field" and rng.random() < 0.3:
            venue["topics"] = rng.sample(topics, len(topics) - 1)
    secretary = data["teachers"][1] if len(data["teachers"]) > 1 and rng.random() < 0.5 else None
    if secretary is not None:
        secretary["role"] = "书记"
    hours: dict[str, int] = {}
    for term_class in data["classes"]:
        for item in term_class["curriculum"]:
            for class_id in (term_class["id"], *item.get("joint_with", [])):
                hours[class_id] = hours.get(class_id, 0) + 3 * item.get("sessions", 1) * item.get("length", 1)
            if secretary is not None and item["topic"] in secretary["topics"] and rng.random() < 0.15:
                item["teacher_role"] = "书记"
            if item.get("mode") == "interactive" or rng.random() < 0.2:
                item["method"] = rng.choice(("案例", "研讨"))
    if rng.random() < 0.15:
        _standards(rng, data)
    for term_class in data["classes"]:
        if rng.random() < 0.15:
            term_class["min_hours"] = max(0, hours.get(term_class["id"], 0) - rng.choice((0, 3)))
        if rng.random() < 0.15:
            term_class["max_hours"] = hours.get(term_class["id"], 0) + rng.choice((0, 0, 3))
    if rng.random() < 0.2:
        data["policies"] = {rng.choice(("venue_topic", "teacher_role", "interactive_share", "class_hours")):
                            rng.choice(("soft", "off", {"level": "soft", "weight": 4}))}
