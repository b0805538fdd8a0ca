"""课次在班次日期之内: enforced by construction (expand offers only dates inside every class window;
tests/test_solve_rules.py checks the expansion)."""

RULE_ID = "class_window"


def post(ctx) -> None:
    return None
