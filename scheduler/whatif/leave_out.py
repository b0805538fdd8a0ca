"""Leaving out as few sessions as found when changes leave no room for all of them."""

from __future__ import annotations


def keep_most(attempt, broken: list[str], movable: list[str], time_left):
    """A plan with as few sessions left out as found, and the sessions left out.

    `attempt(left_out)` is the best plan with those sessions left out, or None. First every
    broken session is left out (every movable one, if that is not enough); then they are
    put back in halves, each half kept when a plan still exists, down to single sessions.
    """
    for candidates in (broken, movable):
        best = attempt(frozenset(candidates))
        if best is not None:
            break
    else:
        return None
    out = set(candidates)

    def put_back(group: list[str]) -> None:
        nonlocal best
        if not group or time_left() < 0.3:
            return
        found = attempt(frozenset(out - set(group)))
        if found is not None:
            best = found
            out.difference_update(group)
        elif len(group) > 1:
            half = len(group) // 2
            put_back(group[:half])
            put_back(group[half:])

    put_back(list(candidates))
    return best, out
