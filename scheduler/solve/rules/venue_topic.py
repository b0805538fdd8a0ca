"""现场教学点承接对口专题: a field session only in a venue that serves its topic."""

from scheduler.domain import Mode
from scheduler.policy.measures import serves
from scheduler.solve.rules._policy import held, post_policy

RULE_ID = "venue_topic"


def _misplaced(ctx):
    """(session vars, venue literal) of every field session's venue that does not serve it."""
    instance = ctx.expansion.instance
    for sv in ctx.sessions:
        item = sv.session.item
        if item.mode is not Mode.FIELD:
            continue
        topic = instance.topic(item.topic)
        for venue_id, r in sv.r.items():
            if not serves(instance.venue(venue_id), topic):
                yield sv, r


def constrain(ctx, gate) -> None:
    for sv, r in _misplaced(ctx):
        held(ctx.model.add(r == 0), gate(sv.session.owner.id, sv.session.item.id))


def penalties(ctx) -> list:
    return [r for _, r in _misplaced(ctx)]


def post(ctx) -> None:
    post_policy(ctx, RULE_ID, constrain, penalties)
