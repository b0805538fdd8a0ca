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
    revision: int = Field(1, ge=1, description="该课次最后一次变动时的计划版本号（日历的 SEQUENCE）")

    def placement(self) -> tuple:
        """What a change of which must reach the people concerned: time, teachers and room."""
        return (self.date, self.start, self.end, tuple(self.blocks), tuple(sorted(self.teachers)),
                self.venue, self.site)


class Cancellation(BaseModel):
    """A session some people no longer have: their calendars keep it as cancelled."""

    model_config = ConfigDict(extra="ignore")

    session: PlanSession = Field(description="课次取消前的安排（日历里显示为已取消）")
    revision: int = Field(ge=1, description="取消时的计划版本号")
    teachers: list[str] = Field(default_factory=list, description="不再上这次课的教师")
    classes: list[str] = Field(default_factory=list, description="不再有这次课的班次（课次未能安排时）")
    venues: list[str] = Field(default_factory=list, description="不再用于这次课的场地")


class Unplaced(BaseModel):
    """A session a replan could not place: the plan is incomplete and says so."""

    model_config = ConfigDict(extra="ignore")

    id: str
    classes: list[str]
    title: str
    reason: str = Field(description="为什么排不进去")


class Least(BaseModel):
    """What a replan minimised instead of the weighted changes, and what it proved."""

    model_config = ConfigDict(extra="ignore")

    measure: str = Field(description="changes 变动课次数 / people 涉及的教师和班次数")
    value: int = Field(description="本计划的数值")
    bound: int | None = Field(None, description="已证明的下界（等于数值即为最少）；权衡表中多变动的行没有")


class Origin(BaseModel):
    """Where a replanned plan came from: its baseline and the changes applied."""

    model_config = ConfigDict(extra="ignore")

    baseline: str = Field(description="基准计划文件")
    baseline_revision: int
    fixed_before: dt.date | None = Field(None, description="此日期之前的课次保持不变")
    changes: list[dict] = Field(default_factory=list, description="应用的变动（与变动文件格式相同）")
    change_cost: int | None = Field(None, description="变动代价（各类变动次数乘权重之和）")
    change_lower_bound: int | None = Field(None, description="已证明的变动代价下界（等于代价即为最少）")
    change_weights: dict[str, int] = Field(default_factory=dict, description="各类变动的权重")
    least: Least | None = Field(None, description="重排先求最少的不是加权变动代价时：求的是什么、结果与下界")


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
    cancelled: list[Cancellation] = Field(default_factory=list,
                                          description="重排后有人不再上的课次，日历中标为已取消")
    unplaced: list[Unplaced] = Field(default_factory=list, description="重排时未能安排的课次")
    origin: Origin | None = Field(None, description="重排计划的来源")
