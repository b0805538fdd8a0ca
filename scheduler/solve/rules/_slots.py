"""Shared helper: a chosen teacher or venue may only be used in the slots it allows."""

# Below this many forbidden slots, pairwise implications propagate as well and stay small.
_MAX_IMPLICATIONS = 3


def restrict_to_allowed_slots(model, sv, literal, candidate) -> None:
    if candidate.slots is None:
        return
    forbidden = [t for t in range(len(sv.x)) if t not in candidate.slots]
    # A counted session (several slots true) needs them all: one allowed slot among its true
    # ones would not keep the others off the forbidden slots.
    if len(forbidden) <= _MAX_IMPLICATIONS or sv.session.count > 1:
        for t in forbidden:
            model.add_implication(literal, sv.x[t].Not())
    else:
        model.add_bool_or([literal.Not(), *(sv.x[t] for t in sorted(candidate.slots))])
