"""每次课恰好安排一次: the exactly-one over each session's slot literals.

Posted by build_variables, since the start/end channels are built on it; nothing to add here.
"""

RULE_ID = "session_once"


def post(ctx) -> None:
    return None
