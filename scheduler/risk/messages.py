"""User-facing text of the robustness report (`scheduler risk`), in Chinese."""

from scheduler.text import TIER_NAMES

# --- why a session nobody can take (risk/reasons.py) ---
NO_TEACHER = "除{teacher}外没有教师能讲“{topic}”"
TOPIC_TEACHERS = "能讲“{topic}”的"
NOT_THERE = "{others}不到{where}授课"
AND = "，"
NOT_FREE = "能讲“{topic}”的{others}在 {start} 起的班次日期内都没空（需要 {needed} 位）"
REASON_KINDS = {"topic": "无人能讲", "place": "层级/乡镇不符", "time": "无人有空", "other": "排不下"}
NO_PLAN_REASON = "重排无方案（{status}）"
TIERS = TIER_NAMES

# --- the report (risk/report.py) ---
HEADERS = ["教师", "失去课次", "无人可接", "改动课次", "改动代价", "下界", "证明", "受影响班次", "状态"]
PROVEN = "是"
NOT_PROVEN = "否"
NONE = "—"
STATUS = {"OPTIMAL": "已接住", "FEASIBLE": "已接住", "PARTIAL": "部分无人可接",
          "INFEASIBLE": "无方案", "UNKNOWN": "时限内未找到"}
TEACHER = "{name}({id})"
CLASSES_AND_MORE = "{first}等 {count} 个班"
SPOF_HEADING = "无人可接的课次（单点）："
SPOF_LINE = "  {teacher}：{session}（{title}，{classes}）：{reason}"
NOTE_LINE = "  {teacher}：{note}"
HEADING = "{start} 起逐一假设每位有课的教师缺席（共 {count} 位），重排后的结果（按风险排序）："
SUMMARY_TEACHERS = "共 {count} 位教师 {start} 起有课；其中 {spof} 位缺席后会有课次无人可接（单点）。"
SUMMARY_NO_PLAN = "{count} 位教师缺席后的重排在时限内没有结果（或无方案），排在表首；可放宽 --time-limit 再评估。"
SUMMARY_K = "缺席后全部课次都能接住、且改动不超过 k 次课的教师：{counts}"
SUMMARY_K_ITEM = "k={k}：{n} 位"
SUMMARY_PROVEN = "最少改动代价已证明的：{proven} / {count} 位（其余为时限内找到的最好结果及其下界）"
SUMMARY_SECONDS = "用时 {total:.1f} 秒：每位教师平均 {mean:.1f} 秒，最长 {longest:.1f} 秒（{jobs} 个进程）"
NO_TEACHERS = "{start} 起没有教师有课，无需评估"
PROGRESS = "[{done}/{count}] {teacher}"
WROTE = "已写入 {path}"

# CSV (UTF-8 with BOM) and JSON columns
CSV_HEADERS = ["教师编号", "教师", "失去课次", "无人可接课次", "无人可接原因", "改动课次", "改动代价",
               "下界", "已证明", "受影响班次", "状态"]

# --- the command (cli/risk.py) ---
BAD_SUFFIX = "输出文件 {path} 的后缀应为 .csv 或 .json"
AFTER_TERM = "--from {start} 在学期结束（{end}）之后"
INTERRUPTED = "已中断：停止全部重排进程，未写入结果文件"
