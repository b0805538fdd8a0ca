"""What the workbook route says to users, in Chinese: headers' notes, the 说明 sheet, problems."""

from __future__ import annotations

from scheduler import text

WEEKDAYS = [f"周{c}" for c in text.WEEKDAY_CHARS]  # 周一 … 周日, Monday first
MODES = text.MODE_NAMES

# --- where ---
PLACE_SHEET = "工作表「{sheet}」"
PLACE_ROW = "工作表「{sheet}」第 {row} 行"
PLACE_CELL = "工作表「{sheet}」第 {row} 行「{column}」"

# --- the file ---
NOT_XLSX = "{path}：这是旧版 Excel（.xls）或 WPS（.et）格式的表格，请在 Excel/WPS 中“另存为” .xlsx 后再用"
ENCRYPTED = "{path}：表格设置了打开密码，无法读取；请在 Excel/WPS 中取消密码（文件→信息→保护工作簿）后另存为 .xlsx"
CORRUPT = "{path}：无法作为 .xlsx 表格读取（文件损坏，或不是 Excel/WPS 表格）"
TOO_BIG = "{path}：表格解压后超过 {cap} MB，不像是一个县的排课数据"

# --- sheets and columns ---
MISSING_SHEET = "{path}：缺少工作表「{sheet}」（现有：{present}）；可用 scheduler template 生成带全部工作表的模板"
UNKNOWN_SHEET = "{path} 工作表「{sheet}」：不是排课表格的工作表，已忽略（应为：{known}）"
UNKNOWN_COLUMN = "{path} {place}：未知列「{column}」，已忽略（本表的列：{known}）"
MISSING_COLUMN = "{path} {place}：缺少必填列「{column}」"
DUPLICATE_COLUMN = "{path} {place}：列「{column}」出现了两次"
TOO_MANY_ROWS = "{path} {place}：本学期只用得到一行，其余行已忽略"

# --- cells ---
MERGED = "合并单元格 {range}：请取消合并，每行每格分别填写"
FORMULA_NO_VALUE = "公式 {formula} 没有计算结果：请在 Excel/WPS 中打开并保存一次，或改为直接填写数值"
BLANK_REQUIRED = "必填，不能为空"
BAD_DATE = "无法识别的日期 {value}：请填写日期单元格，或写成 2026-11-16、2026/11/16、2026.11.16、2026年11月16日"
BAD_DATE_RANGE = "无法识别的日期范围 {value}：请写成 2026-11-16 或 2026-11-16至2026-11-20"
BAD_TIME = "无法识别的时间 {value}：请填写时间单元格，或写成 8:30、08:30"
BAD_WEEKDAY = "无法识别的星期 {value}：请写成 周一 … 周日，或 1 … 7"
BAD_BOOL = "应填“是”或“否”，而不是 {value}"
BAD_TEXT = "应为文字，而不是 {value}"
UNKNOWN_NAME = "未知{what}“{name}”（已有：{known}）"
AMBIGUOUS_NAME = "{what}“{name}”有重名（{rows}），请改用编号"
DUPLICATE_NAME = "名称“{name}”与{rows}重复：没有填写编号时名称不能重复（请改名，或填写不同的编号）"
DUPLICATE_ID = "编号“{id}”与{rows}重复"
ROW_OF = "第 {row} 行"
KNOWN_MORE = "…共 {count} 个"
UNKNOWN_KIND = "应为以下之一：{choices}"
TIME_RULE_OWNER = "填写了“{column}”，但{kind}不需要它"
ITEM_NEEDS_CLASS = "课程的时间限制须同时填写班次和课程编号（或课题）"
NOT_UNAVAILABLE = "{kind}只能填写“不可用”"

# --- the 说明 sheet ---
GUIDE_TITLE = "排课表格说明"
GUIDE_LINES = (
    "这个表格就是一个学期的排课数据，和 YAML 实例文件内容相同、效果相同。",
    "每个工作表是一类记录，每行一条；第一行是列名，鼠标停在列名上可看说明（红色列名为必填）。",
    "编号可以不填：程序按名称自动生成（同一工作表内名称不能重复）；其他工作表用名称引用，例如教师的“可授专题”写专题名称。",
    "一格里填多个值时，用 、 ， , ; ； 或换行分隔，例如：党建实务、乡村振兴。",
    "日期可填日期单元格，或写成 2026-11-16、2026/11/16、2026.11.16、2026年11月16日；"
    "日期范围写成 2026-11-16至2026-11-20。",
    "时间可填时间单元格，或写成 8:30、08:30、8：30。星期写 周一 … 周日（或 1 … 7）。",
    "带下拉箭头的格子请从列表中选择。不要合并单元格；公式要在 Excel/WPS 中保存过（保留计算结果）。",
    "填好后：scheduler check 本文件.xlsx 检查，scheduler solve 本文件.xlsx 排课。",
)
GUIDE_HEADERS = ("工作表", "用途")

# --- commands ---
TEMPLATE_WROTE = "已写入 {path}：{sheets} 个工作表"
UNKNOWN_EXAMPLE = "没有名为 {name!r} 的示例（可用：{known}）"
CONVERT_UNKNOWN_SUFFIX = "{path}：不知道按什么格式写入（扩展名应为 .yaml、.yml 或 .xlsx）"
CONVERTED = "已写入 {path}"
SITE_NO_BLOCKS = "学校“{name}”没有上课时段：请在工作表「时段」中为它填写至少一行"
TERM_ONE_ROW = "学期只填一行（第 2 行）"
NO_SUCH_ITEM = "班次“{cls}”没有课程“{item}”（已有：{known}）"
DUPLICATE_WEIGHT = "软约束“{rule}”的权重填了两次（另见{rows}）"
CONVERTED_HEADER = "# 由 scheduler convert 从 {source} 转换而来\n"
EMPTY_SHEET = "尚未填写：至少要填一行"
