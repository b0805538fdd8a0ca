"""One check per soft rule of scheduler.rules, each in its own module named after the rule.

Each check returns the cases where the plan bends its rule, read from matched sessions with a
usable time only (see scheduler.check.soft.sessions).
"""
