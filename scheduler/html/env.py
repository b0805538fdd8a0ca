"""The one Jinja2 environment of the report: templates and the stylesheet are package data.

Autoescaping is on for every template (names and titles come from user files) and an unknown
variable is an error, never an empty string."""

from __future__ import annotations

import functools
from importlib import resources

import jinja2

from scheduler.html import messages

STYLESHEET = "report.css"


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scheduler.html", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["m"] = messages
    env.globals["stylesheet"] = STYLESHEET
    return env


def render(template: str, **values: object) -> bytes:
    return environment().get_template(template).render(**values).encode("utf-8")


def static_file(name: str) -> bytes:
    """A file of the package's static/ folder (found the same way in a wheel or a checkout)."""
    return resources.files("scheduler.html").joinpath("static", name).read_bytes()
