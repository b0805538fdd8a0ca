"""How an instance holds the policy rules (scheduler.rules.POLICY_RULE_IDS): each one hard,
soft (with a weight) or off, and the figures they measure against."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from scheduler.domain.values import Name, Record


class Level(StrEnum):
    HARD = "hard"
    SOFT = "soft"
    OFF = "off"


class PolicySetting(Record):
    """`hard`, `soft` or `off` (or 必须 / 尽量 / 不考核), or a mapping {level: soft, weight: 10}."""

    level: Level = Field(description="hard 必须满足 / soft 尽量满足（按权重计罚分）/ off 不考核")
    weight: int | None = Field(None, ge=0, le=1_000_000, description="soft 时每次违反的罚分（省略为默认）")

    @model_validator(mode="before")
    @classmethod
    def _from_word(cls, value: Any) -> Any:
        # YAML reads a bare `off` (or `no`) as false
        if isinstance(value, dict) and "level" in value:
            return {**value, "level": _level(value["level"])}
        if isinstance(value, bool | str):
            return {"level": _level(value)}
        return value


def _level(word: Any) -> Any:
    if isinstance(word, bool):
        return Level.HARD if word else Level.OFF
    return _LEVEL_WORDS.get(word, word) if isinstance(word, str) else word


_LEVEL_WORDS = {"硬": Level.HARD, "必须": Level.HARD, "软": Level.SOFT, "尽量": Level.SOFT,
                "关闭": Level.OFF, "不考核": Level.OFF}


class Standards(Record):
    """The regulation's figures the policy rules measure against."""

    interactive_methods: list[Name] = Field(
        default_factory=list,
        description="算作互动式教学的教学方法（例如 案例、情景模拟、访谈、桌面推演、研讨）；"
                    "列出后才考核互动式教学比例")
    case_methods: list[Name] = Field(default_factory=lambda: ["案例"], description="算作案例教学的教学方法")
    min_interactive_percent: int = Field(30, ge=0, le=100, description="互动式教学至少占班次学时的百分比")
    min_case_percent: int = Field(33, ge=0, le=100, description="案例教学至少占互动式教学学时的百分比")
    block_hours: int = Field(3, ge=1, le=12, description="一个时段折算几个学时（时段可用 hours 另定；半天按 3–4 学时）")
