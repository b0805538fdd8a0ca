"""Every user-facing text of the HTML report, in one place so another language can follow.

Templates read these through the `m` global; weekday, mode, tier and kind names come from their
one definition elsewhere."""

from __future__ import annotations

from scheduler.policy import messages as policy_text
from scheduler.text import MODE_NAMES, TEACHER_KIND_NAMES, TIER_NAMES, VENUE_KIND_NAMES, WEEKDAY_CHARS

__all__ = ["MODE_NAMES", "TEACHER_KIND_NAMES", "TIER_NAMES", "VENUE_KIND_NAMES", "WEEKDAY_CHARS"]

# page titles and navigation
SITE_TITLE = "{term} 课程表"
INDEX = "总览"
CHANGES = "调整"
KIND_TITLES = {"class": "班次", "teacher": "教师", "venue": "场地", "site": "学校"}
PAGE_TITLE = "{kind}：{name}"
PLAN_LINE = "计划第 {revision} 版，{sessions} 次课，目标值 {objective}（下界 {bound}），状态 {status}"

# the index
AT_A_GLANCE = "学期概况"
COUNT_CLASSES = "班次"
COUNT_SESSIONS = "课次"
COUNT_TEACHERS = "授课教师"
COUNT_FIELD = "现场教学"
COUNT_EVENINGS = "农民夜校开课晚次"
UNPLACED_HEADING = "未安排的课次"
UNPLACED_HEADERS = ("课次", "班次", "课程", "原因")
CALENDAR = "日历（每天的课次，按层级着色）"
MONTH = "{year}年{month}月"
TIER_SHORT = {"county": "县", "township": "乡", "village": "村"}
PENALTIES = "软约束罚分"
PENALTY_HEADERS = ("软约束", "权重", "次数", "罚分", "最严重的情况")
PENALTY_TOTAL = "合计"
NO_PENALTY = "没有罚分"
FOUR_PLUS_N = "“4+N”主题课覆盖"
FOUR_PLUS_N_NOTE = "每个“4+N”班次在计划中排到的四大主题课次数（含合班课）"
FOUR_PLUS_N_MISSING = "缺{topics}"
FOUR_PLUS_N_COMPLETE = "齐全"
NO_FOUR_PLUS_N = "本学期没有“4+N”班次"
COVERAGE_STATUS = "覆盖"
LIST_HEADERS = {
    "class": ("班次", "学校", "日期", "学员", "课次"),
    "teacher": ("教师", "类型", "乡镇", "课次"),
    "venue": ("场地", "类型", "所在", "容量", "课次"),
    "site": ("学校", "层级", "乡镇", "课次"),
}
DATES = "{start}–{end}"

# grid pages
WEEK = "第 {number} 周"
WEEK_SPAN = "{first}–{last}"
DAY_HEADER = "周{weekday}"
DAY_DATE = "{month}月{day}日"
BLOCK = "时段"
CONTINUED = "（续）"
ONLINE = "线上"
NO_SESSIONS = "本学期没有课。"
SESSIONS_COUNT = "共 {count} 次课"
CHANGED_LEGEND = "黄色底纹：本版计划调整过的课次（见“调整”页）"

# the changes page
CHANGES_TITLE = "计划调整：第 {old} 版 → 第 {new} 版"
CHANGES_FROM = "{date} 之前的课次保持不变"
CHANGE_LIST = "变动"
CHANGE_COST = "变动代价 {cost}，下界 {bound}（{proven}）"
PROVEN = "已证明最少"
NOT_PROVEN = "未证明最少"
UNKNOWN = "未记录"
BASELINE_MISSING = "找不到基准计划 {baseline}（第 {revision} 版），无法列出逐课变动。"
SESSION_HEADERS = ("课次", "班次", "课程", "日期", "时间", "教师", "场地", "说明")
PEOPLE = "受影响的人"
PEOPLE_HEADERS = ("", "姓名", "少了", "多了", "换了时间或场地")
TEACHER = "教师"
CLASS = "班次"
ARROW = "→"
UNPLACED = "未安排"
NO_CHANGES = "没有课次变动。"
CHANGED_COUNTS = "共变动 {sessions} 次课，涉及教师 {teachers} 位、班次 {classes} 个"

# the command
WROTE = "已生成报表 {path}：{pages} 个页面（{classes} 个班次、{teachers} 位教师、{venues} 个场地、{sites} 所学校）"
OPEN_HINT = "用浏览器打开 {index}；打印时课程表页为 A4 横向，总览为 A4 纵向。"
NOT_A_REPORT = ("{out} 不是空目录，也不是 scheduler report 生成的报表目录：为免覆盖其中的文件，"
                "请换一个目录或先清空它")
HELP_OUT = "报表目录（默认为计划文件旁的 <计划名>-report/）；整个目录由报表生成并替换"
FACT_SITE = "学校"
FACT_DATES = "日期"
FACT_TRAINEES = "学员"
FACT_KIND = "类型"
FACT_TOWNSHIP = "乡镇"
FACT_CAPACITY = "容量"
FACT_TIER = "层级"
FACT_ADDRESS = "地址"
FACT_FOUR_PLUS_N = "“4+N”课程"
YES = "是"
PEOPLE_KINDS = {"teacher": TEACHER, "class": CLASS}
SESSION_SAID = "原{day}{time}《{title}》"
LIST_JOIN = "；"

# --- policy rules (check/compliance.py) ---
POLICY_TITLE = "政策规则达标情况"
POLICY_HEAD = ("规则", "要求", "实际", "达标")
MET, NOT_MET = policy_text.MET, policy_text.NOT_MET
POLICY_UNMET = "{total} 项考核中 {count} 项未达标："
POLICY_ALL_MET = "{total} 项考核全部达标。"
