"""The Jinja2 environment of the notices: templates from this package, autoescaping on (names
come from users' files), and an undefined name is an error rather than an empty cell."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("scheduler.notices", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)
