"""The scenario file: one disruption of one CB-CTT timetable per line.

    # instance  solution    disruption  parameters
    comp01      comp01.sol  lecture     c0001 2 3      # course c0001 barred from day 2, period 3
    comp01      comp01.sol  period      2 3            # day 2, period 3 removed for all rooms
    comp01      comp01.sol  room        B 2            # room B closed on day 2
    comp01      comp01.sol  curriculum  c1 c2 c3 c4    # a new curriculum of 4 courses
    comp01      comp01.sol  teacher     t001 2         # teacher t001 out on day 2

Fields are separated by blanks; `#` starts a comment. The instance is a bundled name
(benchmarks/cbctt/data) or a `.ctt` path, the solution a `.sol` path; relative paths are read
from the scenario file's folder. Days and periods count from 0, as in CB-CTT. Errors name the
file, the line and the field (counted from 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# disruption -> the names of its parameters; a trailing "…" repeats the last one
DISRUPTIONS: dict[str, tuple[str, ...]] = {
    "lecture": ("course", "day", "period"),
    "period": ("day", "period"),
    "room": ("room", "day"),
    "curriculum": ("course", "course", "course", "course"),
    "teacher": ("teacher", "day"),
}
WHOLE_NUMBERS = {"day", "period"}
FIRST_PARAMETER = 4  # fields 1-3: instance, solution, disruption


class ScenarioError(ValueError):
    """A scenario line that cannot be read or applied; the message names file, line and field."""


@dataclass(frozen=True)
class Scenario:
    instance: str  # a bundled name or a .ctt path, as written
    solution: str  # a .sol path, as written
    kind: str  # a key of DISRUPTIONS
    parameters: tuple[str | int, ...]  # in DISRUPTIONS[kind] order; days and periods are ints
    source: str = "<scenarios>"
    line: int = 0
    base: Path = Path(".")  # the folder relative paths are read from

    def where(self, field: int | None = None) -> str:
        """`file:line` and, given a field number, the field's number and name."""
        place = f"{self.source}:{self.line}"
        if field is None:
            return place
        return f"{place}: field {field} ({field_name(self.kind, field)})"

    def describe(self) -> str:
        return " ".join([self.kind, *(str(p) for p in self.parameters)])

    def text(self) -> str:
        """The scenario as a line of a scenario file."""
        return " ".join([self.instance, self.solution, self.describe()])


def field_name(kind: str, field: int) -> str:
    if field <= 3:
        return ("instance", "solution", "disruption")[field - 1]
    return DISRUPTIONS[kind][field - FIRST_PARAMETER]


def read_scenarios(path: str | Path) -> list[Scenario]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot read the scenario file: {error}") from None
    return parse_scenarios(text, source=str(path), base=path.parent)


def parse_scenarios(text: str, source: str = "<scenarios>", base: Path = Path(".")) -> list[Scenario]:
    """Every scenario of the text, in order; ScenarioError at the first line that is not one."""
    scenarios = []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("#", 1)[0].split()
        if fields:
            scenarios.append(_scenario(fields, f"{source}:{number}", source, number, base))
    return scenarios


def _scenario(fields: list[str], where: str, source: str, number: int, base: Path) -> Scenario:
    if len(fields) < 3:
        raise ScenarioError(f"{where}: expected '<instance> <solution> <disruption> <parameters…>', "
                            f"got {' '.join(fields)!r}")
    kind = fields[2]
    if kind not in DISRUPTIONS:
        raise ScenarioError(f"{where}: field 3 (disruption): {kind!r} is none of {', '.join(DISRUPTIONS)}")
    names = DISRUPTIONS[kind]
    given = fields[3:]
    if len(given) != len(names):
        raise ScenarioError(f"{where}: field {FIRST_PARAMETER + min(len(given), len(names))}: "
                            f"'{kind}' takes {len(names)} parameters ({' '.join(names)}), "
                            f"got {len(given)}")
    parameters: list[str | int] = []
    for index, (name, value) in enumerate(zip(names, given, strict=True)):
        if name in WHOLE_NUMBERS:
            if not value.isdigit():
                raise ScenarioError(f"{where}: field {FIRST_PARAMETER + index} ({name}): "
                                    f"{value!r} is not a whole number ≥ 0")
            parameters.append(int(value))
        else:
            parameters.append(value)
    return Scenario(instance=fields[0], solution=fields[1], kind=kind, parameters=tuple(parameters),
                    source=source, line=number, base=base)


def format_scenarios(scenarios: list[Scenario], header: str = "") -> str:
    """A scenario file's text (the header as `#` comment lines first)."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [scenario.text() for scenario in scenarios]
    return "\n".join(lines) + "\n"
