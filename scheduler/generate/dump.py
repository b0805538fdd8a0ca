"""YAML text of an instance: model field order, defaults and None left out, clock times quoted."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import yaml
from pydantic import BaseModel

from scheduler.domain.instance import Instance
from scheduler.domain.values import DateRange


def dump_instance(instance: Instance, header: str | None = None) -> str:
    """YAML text of an instance: model field order, defaults and None left out."""
    header = header if header is not None else f"# {instance.name}：由 scheduler.generate 生成的合成实例\n"
    body = yaml.dump(plain(instance), Dumper=Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)
    return header + body


class Quoted(str):
    """A string always written in quotes (clock times, so that 14:30 is never read as a number)."""


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data) -> bool:  # never write anchors such as &id001
        return True


def represent_list(dumper: yaml.SafeDumper, data: list):
    flat = all(isinstance(x, (str, int, float, bool, dt.date)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


Dumper.add_representer(list, represent_list)
Dumper.add_representer(Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="'"))


def plain(value):
    """Model → plain data for YAML, in field order, without defaults."""
    if isinstance(value, DateRange):
        if value.start == value.end:
            return value.start
        return f"{value.start.isoformat()}..{value.end.isoformat()}"
    if isinstance(value, BaseModel):
        out = {}
        for name, info in type(value).model_fields.items():
            current = getattr(value, name)
            if current is None:
                continue
            if not info.is_required() and current == info.get_default(call_default_factory=True):
                continue
            out[name] = plain(current)
        return out
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.time):
        return Quoted(value.strftime("%H:%M"))
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):  # weights, policies
        return {key: plain(v) for key, v in value.items()}
    return value
