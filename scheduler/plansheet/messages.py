"""Every user-facing text of the plan workbook (`scheduler export-xlsx`), in one place."""

from __future__ import annotations

from scheduler.text import MODE_NAMES, TEACHER_KIND_NAMES, TIER_NAMES, VENUE_KIND_NAMES, WEEKDAY_CHARS
from scheduler.whatif import messages as whatif_text

__all__ = ["MODE_NAMES", "TEACHER_KIND_NAMES", "TIER_NAMES", "VENUE_KIND_NAMES", "WEEKDAY_CHARS"]

# --- sheet names (each ≤ 31 characters, none of []:*?/\) ---
OVERVIEW = "总表"
CHANGES = "调整明细"
TEACHER_SESSIONS = "教师课表"
WORKLOAD = "教师工作量"
VENUE_USE = "场地使用"
COVERAGE = "4+N 覆盖"
PENALTIES = "罚分"
CLASS_SHEET_FALLBACK = "班次"  # a class name with nothing left once forbidden characters go

# --- shared words ---
ONLINE = "线上"
LIST_JOIN = "、"
YES, NO = "是", "否"
TIME_SPAN = "{start}–{end}"
WEEKDAY = "周{char}"
MONTH = "{year}年{month}月"
TOTAL = "合计"
SUBTOTAL = "小计（{kind}）"
COUNT, HOURS = "次数", "课时"

OVERVIEW_HEADERS = ("班次", "日期", "星期", "时段", "起止时间", "专题", "课题", "授课方式", "教师", "场地",
                    "教学点", "乡镇", "课次编号")

GRID_TITLE = "{name} 课程表（{site}，{start} 至 {end}，{count} 次课）"
GRID_DATE, GRID_WEEKDAY = "日期", "星期"
GRID_BLOCK = "{name}\n{start}–{end}"
GRID_JOINT = "合班：{classes}"
GRID_FOOTER = "&P / &N 页"

TEACHER_SESSION_HEADERS = ("教师", "类别", "日期", "星期", "起止时间", "班次", "课题", "授课方式", "场地",
                           "教学点", "乡镇")
WORKLOAD_LEAD = ("教师", "类别", "所在乡镇")
WORKLOAD_TOTAL = "全学期"
WORKLOAD_NOTE = "课时按起止时间计算，每 {minutes} 分钟为 1 课时；合班课、双人教学的每位教师各计一次。"

VENUE_HEADERS = ("场地", "类型", "所属", "容量", "次数", "天数", "占用时段", "班次")

COVERAGE_LEAD = ("班次", "教学点", "4+N 班")
COVERAGE_SPECIALTY = "专题课次数"
COVERAGE_SPECIALTY_TOPICS = "专题课内容"
COVERAGE_STATE = "四大主题"
COVERAGE_COMPLETE = "齐全"
COVERAGE_MISSING = "缺少：{topics}"
COVERAGE_TOPIC_COUNT = "{topic}×{count}"

PENALTY_HEADERS = ("软约束", "规则编号", "权重", "次数", "罚分", "最严重的情况")
PENALTY_RECORDED = "计划文件记录的目标值"
PENALTY_STATUS = "计划状态"

CHANGES_TITLE = "计划第 {revision} 版，由基准计划 {baseline}（第 {baseline_revision} 版）重排；{start} 之前的课次不变"
CHANGES_CHANGE = "变动：{change}"
CHANGES_NO_BASELINE = "找不到可对照的基准计划（{reason}）：下面只列出本版新排的课次，没有原安排"
CHANGES_HEADERS = ("课次编号", "班次", "课题", "原日期", "新日期", "原时间", "新时间", "原教师", "新教师",
                   "原场地", "新场地", "说明")
CHANGES_UNPLACED = "未安排"
CHANGES_NONE = "与基准计划相比没有课次变动"
NOTIFY_TITLE = "需要通知的人"
NOTIFY_HEADERS = ("对象", "姓名", "编号", "变化", "课次编号")
# who must be told, in the words of the what-if's own table
NOTIFY_TEACHER, NOTIFY_CLASS = whatif_text.TEACHER, whatif_text.CLASS
NOTIFY_LOSE, NOTIFY_GAIN, NOTIFY_MOVE = whatif_text.LOST, whatif_text.GAINED, whatif_text.MOVED
NOTIFY_CLASS_MOVED, NOTIFY_CLASS_UNPLACED = whatif_text.CLASS_MOVED, whatif_text.CLASS_UNPLACED
NOTIFY_JOIN = "，"
NEW_ONLY_HEADERS = ("课次编号", "班次", "课题", "日期", "起止时间", "教师", "场地")

# --- the command ---
HELP_OUTPUT = "写入的工作簿（.xlsx；默认与计划文件同名、同目录）"
NOT_XLSX = "输出文件 {path} 应以 .xlsx 结尾（Excel、WPS 按扩展名识别工作簿）"
OUTPUT_IS_INPUT = "输出文件 {path} 就是输入的{what}，不能覆盖"
OUTPUT_WHAT_PLAN, OUTPUT_WHAT_INSTANCE = "计划文件", "实例文件"
PLAN_REFUSED = "计划违反硬约束，没有导出（scheduler validate 可查看全部校验结果）："
WROTE = "已写入 {path}：{sheets} 个工作表（{classes} 个班次的课程表），{sessions} 次课"
