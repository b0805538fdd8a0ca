"""Every user-facing text of the checker, in one place so another language can follow."""

from __future__ import annotations

from collections.abc import Iterable

from scheduler.text import WEEKDAY_CHARS

WEEKDAY_NAMES = {number: f"星期{name}" for number, name in enumerate(WEEKDAY_CHARS, start=1)}

TEXT: dict[str, str] = {
    # session_once
    "unknown_session": "课程表中的课次 {session} 在实例中不存在{hint}",
    "unknown_session_class": "（没有班次 {cls}）",
    "unknown_session_item": "（班次 {cls} 没有课程项 {item}）",
    "unknown_session_index": "（课程项 {item} 只有 {count} 次课）",
    "empty_session_id": "（课次 id 为空）",
    "duplicate_session": "课次 {session} 在课程表中出现了 {count} 次",
    "missing_session": "课次 {session}（班次 {cls} 的《{title}》第 {index} 次）没有排入课程表",
    "wrong_field": "课次 {session} 的 {field} 为 {found}，实例中应为 {wanted}",
    # class_window
    "outside_class": "课次 {session} 排在 {date}，不在班次 {cls} 的日期 {start}..{end} 之内",
    # site_calendar
    "bad_time": "课次 {session} 的时间 {start}–{end} 无效：应为 HH:MM，且结束晚于开始",
    "not_block_start": "课次 {session} 的开始时间 {start} 不是学校 {site} 任何时段的开始时间"
                       "（时段：{blocks}）",
    "too_few_blocks": "课次 {session} 从 {block} 开始需要连续 {length} 个时段，"
                      "学校 {site} 当天从 {block} 起只有 {available} 个",
    "wrong_end": "课次 {session} 占用 {length} 个时段（{blocks}），结束时间应为 {wanted}，"
                 "课程表中为 {found}",
    "wrong_blocks": "课次 {session} 的 blocks 为 {found}，应为 {wanted}",
    "outside_term": "课次 {session} 排在 {date}，不在学期 {term}（{start}..{end}）之内",
    "holiday": "课次 {session} 排在 {date}（{holiday}），学校 {site} 放假",
    "not_teaching_day": "课次 {session} 排在 {date}（{weekday}），不是学校 {site} 的上课日",
    "site_blackout": "课次 {session} 在 {date} {blocks} 落在适用于学校 {site} 的停课安排“{blackout}”内",
    "item_unavailable": "课次 {session} 在 {date} {blocks} 落在课程项《{title}》的禁排时间内{note}",
    # teacher_count
    "repeated_teacher": "课次 {session} 的教师 {teachers} 重复列出",
    "teacher_number": "课次 {session} 需要 {wanted} 位教师，课程表中有 {found} 位（{teachers}）",
    "missing_designated": "课次 {session} 缺少指定教师 {teacher}",
    # teacher_qualified
    "unknown_teacher": "课次 {session} 的教师 {teacher} 在实例中不存在",
    "wrong_topic": "教师 {teacher} 不能讲授专题 {topic}，却排了课次 {session}",
    "wrong_tier": "教师 {teacher} 只在 {tiers} 授课，课次 {session} 在{tier} {site}",
    "wrong_township": "教师 {teacher} 只到 {townships} 授课，课次 {session} 所在学校 {site} 属于 {township}",
    # teacher_available
    "teacher_unavailable": "教师 {teacher} 在 {date} {blocks} 不能上课（{reason}），却排了课次 {session}",
    "personal_rule": "不可用时间",
    "personal_rule_noted": "不可用时间“{note}”",
    "blackout_rule": "停课安排“{name}”",
    # overlaps
    "teacher_overlap": "教师 {teacher} 在 {date} {span} 同时上 {first} 与 {second}",
    "venue_overlap": "场地 {venue} 在 {date} {span} 同时安排 {first} 与 {second}",
    "class_overlap": "班次 {cls} 在 {date} {span} 同时上 {first} 与 {second}",
    # limits
    "daily_limit": "教师 {teacher} 在 {date} 有 {count} 次课（{sessions}），超过每天上限 {limit}",
    "weekly_limit": "教师 {teacher} 在 {year} 年第 {week} 周（{start}..{end}）有 {count} 次课"
                    "（{sessions}），超过每周上限 {limit}",
    "obligation": "教师 {teacher} 在 {period}（{start}..{end}）{what}只有 {count} 次课，"
                  "少于要求的 {wanted} 次{note}",
    "obligation_topic": "讲授 {topic} ",
    "period_month": "{year}年{month}月",
    "period_quarter": "{year}年第{quarter}季度",
    "period_first_half": "{year}年上半年",
    "period_second_half": "{year}年下半年",
    "period_year": "{year}年",
    "period_term": "整个学期",
    # venue_fit
    "online_with_venue": "线上课次 {session} 不应占用场地 {venue}",
    "no_venue": "{mode}课次 {session} 没有安排场地",
    "unknown_venue": "课次 {session} 的场地 {venue} 在实例中不存在",
    "field_kind": "现场教学课次 {session} 应在现场教学点，场地 {venue} 是{kind}",
    "room_kind": "{mode}课次 {session} 应在教室或报告厅，场地 {venue} 是{kind}",
    "not_listed_venue": "课次 {session} 的场地 {venue} 不在课程项限定的场地（{venues}）之中",
    "other_site_room": "课次 {session} 在学校 {site}，场地 {venue} 属于{other}",
    "no_site": "其他学校",
    "far_field": "现场教学课次 {session}（学校 {site}，乡镇 {township}）不能去现场教学点 {venue}"
                 "（{where}）",
    "field_night": "现场教学课次 {session} 在 {date} 占用的时段 {blocks} 在 18:00 之后结束",
    "venue_unavailable": "场地 {venue} 在 {date} {blocks} 不可用（{reason}），却安排了课次 {session}",
    # venue_capacity
    "capacity": "场地 {venue} 容纳 {capacity} 人，课次 {session}（{classes}）听课 {trainees} 人",
    # ordering
    "order_first": "课次 {session} 是班次 {cls} 的第一次课（{end} 结束），应在其他课次开始前结束，"
                   "但 {other} 在 {start} 开始",
    "order_last": "课次 {session} 是班次 {cls} 的最后一次课（{start} 开始），应在其他课次结束后开始，"
                  "但 {other} 到 {end} 才结束",
    "order_after": "课次 {session}（{start} 开始）须在课程项{before}全部结束后开始，"
                   "但 {other} 到 {end} 才结束",
    # soft rules (scheduler.check.soft): one message per case of a penalty
    "travel_places": "{teacher} {date} 在{count}个乡镇授课：{townships}",
    "travel_minutes": "{teacher} {date} 从家所在的{home}到{township}上课 {session}，路程 {minutes} 分钟",
    "class_isolated": "{cls} {date} 的{blocks}前后相邻时段都没有课",
    "class_empty_day": "{cls} 在首末上课日 {first}..{last} 之间有 {count} 个上课日没有课：{dates}",
    "item_spread": "{cls} 的《{title}》（{item}）{sessions} 次课只分布在 {days} 天，应至少 {min_days} 天",
    "topic_repeat": "{cls} {date} 连排同一专题 {topic}：{first} 与 {second}",
    "mode_fit_field": "{teacher}是{kind}，讲授现场教学课次 {session}（宜由土专家讲授）",
    "mode_fit_practice": "{teacher}是{kind}，讲授实践类专题 {topic} 的课次 {session}（宜由土专家讲授）",
    "mode_fit_theory": "{teacher}是{kind}，讲授理论类专题 {topic} 的课次 {session}"
                       "（宜由专职教师或领导干部讲授）",
    "fulltime_balance": "专职教师课次最多的是 {most}（{high} 次），最少的是 {least}（{low} 次），相差 {gap} 次",
    "preference": "{teacher} 的课次 {session}（{date} {blocks}）{reasons}",
    "preference_avoided": "落在不希望上课的时间{note}",
    "preference_not_preferred": "不在希望上课的时间内",
    "class_venue_preference": "{cls} 的首选场地为 {preferred}，课次 {session} 安排在 {venue}",
    "class_room_stability": "{cls} 在本校用了 {count} 个教室和报告厅：{venues}",
    "item_room_stability": "{cls} 的《{title}》（{item}）用了 {count} 个场地：{venues}",
    "soft_capacity": "场地 {venue} 容纳 {capacity} 人，课次 {session}（{classes}）听课 {trainees} 人，"
                     "缺 {missing} 个座位",
}

REASON_SEPARATOR = "，"

LIST_SEPARATOR = "、"
NOTHING = "无"


def say(key: str, **values: object) -> str:
    return TEXT[key].format(**values)


def named(record) -> str:
    """A record as "name(id)", e.g. 王建国(t01)."""
    return f"{record.name}({record.id})"


def joined(items: Iterable[object]) -> str:
    text = LIST_SEPARATOR.join(str(item) for item in items)
    return text or NOTHING


def note_suffix(note: str | None) -> str:
    return f"（{note}）" if note else ""


def unavailable_reason(note: str | None) -> str:
    """Why a time rule of a teacher or venue blocks a slot: its note, if it has one."""
    return say("personal_rule_noted", note=note) if note else say("personal_rule")
