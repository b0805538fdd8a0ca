"""The `scheduler` command line: the click group and its commands, one module per group.

errors.py (exit codes, the guard) and plans.py (load, check, write a plan) are the leaves;
each command module imports them, and this module imports the command modules.
"""

from __future__ import annotations

import click

from scheduler.cli import (
    calendars,
    generate,
    inspect,
    notices,
    plansheet,
    report,
    risk,
    solve,
    whatif,
    workbook,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="party-school-scheduler")
def main() -> None:
    """县委党校、乡镇党校、农民夜校一体化排课引擎。"""


for command in (
    inspect.schema,
    inspect.check,
    solve.solve,
    solve.explain,
    inspect.validate,
    whatif.whatif,
    risk.risk,
    inspect.show,
    generate.generate,
    calendars.export_ics,
    calendars.publish,
    report.report,
    notices.notices,
    plansheet.export_xlsx,
    workbook.template,
    workbook.convert,
):
    main.add_command(command)
