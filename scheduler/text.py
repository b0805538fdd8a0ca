"""User-facing text of the command line, in one place (Chinese; English can follow)."""

BAD_INPUT = "输入有误："
OS_ERROR = "无法读写文件 {path}：{error}"
INTERNAL_ERROR = "内部错误（请把此信息和输入文件发给维护人员）：{error}"
ERROR = "错误"
WARNING = "提醒"
WROTE = "已写入 {path}"
CHECK_SUMMARY = ("检查完毕：{errors} 个错误，{warnings} 个提醒"
                 "（{classes} 个班次、{sessions} 次课、{teachers} 位教师、{venues} 个场地）")
INFEASIBLE_BY_LINT = "无法排课，实例中有以下问题（scheduler check 可查看全部检查结果）："
SOLVING = "开始求解：{sessions} 次课，时间上限 {limit:g} 秒，{workers} 个线程（Ctrl-C 可提前结束并保留已找到的最好方案）"
PROGRESS = "  [{elapsed:7.1f} 秒] 第 {solutions} 个方案：目标 {objective:g}，下界 {bound:g}"
PROGRESS_WAITING = "  [{elapsed:7.1f} 秒] 求解中，尚未找到方案"
PROGRESS_STILL = "  [{elapsed:7.1f} 秒] 求解中：已有 {solutions} 个方案，最好目标 {objective:g}，下界 {bound:g}"
INFEASIBLE = "无解：求解器证明不存在满足全部硬约束的方案（状态 {status}，{seconds:.1f} 秒）"
EXPLAINING = "正在查找无解的原因（时间上限 {limit:g} 秒）"
NO_PLAN_IN_TIME = "在时间上限内没有找到方案（状态 {status}，{seconds:.1f} 秒）；可用 --time-limit 放宽时间"
CHECKER_REJECTED = "独立校验发现求解结果违反硬约束，未写入计划文件（这是引擎的缺陷，请报告）："
CHECK_PASSED = "通过"
VIOLATIONS = "共 {count} 处违反硬约束"
VALID = "校验通过：{sessions} 次课，没有违反任何硬约束"
UNKNOWN_ONLY = "没有找到 {only!r}（--by {by}）"
GENERATED = "已生成 {path}：{classes} 个班次、{sessions} 次课、{teachers} 位教师、{venues} 个场地"
PENALTY_HEADERS = ("软约束", "权重", "次数", "罚分", "最严重的情况")
WORST_SEPARATOR = "；"
PENALTY_TOTAL = "软约束罚分合计：{total}"
OBJECTIVE_MISMATCH = ("软约束罚分重新计算为 {total}，与计划文件记录的目标值 {objective} 不一致"
                      "（计划文件的罚分或目标值有误，或求解模型与校验器对软约束的理解不同）")
PENALTY_MISMATCH = "  {rule}：计划文件记录 {recorded}，重新计算 {recomputed}"
NOT_RECORDED = "无"
OBJECTIVE_DISAGREES = ("求解器的目标值 {objective} 与独立校验器重新计算的罚分合计 {total} 不一致，"
                       "未写入计划文件（这是引擎的缺陷，请报告）")
PLAN_OF_OTHER_INSTANCE = "{path}：这个计划属于实例 {plan!r}，而不是 {instance!r}"

# what-if replanning
COMMAND_LINE = "命令行"
WHATIF_BAD_OPTION = "命令行 {option} {value}：{problem}"
WHATIF_NO_CHANGES = "没有给出任何变动：请用 --drop-teacher、--close-venue、--block-dates、--add-unavailability 或 --changes"
WHATIF_AFTER_TERM = "重排起始日 {start} 在学期结束（{end}）之后，没有可以重排的课次；请用 --from 指定日期"
WHATIF_HEADING = "重排：{start} 之前的课次保持不变；变动："
WHATIF_NO_PLAN = "没有找到满足变动的方案（状态 {status}，{seconds:.1f} 秒）"
WHATIF_BASELINE_KEPT = "基准计划 {path} 未改动"
WHATIF_COST = ("变动代价 {cost}（{proven}，下界 {bound}）：换教师 {teacher} 人次，换日期 {date} 次，"
               "换时段 {block} 次，换场地 {venue} 次")
WHATIF_PROVEN = "已证明最少"
WHATIF_NOT_PROVEN = "未证明最少"
WHATIF_BASELINE_PENALTY = "（基准计划 {baseline}）"
WHATIF_WROTE = "已写入 {path}：版本 {revision}（基准 {baseline}，版本 {old}），用时 {seconds:.1f} 秒"
WHATIF_UNPLACED = "有 {count} 次课无法安排，新计划中已标为“未安排”，其余课次照常："
WHATIF_SHARED_OPTION = ("命令行 {option} 只能用于一项变动，现有多项变动会用到它；请分别写成 ID@起..止，"
                        "或把这些变动写进变动文件（--changes）")

# --- faces of the rules (check, solve summary) ---
NAMED_TEACHER_OUT_OF_SCOPE = ("指定教师 {teacher} 只到 {scope} 授课，但{label}在 {site}（{tier}，{township}）："
                              "请改指定其他教师，或放宽该教师的 tiers / townships")
OBLIGATION_WHAT = "{period}至少 {count} 次{topic}"
OBLIGATION_PERIOD_WORDS = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年",
                           "term": "本学期"}
OBLIGATION_NOT_IN_FORCE = "教师 {teacher} 的授课任务（{what}）{where}不考核：学期只覆盖{why}，不足一半"
OBLIGATION_WHOLE_TERM = "本学期"
OBLIGATION_IN_PERIODS = "在{periods}"
OBLIGATION_COVERAGE = "{period}的 {inside}/{days} 天"
CLASS_OUTSIDE_TERM = ("班次 {cls} 的日期 {start}..{end} 完全在学期 {term_start}..{term_end} 之外，"
                      "这个班次排不进本学期")
CLASS_PARTLY_OUTSIDE_TERM = ("班次 {cls} 的日期 {start}..{end} 超出学期 {term_start}..{term_end}：{outside}"
                             "不在学期内，这些天不排课")
DAYS_SPAN = "{first}..{last}（{count} 天）"
