"""课程顺序: first items open the class, last items close it, `after` items wait their turn.

"a ends before b starts" is posted on the slot booleans rather than on the integer start and
end: a session's slots are in time order, so the slots of `a` that end too late for a given
slot of `b` are a suffix of `a`'s slots. With suffix literals S[a][k] (a starts at its k-th
slot or later), the rule is one binary clause per slot of `b`: x[b][t] -> not S[a][k(t)].
This propagates fully in both directions and is far cheaper for CP-SAT than precedences
between channelled integers.
"""

from __future__ import annotations

from bisect import bisect_right

RULE_ID = "ordering"


def post(ctx) -> None:
    suffixes: dict[str, list] = {}
    for pairs in ctx.expansion.ordering_pairs.values():
        for a, b in pairs:
            precede(ctx, suffixes, ctx.by_id[a.id], ctx.by_id[b.id])


def precede(ctx, suffixes: dict, a, b) -> None:
    """Session a ends no later than session b starts."""
    model = ctx.model
    ends = [slot.end_minute for slot in a.session.slots]
    if ends != sorted(ends):  # not in time order (cannot happen for one site); stay general
        model.add(a.end <= b.start)
        return
    literals = _suffix(model, suffixes, a)
    for t, slot in enumerate(b.session.slots):
        first_late = bisect_right(ends, slot.start_minute)  # a's slots ending after b starts
        if first_late < len(literals):
            model.add_implication(b.x[t], literals[first_late].Not())


def _suffix(model, suffixes: dict, sv) -> list:
    """S[k] is implied by any slot k' >= k of the session (S[k] >= x[k], S[k] >= S[k+1])."""
    if sv.session.id not in suffixes:
        n = len(sv.x)
        literals = [model.new_bool_var(f"from[{sv.session.id},{k}]") for k in range(n)]
        for k in range(n):
            model.add_implication(sv.x[k], literals[k])
            if k + 1 < n:
                model.add_implication(literals[k + 1], literals[k])
        suffixes[sv.session.id] = literals
    return suffixes[sv.session.id]
