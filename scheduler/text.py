"""User-facing text of the command line, in one place (Chinese; English can follow)."""

BAD_INPUT = "输入有误："
OS_ERROR = "无法读写文件 {path}：{error}"
INTERNAL_ERROR = "内部错误（请把此信息和输入文件发给维护人员）：{error}"
ERROR = "错误"
WARNING = "提醒"
HELP_QUIET = "不显示求解进度"
WROTE = "已写入 {path}"
CHECK_SUMMARY = ("检查完毕：{errors} 个错误，{warnings} 个提醒"
                 "（{classes} 个班次、{sessions} 次课、{teachers} 位教师、{venues} 个场地）")
INFEASIBLE_BY_LINT = "无法排课，实例中有以下问题（scheduler check 可查看全部检查结果）："
SOLVING = ("开始求解：{sessions} 次课，时间上限 {limit:g} 秒，{workers} 个线程"
           "（Ctrl-C 可提前结束并保留已找到的最好方案）")
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
OBJECTIVE_DISAGREES = ("求解器的目标值 {objective} 与独立校验器重新计算的罚分合计 {total} 不一致，"
                       "未写入计划文件（这是引擎的缺陷，请报告）")
PLAN_OF_OTHER_INSTANCE = "{path}：这个计划属于实例 {plan!r}，而不是 {instance!r}"

# what-if replanning
COMMAND_LINE = "命令行"
WHATIF_BAD_OPTION = "命令行 {option} {value}：{problem}"
WHATIF_NO_CHANGES = ("没有给出任何变动：请用 --drop-teacher、--close-venue、--block-dates、--add-unavailability "
                     "或 --changes")
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

# --- writes, exports and publishing ---
WRITE_FAILED = "无法写入 {path}：{reason}"
OS_REASONS = {  # by errno name; other errors keep the system's words
    "EACCES": "没有访问权限",
    "EPERM": "没有权限",
    "ENOENT": "文件或目录不存在",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EROFS": "只读文件系统",
    "ENAMETOOLONG": "文件名太长",
    "EISDIR": "这是一个目录，不是文件",
    "ENOTDIR": "路径中有一部分是文件，不是目录",
    "EEXIST": "文件已存在",
    "ENOTEMPTY": "目录不是空的",
    "EBUSY": "文件或目录正被占用",
    "EIO": "磁盘读写错误",
    "EMFILE": "打开的文件太多",
    "ELOOP": "符号链接循环",
    "EXDEV": "不能跨文件系统移动",
}
WRITE_REASONS = {"EACCES": "没有写入权限", "EPERM": "没有写入权限"}  # in place of the above, for writes

# --- validate and what-if: trust ---
PENALTIES_MISMATCH = "计划文件记录的软约束分项与重新计算的不一致："
PENALTY_LINE = "权重 {weight}×{violations} 次 = {penalty}"
CLAIM_MISMATCH = "计划文件的说法与计划本身不符：{problem}"
CLAIM_BOUND_ABOVE = "下界 bound {bound} 大于目标值 {objective}"
CLAIM_LEAST = "记录的最少 {measure} 为 {recorded}，按计划重新计算为 {recomputed}"
CLAIM_OPTIMAL_GAP = "状态为 OPTIMAL，但下界 {bound} 不等于目标值 {objective}"
CLAIM_STATUS = "状态 {status!r} 不是 OPTIMAL、FEASIBLE 或 PARTIAL"
CLAIM_PARTIAL = "状态为 PARTIAL，但没有列出未安排的课次"
CLAIM_UNPLACED = "列出了 {count} 次未安排的课次，但状态为 {status}（应为 PARTIAL）"
CLAIM_SESSION_REVISION = "课次 {session} 的版本 {found} 大于计划版本 {revision}"
CLAIM_CANCELLED_REVISION = "已取消课次 {session} 的版本 {found} 大于计划版本 {revision}"
CLAIM_HISTORY = "{what}与按基准计划 {baseline} 推算的不一致（如课次 {session}）"
CLAIM_HISTORY_REVISION = "课次版本"
CLAIM_HISTORY_CANCELLED = "已取消课次（cancelled）"
CHANGES_HONOURED = "按变动校验（{source}；{start} 之前的课次不变）："
CHANGES_FROM_ORIGIN = "计划记录的变动，基准 {baseline} 版本 {revision}"
CHANGES_NOT_HONOURED = "计划记录的变动未被采用：{reason}；按原实例校验（可用 --changes 指定变动文件）"
BASELINE_MISSING = "基准计划 {baseline} 不存在"
BASELINE_UNREADABLE = "基准计划 {baseline} 无法读取（{error}）"
BASELINE_OTHER_INSTANCE = "基准计划 {path} 属于实例 {found!r}，而不是 {instance!r}"
BASELINE_REVISION = "基准计划 {path} 的版本是 {found}，计划记录的是 {recorded}"
BASELINE_NOT_PREVIOUS = "计划的版本 {revision} 不是基准计划 {path}（版本 {baseline}）的下一版"
BASELINE_HISTORY = "{start} 之前的课次与基准计划 {path} 不同（如课次 {session}）"
BASELINE_NO_FIXED = "计划没有记录 fixed_before（重排起始日）"
ORIGIN_WHERE = "{path}：origin → changes 第{n}项"
ORIGIN_ITEM = "origin → changes 第{n}项（{kind}）"
VALIDATE_NEEDS_FROM = "{path}：无法确定变动从哪天起（有的变动没有日期）；请用 --from 指定"
WHATIF_OUTPUT_IS_BASELINE = "输出文件 {output} 就是基准计划 {baseline}：基准计划不能被覆盖，请用 -o 指定另一个文件"
WHATIF_SET_ASIDE_TOGETHER = ("{start} 起与其余课次和变动合在一起无法安排"
                             "（单独看有可用时段、教师和场地，但不能与其他课次同时排下）")
WHATIF_EXPLAIN_NO_TIME = "时间上限已用完，未查找无解的原因；可用 --time-limit 放宽时间"
VALIDATE_FROM_WITHOUT_CHANGES = "--from 只与 --changes 一起使用（给出变动文件中变动的起始日）"
CLAIM_UNPLACED_PLACED = "课次 {session} 列为未安排，却又在 sessions 中"
WHATIF_OBLIGATION_LAPSED = "教师 {teacher} 的授课任务（{what}）无法完成：能完成它的课次未能安排"
WHATIF_PERIODS = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年", "term": "本学期"}
CLAIM_CHANGE_COST = "记录的变动代价 {recorded} 与按基准计划重新计算的 {recomputed} 不一致"
CLAIM_WEIGHTS = "记录的变动权重 {weights} 无效"

# --- input hardening (reading files, saying what is wrong) ---
INPUT_NOT_FOUND = "{path}：文件不存在"
INPUT_IS_DIRECTORY = "{path}：这是一个目录，不是文件"
INPUT_NOT_REGULAR = "{path}：不是普通文件（设备、管道或套接字），不能作为输入读取"
INPUT_TOO_BIG = "{path}：文件太大（{size:.1f} MB），输入文件最大 {cap} MB"
INPUT_UNREADABLE = "{path}：无法读取（{reason}）"
INPUT_UTF16 = "{path}：文件是 {encoding} 编码，请另存为 UTF-8（例如记事本“另存为”时编码选 UTF-8）"
INPUT_GBK = "{path} 第{line}行：文件似乎是 GBK 编码，请另存为 UTF-8（例如记事本“另存为”时编码选 UTF-8）"
INPUT_NOT_UTF8 = "{path} 第{line}行：文件不是 UTF-8 编码（有无法识别的字节），请另存为 UTF-8"
INPUT_EMPTY = "{path}：文件是空的（没有任何内容）"
INPUT_TOP_LEVEL = "{path}：{what}文件顶层应为映射（键: 值）{fields}，而不是{kind}"
YAML_ERROR = "{where}：YAML 格式错误：{problem}"
YAML_TOO_DEEP = "嵌套层数超过 {limit} 层"
TOO_DEEP = "嵌套层数过多"
YAML_TOO_MANY_NODES = "数据项过多：超过 {limit} 项（别名 *引用 按展开后计；是否有层层嵌套的别名？）"
MORE_PROBLEMS = "……还有 {count} 个问题未列出"
YAML_RECURSIVE_ALIAS = "别名 *{name} 引用了包含它自己的锚点 &{name}（递归结构）"
YAML_UNDEFINED_ALIAS = "别名 *{name} 没有对应的锚点 &{name}"
YAML_BAD_TAG = "不支持的 YAML 标签 {tag}"
YAML_COMPLEX_KEY = "键只能是文字，不能是列表或映射"
YAML_DUPLICATE_KEY = "字段 {key} 重复出现"
YAML_BAD_MERGE = "合并键 << 的值应为映射或映射的列表"
YAML_NUMBER_TOO_BIG = "数字 {value} 太大（最多 {digits} 位）"
YAML_MULTIPLE_DOCUMENTS = "文件只能包含一个 YAML 文档（不要用 --- 分隔多个文档）"
YAML_FULLWIDTH_COLON = "第{line}行用了全角冒号“：”：键与值之间应为半角冒号加空格“: ”"
YAML_UNKNOWN_PROBLEM = "无法解析（{problem}）"
TYPE_NAMES = {"NoneType": "空值", "list": "列表", "str": "文字", "int": "整数", "float": "数字",
              "bool": "true/false", "dict": "映射"}
INPUT_ECHO = "（输入为 {value}）"
GENERIC_INVALID = "不符合格式要求（{kind}）"
DATE_FORMAT = "日期格式应为 YYYY-MM-DD，例如 2023-03-01"
DATE_NOT_EXIST = "日期 {text} 不存在：{month} 月没有 {day} 日"
DATE_BAD_MONTH = "日期 {text} 不存在：没有 {month} 月"
TIME_FORMAT = "时间格式应为 HH:MM（时:分），例如 08:30"
CONTROL_CHARACTERS = "不能含控制字符（{chars}）"
LINE_BREAKS = "应为一行文字，不能含换行或控制字符（{chars}）"
ENUM_EXPECTED = "应为以下之一：{choices}"
CALENDAR_NO_DATA = ("chinese-calendar 库没有 {year} 年的法定节假日数据（库覆盖 2004–2026 年）："
                    "请在 term.holidays 中列出该年的放假日期（以及 term.workdays 中的调休上班日），"
                    "或设 holiday_source: none")

# --- Ctrl-C and the time limit ---
INTERRUPTED_NO_PLAN = "已中断，尚未找到方案；未写入计划文件"
INTERRUPTED_KEPT = "已中断：保留中断前找到的最好方案（已独立校验并写入）"
INTERRUPTED_AGAIN = "再次中断：立即退出，未写入计划文件"
INTERRUPTED_EXPLAIN = "已中断，尚未找到无解的原因"
INTERRUPTED_WHATIF = "已中断，尚未找到重排方案"
EXPLAIN_NO_TIME = "时间上限 {limit:g} 秒内没能读完实例，未找到原因；可用 --time-limit 放宽时间"
WALL_CUT = ("时间上限按实际用时截止，本次在确定性预算用完前到时：同一 --seed 再次运行的方案可能不同"
            "（放宽 --time-limit 可重现）")

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

# --- scheduler check: what lint.py finds before solving ---
LINT_ITEM = "{owner}的“{title}”"
LINT_CLASS_EMPTY = "班次 {cls} 没有任何课（本班没有课程项，也没有合班课）"
LINT_TEACHER_IDLE = "教师 {teacher} 没有可以上的课（专题、授课范围或时间都不匹配）"
LINT_NO_SUCH_BLOCK = "没有任何学校有名为 {block} 的时段"
LINT_NO_SLOT = "{item}在班次日期内没有可用的上课时段（需要连续 {length} 个时段，现场教学只在白天）"
LINT_NOBODY_TEACHES = "没有任何教师能讲授专题 {topic}"
LINT_TOO_FEW_TEACHERS = "{item}需要 {need} 位教师，但能讲该专题、到 {site} 授课且有空的教师只有 {have} 位"
LINT_NAMED_BUSY = "指定教师 {teacher} 在{item}可用的时段都没空"
LINT_NO_STAND_IN = ("{item}的指定教师 {teachers} 没有B角，也没有别的能讲“{topic}”且在这些天有空的教师："
                    "其缺席时无人可以接替（可在 backup 中写上B角）")
LINT_TOO_MANY = "{item}有 {people} 人，超过所有可用场地的容量（最大 {biggest} 人）"
LINT_NO_FIELD_SITE = "{item}是现场教学，但 {site} 附近没有容量足够、有空的现场教学点"
LINT_NO_ROOM = "{item}在 {site} 没有容量足够（{people} 人）、有空的教室或报告厅"
LINT_CLASS_CROWDED = "{cls}（{start}–{end}）的课程需要 {need} 个时段，但这些日期只有 {have} 个可用时段"
LINT_OBLIGATION_SHORT = "教师 {teacher} 在 {first}–{last} 需要至少 {need} 次课，但这段时间只有 {have} 次课是他/她能上的"

# --- names of the instance's enumerations (the one definition: timetables, the what-if diff, the
# checker, explain, calendars). Keyed by the enumerations' values, so the enum members find them too.
WEEKDAY_CHARS = "一二三四五六日"  # Monday first, as date.weekday() counts: 周一, 星期一
MODE_NAMES = {"lecture": "讲授", "field": "现场教学", "interactive": "互动", "online": "线上"}
TIER_NAMES = {"county": "县委党校", "township": "乡镇党校", "village": "农民夜校"}
VENUE_KIND_NAMES = {"classroom": "教室", "hall": "报告厅", "field": "现场教学点"}
TEACHER_KIND_NAMES = {"fulltime": "专职教师", "cadre": "领导干部", "expert": "土专家", "parttime": "兼职教师"}
