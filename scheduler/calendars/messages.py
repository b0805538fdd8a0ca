"""User-facing text of the calendars: export-ics, publish, the events and their files (Chinese)."""

# --- used by calendars/events.py ---
CANCELLED_PREFIX = "【已取消】"
CANCELLED_LINES = {
    "teacher": "您已不再承担这次课（第 {revision} 版计划调整）。",
    "class": "这次课已取消（第 {revision} 版计划调整）。",
    "venue": "这次课已不在本场地上课（第 {revision} 版计划调整）。",
}
SUMMARY = "{title}（{classes}）"
ONLINE = "线上授课（{site}组织）"
DESCRIPTION_LINES = {
    "classes": "班次：{value}",
    "trainees": "学员：{value}人",
    "topic": "专题：{value}",
    "mode": "方式：{value}",
    "blocks": "时段：{value}",
    "co_teachers": "合讲教师：{value}",
    "teachers": "授课教师：{value}",
    "location": "地点：{value}",
    "id": "课次编号：{value}",
}
REMINDER_EVENING = "明天 {start} {title}，地点：{location}"
REMINDER_SOON = "{start} {title}，地点：{location}"
LIST_SEPARATOR = "、"
PLACE_SEPARATOR = "，"

# --- used by calendars/ics.py ---
NOT_AN_EXPORT = ("{out} 不是空目录，也不是 export-ics 导出过的目录（其中没有 {index}）：导出会整体替换"
                 "这个目录，为免误删其中的文件，请换一个新的或空的目录")
INDEX_HEADERS = ("文件", "类别", "id", "名称", "课次", "已取消", "日历名称")
NOTE = """\
{term}：排课计划第 {revision} 版的日历（iCalendar .ics 文件）

{index} 列出每个文件是谁的日历（教师、班次或场地）以及其中的课次数。

- 每次课是一个日程，时间为当地时间（{timezone}）；现场教学和离家较远的课前一天晚上提醒，其余课前一小时提醒。
- 计划调整后，同一次课的日程标识不变、版本号（SEQUENCE）增加；不再上的课标为“已取消”。
- 注意：.ics 文件只适合第一次导入。再次导入调整后的文件，在部分日历应用（如 Outlook 桌面版）中会
  产生重复日程，Google 日历、Nextcloud 等则会拒绝或忽略。要随计划自动更新，请订阅日历
  （https/webcal 地址或 CalDAV 日历，见 scheduler publish）。
- 订阅的刷新间隔由日历应用决定：Google 日历约 8–24 小时，网页版 Outlook 约 3 小时，
  苹果日历默认 Mac 每小时、iPhone 每天；临近上课的调整请另行电话或短信通知。
"""

# --- used by calendars/publish.py ---
BAD_URL = "CalDAV 地址 {url!r} 无效：应为 http:// 或 https:// 开头的完整地址，例如 https://dav.example.cn/radicale/"
CANNOT_CONNECT = "无法连接 CalDAV 服务器 {url}：{reason}"
AUTH_FAILED = ("CalDAV 服务器拒绝登录（HTTP 401/403）：请检查 --user 和 --password-file 中的用户名和密码，"
               "以及该用户的权限")
NOT_FOUND = "CalDAV 服务器上没有找到 {url}（HTTP 404）：请检查地址"
CONFLICT = "发布过程中服务器上的日历被他人修改了（{reason}）：请重新运行 scheduler publish"
SERVER_REFUSED = "CalDAV 服务器拒绝了请求（{url}）：{reason}"
NOT_CALDAV = "{url} 不像是 CalDAV 服务器（{reason}）：请检查地址"
OLDER_PLAN = ("服务器上的日历已是计划第 {server} 版，比要发布的第 {plan} 版新：发布会把教师的日历退回旧版本，"
              "没有改动服务器。请发布最新的计划；确实要退回，请加 --force")

# --- used by calendars/assembly.py ---
CALENDAR_NAMES = {
    "teacher": "{name}的授课安排（{term}）",
    "class": "{name}课程表（{term}）",
    "venue": "{name}使用安排（{term}）",
}
CALENDAR_DESCRIPTION = ("{term}，排课计划第 {revision} 版。请订阅本日历以接收调整；"
                        "重复导入同一个 .ics 文件会在部分日历应用中产生重复日程。")

# --- used by calendars/owners.py ---
KIND_NAMES = {"teacher": "教师", "class": "班次", "venue": "场地"}
PLAN_PROBLEM = "计划中的课次 {session} 引用了实例中没有的{what} {id!r}"
PLAN_PROBLEM_WHAT = {"classes": "班次", "teachers": "教师", "venue": "场地", "topic": "专题",
                     "site": "学校"}

# --- the export-ics and publish commands (cli/calendars.py) ---
HELP_OUT = "输出目录（不存在则创建）；只会改写本命令写过的文件"
HELP_OUT_DEPRECATED = "同 -o/--output（旧写法，仍可使用）"
MISSING_OUTPUT = "缺少选项 -o/--output（输出目录）"
TWO_OUTPUTS = "-o/--output 与 --out 给了不同的目录：只给一个"
HELP_BY = "按教师（默认）、班次、场地或全部导出，每个一个 .ics 文件"
HELP_CALDAV = "CalDAV 服务器地址，例如 https://dav.example.cn/radicale/"
HELP_USER = "CalDAV 用户名"
HELP_PASSWORD_FILE = "存放 CalDAV 密码的文件（只含密码一行；不要把密码写在命令行上）"
HELP_TIMEOUT = "每个网络请求的超时（秒）"
EXPORTED = ("已导出 {count} 个日历到 {out}（计划第 {revision} 版）：{kinds}；"
            "共 {active} 个课程日程、{cancelled} 个已取消日程。")
KIND_COUNT = "{kind} {count} 个"
KIND_JOIN = "、"
EMPTY_TEACHERS = "其中 {count} 位教师在这个计划中没有课，日历为空：{names}"
INDEX_WRITTEN = "文件清单见 {index}，使用说明见 {note}。"
IMPORT_WARNING = (
    "提醒：.ics 文件只适合第一次导入。再次导入调整后的文件，Outlook 桌面版会出现重复日程，"
    "Google 日历、Nextcloud 会拒绝或忽略。要随计划自动更新，请用 scheduler publish 发布到 CalDAV "
    "服务器，让教师订阅自己的日历。")
REFRESH_NOTE = ("订阅日历的刷新间隔由日历应用决定：Google 日历约 8 到 24 小时，网页版 Outlook 约 3 小时，"
                "苹果日历默认 Mac 每小时、iPhone 每天；临近上课的调整请另行电话或短信通知。")
PUBLISH_HEADERS = ("教师", "日历地址", "新建", "更新", "取消", "未变")
PUBLISHED = ("已发布到 {url}（计划第 {revision} 版）：{teachers} 位教师，新建 {created}、更新 {updated}、"
             "取消 {cancelled} 个日程，{unchanged} 个未变。")
NOTHING_CHANGED = "服务器上的日历已与计划一致，没有改动。"
SUBSCRIBE_ADVICE = ("请把日历地址发给每位教师本人：在手机日历中添加 CalDAV 账户（或订阅该地址），"
                    "计划调整后重新发布，日程会原地更新，已取消的课会标为“已取消”。")
PUBLISH_FAILED = "发布失败："
NEED_BOTH = "--user 与 --password-file 需要同时给出"
EMPTY_PASSWORD = "密码文件 {path} 是空的"
PASSWORD_NOT_UTF8 = "密码文件 {path} 不是 UTF-8 编码的文本（第 {offset} 个字节无法识别）：请用 UTF-8 保存"
PASSWORD_LINES = "密码文件 {path} 有 {count} 行：应只含密码一行（用户名用 --user 给出）"
PASSWORD_TOO_LONG = "密码文件 {path} 太大（超过 {limit} 字节）：应只含密码一行"
HELP_FORCE = "服务器上的日历来自更新的计划版本时仍然发布，把日历退回到这个计划"
