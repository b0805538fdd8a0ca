"""The solved plan (`solutions/<name>.json`): a stable contract that other tools read."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

SESSION_ID_SEPARATOR = "/"


def session_id(class_id: str, item_id: str, index: int) -> str:
    """The stable id of the index-th (1-based) session of a curriculum item of a class."""
    return f"{class_id}{SESSION_ID_SEPARATOR}{item_id}{SESSION_ID_SEPARATOR}{index}"


class PlanSession(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="稳定的课次 id：班次/课程项/序号")
    classes: list[str] = Field(description="上课班次 id（合班课有多个，第一个为主办班次）")
    topic: str
    title: str
    mode: str
    date: dt.date
    start: str = Field(description="开始时间 HH:MM（当地时间）")
    end: str = Field(description="结束时间 HH:MM（当地时间）")
    blocks: list[str] = Field(default_factory=list, description="占用的时段名称")
    teachers: list[str]
    venue: str | None = Field(description="场地 id；线上课为 null")
    site: str


class Penalty(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rule: str
    weight: int
    violations: int
    penalty: int
    worst: list[str] = Field(default_factory=list, description="最严重的几处，例如“王老师 3月5日 跑了3个乡镇”")


class Plan(BaseModel):
    model_config = ConfigDict(extra="ignore")

    instance: str
    status: str = Field(description="OPTIMAL 或 FEASIBLE")
    objective: int | float
    bound: int | float
    solve_seconds: float
    revision: int = Field(1, ge=1, description="计划版本号，每次重排加一")
    sessions: list[PlanSession]
    penalties: list[Penalty] = Field(default_factory=list)
