"""课次在班次日期之内: enforced by construction (expand offers only dates inside every class window)."""

RULE_ID = "class_window"


def post(ctx) -> None:
    for sv in ctx.sessions:
        members = [ctx.expansion.instance.term_class(c) for c in sv.session.class_ids]
        first, last = max(c.start for c in members), min(c.end for c in members)
        assert all(first <= slot.date <= last for slot in sv.session.slots)
