"""Exit codes and the guard that turns every failure into a Chinese message and an exit code.

Exit codes: 0 success; 1 infeasible, or violations / findings; 2 bad input; 3 internal error;
130 interrupted (Ctrl-C) before any plan was found.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import NoReturn

import click

from scheduler import text
from scheduler.calendar import CalendarError
from scheduler.domain import InputError
from scheduler.files import WriteError, os_reason

EXIT_OK, EXIT_FOUND, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # Ctrl-C with nothing to keep (as the shell reports a process it stopped)


def fail(lines: list[str], code: int) -> NoReturn:
    """Print the lines on stderr (control characters made visible) and exit with the code."""
    from scheduler.domain.loading import visible  # user text in a message: no raw escapes

    for line in lines:
        click.echo("\n".join(visible(part) for part in line.split("\n")), err=True)
    sys.exit(code)


def guarded(command):
    """Turn bad input into a message and exit code 2, and never show a traceback to users."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                return command(*args, **kwargs)
            finally:
                sys.stdout.flush()  # a reader that went away shows up here, inside the guard
        except BrokenPipeError:
            _quiet_closed_pipe()
        except InputError as exc:
            fail([text.BAD_INPUT, *(f"  {m}" for m in exc.messages)], EXIT_INPUT)
        except CalendarError as exc:
            fail([text.BAD_INPUT, f"  {exc}"], EXIT_INPUT)
        except WriteError as exc:
            fail([text.WRITE_FAILED.format(path=exc.filename, reason=os_reason(exc))], EXIT_INPUT)
        except OSError as exc:
            fail([text.OS_ERROR.format(path=exc.filename or "", error=os_reason(exc))], EXIT_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last line of defence for users
            if os.environ.get("SCHEDULER_DEBUG"):
                raise
            from scheduler.calendars.urls import redact  # a URL's password never reaches the screen

            fail([text.INTERNAL_ERROR.format(error=redact(f"{type(exc).__name__}: {exc}"))], EXIT_INTERNAL)

    return wrapper


def _quiet_closed_pipe() -> None:
    """The reader of our output went away (`show … | head`): not an error. Point the standard
    streams at devnull so that nothing fails again when Python flushes them at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
            pass
    os.close(devnull)
    sys.exit(EXIT_OK)
