"""班次固定教室: classrooms and halls a class uses at its own site, beyond the first."""

from scheduler.domain import VenueKind
from scheduler.solve.soft._common import home_sessions
from scheduler.solve.soft.item_room_stability import extra_venues

RULE_ID = "class_room_stability"


def post(ctx) -> list:
    instance = ctx.expansion.instance
    rooms = {v.id for v in instance.venues if v.kind in (VenueKind.CLASSROOM, VenueKind.HALL)}
    terms = []
    for term_class in ctx.expansion.classes:
        term = extra_venues(ctx.model, home_sessions(ctx, term_class.id), rooms, f"class[{term_class.id}]")
        if term is not None:
            terms.append(term)
    return terms
