"""Why a solve or a replan found no plan: the explanation run after a proven-impossible solve,
within what is left of the command's time limit."""

from __future__ import annotations

import click

from scheduler import text
from scheduler.cli.errors import EXIT_INTERRUPTED, fail


def explain_lines(expansion, time_limit: float) -> list[str]:
    """Why there is no plan, in the user's words (a minimal set of conflicting requirements)."""
    from scheduler.explain import describe, explain_expansion
    from scheduler.explain.minimize import Explanation
    from scheduler.solve.control import running

    click.echo(text.EXPLAINING.format(limit=time_limit), err=True)
    with running(None) as run:
        run.extend(time_limit)  # a limit of its own, after the solve's
        try:
            with run.abortable():  # no plan to keep: Ctrl-C stops at once
                explanation = explain_expansion(expansion, time_limit=time_limit, workers=1)
        except KeyboardInterrupt:  # Ctrl-C, or the time limit
            if run.interrupted:
                fail([text.INTERRUPTED_EXPLAIN], EXIT_INTERRUPTED)
            explanation = Explanation("UNKNOWN", seconds=time_limit)
    return describe(explanation, expansion)
