"""Every user-facing text of the policy rules: checker cases, lint findings, the compliance
table and explain's sentences."""

from __future__ import annotations

from scheduler.text import TEACHER_KIND_NAMES


def requirement(kind, role) -> str:
    """“领导干部、书记” for an item asking for a kind and a role of teacher."""
    return "、".join(part for part in (TEACHER_KIND_NAMES[kind] if kind else None, role) if part)


# checker cases (one per session or class)
VENUE_TOPIC = "现场教学课次 {session}（专题 {topic}）安排在 {venue}，该现场教学点不承接此专题（承接：{serves}）"
TEACHER_ROLE = "课次 {session}《{title}》要求由{need}讲授，安排的教师 {teachers} 都不是"
FOUR_PLUS_N = "“4+N”班次 {cls} 的课程表缺少主题课：{topics}"
INTERACTIVE = ("班次 {cls} 互动式教学 {inter} 学时，占总学时 {total} 的 {share}%，"
               "低于规定的 {percent}%（差 {short} 学时）")
CASE = "班次 {cls} 案例教学 {case} 学时，低于互动式教学 {inter} 学时的 {percent}%（差 {short} 学时）"
HOURS_LOW = "班次 {cls} 共 {hours} 学时，少于规定的至少 {bound} 学时"
HOURS_HIGH = "班次 {cls} 共 {hours} 学时，多于规定的至多 {bound} 学时"

# lint findings (before solving)
LINT_NO_MAIN = "实例的 topics 中没有标记 main: true 的四大主题课"
LINT_FOUR_PLUS_N = "“4+N”课程缺少主题课：{topics}"
LINT_VENUE_TOPIC = "{item} 是现场教学，但可用的现场教学点都不承接专题 {topic}（政策规则 venue_topic）"
LINT_TEACHER_ROLE = "{item} 要求由{need}讲授，能讲授专题 {topic} 的教师中没有这样的教师（政策规则 teacher_role）"
LINT_INTERACTIVE = ("班次 {cls} 的互动式教学最多 {inter} 学时，达不到总学时 {total} 的 {percent}%"
                    "（政策规则 interactive_share）")
LINT_CASE = "班次 {cls} 的案例教学最多 {case} 学时，达不到互动式教学学时的 {percent}%（政策规则 interactive_share）"
LINT_HOURS_LOW = "班次 {cls} 的课程最多折算 {hours} 学时，达不到 min_hours {bound}（政策规则 class_hours）"
LINT_HOURS_HIGH = "班次 {cls} 的课程至少折算 {hours} 学时，超过 max_hours {bound}（政策规则 class_hours）"
LINT_SOFT = "（该规则为 soft：可以排课，按未满足计罚分）"

# compliance table
TABLE_TITLE = "政策规则达标情况（每个班次）："
TABLE_HEAD = ("班次", "规则", "要求", "实际", "达标")
MET, NOT_MET = "是", "否"
REQ_FOUR_PLUS_N = "四大主题课 {count} 门"
HAVE_FOUR_PLUS_N = "{count} 门"
REQ_INTERACTIVE = "互动式 ≥ {percent}%，其中案例 ≥ {case}%"
HAVE_INTERACTIVE = "互动式 {inter}/{total} 学时（{share}%），案例 {case_hours} 学时"
REQ_HOURS = "{low}–{high} 学时"
HAVE_HOURS = "{hours} 学时"
REQ_SESSIONS = "{count} 次课"
HAVE_SESSIONS = "{count} 次符合"
ANY = "不限"

# explain's sentences
EXPLAIN_VENUE_TOPIC = "{klass}的《{title}》须在承接专题 {topic} 的现场教学点上课（政策规则 venue_topic）"
EXPLAIN_TEACHER_ROLE = "{klass}的《{title}》须由{need}讲授（政策规则 teacher_role）"
EXPLAIN_FOUR_PLUS_N = "{klass}须包含全部四大主题课（政策规则 four_plus_n）"
EXPLAIN_INTERACTIVE = "{klass}的互动式教学与案例教学须达到规定比例（政策规则 interactive_share）"
EXPLAIN_HOURS = "{klass}的学时须在 {low}–{high} 之间（政策规则 class_hours）"

# a what-if's session that cannot be placed
UNPLACEABLE_TEACHER = ("{start} 起没有有空的{need}能讲《{title}》"
                       "（政策规则 teacher_role：须由{need}讲授，不改由他人代讲）")
UNPLACEABLE_VENUE = "{start} 起没有有空的、承接专题 {topic} 的现场教学点（政策规则 venue_topic）"
