"""User-facing text of what-if replanning: changes, their checks, and the diff (Chinese)."""

# --- changes (whatif/changes.py) ---
CHANGE_ITEM = "变动第{n}项（{kind}）"
ONE_KIND = "每项变动须且只须写一种：{kinds}（现为 {count} 种）"
UNUSED_FIELDS = "{kind} 不使用字段：{fields}"
NEEDS_DATES = "{kind} 须写 dates（日期范围）"
SITE_OR_TIER = "block_dates 的 site 与 tier 只能写一个"
UNTIL_BEFORE_FROM = "until {until} 早于 from {from_}"
UNKNOWN_TARGET = "{where} → {field}：实例中没有{what} {id}"
UNKNOWN_SITE = "{where} → site：实例中没有学校 {id}"
UNKNOWN_BLOCK = "{where} → blocks：没有名为 {block} 的时段（有：{known}）"
TARGET_WHAT = {"drop_teacher": "教师", "add_unavailability": "教师", "close_venue": "场地"}
BLACKOUT_NAME = "临时变动：{change}"
CHANGES_WHAT = "变动"

# describing a change
REPLAN_START = "重排起始日"
SINCE = "{start}起"
UNTIL = "至 {until}"
TO_TERM_END = "至学期结束"
DROPPED = "教师 {teacher} {span}不能上课"
CLOSED = "场地 {venue} {start}–{end} 关闭"
SCHOOL = "学校 {site}"
ALL_OF_TIER = "所有{tier}"
ALL_SCHOOLS = "所有学校"
BLOCKED = "{scope} {start}–{end} 停课"
WHOLE_DAY = "全天"
UNAVAILABLE = "教师 {teacher} {start}–{end} {blocks}不能上课"

# --- the diff (whatif/diff.py) ---
ARROW = " → "
UNPLACED = "未安排"
ONLINE = "线上"
DAY = "{date:%m-%d}(周{weekday})"
CLASSES_AND_MORE = "{first}等 {count} 个班"
SESSION_HEADERS = ["课次", "班次", "课程", "日期", "时间", "教师", "场地", "说明"]
PEOPLE_HEADERS = ["", "受影响的人", "变化", "课次"]
TEACHER = "教师"
CLASS = "班次"
LOST = "少了 {count} 次课"
GAINED = "多了 {count} 次课"
MOVED = "{count} 次课换了时间或场地"
CLASS_MOVED = "{count} 次课换了时间"
CLASS_UNPLACED = "{count} 次课" + UNPLACED
COUNTS = "共变动 {sessions} 次课，涉及教师 {teachers} 位、班次 {classes} 个"
BY_BACKUP = "由B角{name}接替"

# --- what is minimised, the trade-off (cli/whatif.py, whatif/diff.py) ---
MEASURE_NAMES = {"changes": "变动课次", "people": "涉及的教师和班次"}
LEAST = "最少{what} {value}（{proven}，下界 {bound}）"
BACKUP_COUNT = "，由B角接替 {count} 人次"
TRADEOFF_HEADERS = ["行", "允许变动至多", "变动课次", "涉及人数", "扣分", ""]
PICKED = "← 写入（--pick）"
PICKED_ROW = "以下为第 {pick} 行的计划（允许变动至多 {allowed}；下面的“最少”一行说的是第 0 行）"
PICK_OUT_OF_RANGE = "--pick {pick} 超出范围：--tradeoff {tradeoff} 只有第 0…{tradeoff} 行"
