"""每次课恰好安排一次: exactly one slot per session (posted with the time variables)."""

RULE_ID = "session_once"


def post(ctx) -> None:
    # The exactly-one over each session's slot booleans is part of build_variables, since
    # the start/end channels depend on it; nothing more to add here.
    for sv in ctx.sessions:
        assert sv.x or not sv.session.slots
