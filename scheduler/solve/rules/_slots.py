"""Shared helper: a chosen teacher or venue may only be used in the slots it allows."""

# Below this many forbidden slots, pairwise implications propagate as well and stay small.
_MAX_IMPLICATIONS = 3


def restrict_to_allowed_slots(model, sv, literal, candidate) -> None:
    if candidate.slots is None:
        return
    forbidden = [t for t in range(len(sv.x)) if t not in candidate.slots]
    if len(forbidden) <= _MAX_IMPLICATIONS or sv.session.count > 1:  # (one allowed slot of
        # several true would not keep a counted session's others off the forbidden ones)
        for t in forbidden:
            model.add_implication(literal, sv.x[t].Not())
    else:
        model.add_bool_or([literal.Not(), *(sv.x[t] for t in sorted(candidate.slots))])
