"""User-facing text of the notices (Chinese; English can follow). Weekday and mode names come
from scheduler.text, never re-typed."""

from scheduler.text import MODE_NAMES, WEEKDAY_CHARS

__all__ = ["MODE_NAMES", "WEEKDAY_CHARS"]

# --- the command ---
HELP = "授课通知单（每位教师一页，可打印），重排后加 --changes-only 写调课通知（短信/微信）。"
HELP_OUT = "输出目录（默认为计划文件旁的 <计划名>-通知）；只会改写本命令写过的文件"
HELP_TEACHER = "只写这位教师的通知单（教师 id，可重复）"
HELP_CHANGES_ONLY = "只写重排后的调课通知：每位受影响的教师和班主任一条消息，以及他们的通知单"
UNKNOWN_TEACHER = "--teacher {id}：实例中没有这位教师（教师 id 见实例文件 teachers）"
NOT_REPLANNED = ("{path} 不是重排后的计划（没有 origin）：--changes-only 需要 scheduler whatif 写出的计划，"
                 "其中记录了基准计划")
BASELINE_PROBLEM = "{path}：无法读取它的基准计划 {baseline}（{reason}）"
NOT_NOTICES = ("{out} 不是空目录，也不是 scheduler notices 写过的目录（其中没有 {marker}）：通知会整体替换"
               "这个目录，为免误删其中的文件，请换一个新的或空的目录")
WROTE_SHEETS = "已写入 {out}：{count} 位教师的授课通知单（{all} 为全部，另有每人一个文件），计划第 {revision} 版"
NO_SESSIONS = "其中 {count} 位教师在这个计划中没有课：{names}"
WROTE_CHANGES = "已写入 {out}：{count} 条调课通知（{csv}、{txt}），受影响教师的通知单 {sheets} 份"
NO_CHANGES = "这个计划与基准计划相比没有变动，不需要发调课通知"

# --- files ---
ALL_SHEETS = "授课通知单.html"
ONE_SHEET = "授课通知单-{id}.html"
CHANGES_CSV = "调课通知.csv"
CHANGES_TXT = "调课通知.txt"
CSV_HEADERS = ("姓名", "电话", "消息")

# --- the notice sheet ---
SHEET_TITLE = "授课通知单"
SHEET_GREETING = "{name}："
SHEET_INTRO = "您在{term}（计划第 {revision} 版）的授课安排如下，共 {count} 次课，请按时前往。"
SHEET_EMPTY = "您在{term}（计划第 {revision} 版）暂无授课安排。"
SHEET_HEADERS = ("日期", "时间", "地点", "班次与学员", "课程", "方式")
SHEET_CONTACT = "联系方式：{contact}"
SHEET_HEAD_TEACHER = "班主任 {name}"
SHEET_TRAINEES = "{count} 人"
SHEET_ONLINE = "线上"
SHEET_SENDER = "{sender}"
DATE = "{month}月{day}日"
WEEKDAY = "周{char}"
DEFAULT_SENDER = "党校"
# How a person is addressed: the name without its bracketed note, and 老师 unless the name
# already ends in a form of address (郝书记, 成师傅, 吕教授).
TEACHER = "老师"
ADDRESSED = ("老师", "班主任", "书记", "副书记", "部长", "主任", "局长", "校长", "教授", "师傅", "专家", "同志", "总",
             "县长", "乡长", "镇长", "村长", "主席", "经理", "医生", "委员")

# --- the messages after a replan ---
TEACHER_TO = "{name}："
HEAD_TO = "{name}（{classes}班主任）："
SIGNATURE = "——{sender}"
WHEN = "{date}（{weekday}）{block}"
LOSE = "原定{when}{cls}「{title}」{instead}，您无需前往"
LOSE_TO = "改由{teachers}讲授"
LOSE_UNPLACED = "暂停（未能重新安排）"
GAIN = "请于{when}{time}到{place}为{cls}讲授「{title}」"
GAIN_FROM = "（原由{teachers}讲授）"
MOVE = "{cls}「{title}」由{old}改到{new}，请按新安排前往"
MOVE_PLACE = "{when}{cls}「{title}」改在{place}上课，请前往新地点"
CLASS_MOVE = "「{title}」由{old}改到{new}"
CLASS_PLACE = "「{title}」（{when}）改在{place}"
CLASS_TEACHER = "「{title}」（{when}）改由{teachers}讲授"
CLASS_UNPLACED = "「{title}」（原定{when}）暂停"
CLASS_INTRO = "本班课程有调整："
CLASS_ACTION = "请转告学员"
CLAUSE_SEPARATOR = "；"
END = "。"
SUMMARY_TEACHER = "您有 {count} 次课调整（{parts}），最早在{first}，详见授课通知单"
SUMMARY_CLASS = "本班有 {count} 次课调整，最早在{first}，详见课程表并请转告学员"
SUMMARY_LOSE = "取消 {count} 次"
SUMMARY_GAIN = "新增 {count} 次"
SUMMARY_MOVE = "改时间或地点 {count} 次"
SUMMARY_JOIN = "、"
ASK = "如有疑问请联系{contact}"
NAME_JOIN = "、"
ELLIPSIS = "…"
MAX_MESSAGE = 200
