"""A located problem in an input file, and the error that carries an instance's problems."""

from __future__ import annotations

from pydantic import BaseModel


class Finding(BaseModel):
    """One problem in an input file, located by a path of keys and list positions."""

    path: tuple[str | int, ...]
    message: str
    severity: str = "error"  # "error" or "warning"


class InstanceReferenceError(ValueError):
    """Cross-record problems (unknown ids, duplicates); carries every finding."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings))
