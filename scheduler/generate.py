"""Synthetic instances: a county's (or a prefecture's) three-tier party-school system.

`generate(size, seed)` builds a realistic `Instance` of size S, M or L. It is feasible by
construction: while generating, a greedy planner places every session (time, teachers, venue)
obeying every hard rule of `scheduler.rules`, and anything it cannot place is left out of the
instance. `generate_with_plan` also returns that witness plan. Slack is built in: every class
uses at most 60 % of its usable blocks, teachers are chosen least-loaded first, and obligations
are kept only where the witness meets them.

Everything is deterministic: one `random.Random` seeded from the size and the seed, lists and
insertion-ordered dicts only (no set iteration order), the term chosen from fixed dates.

Sizes (per county: townships, villages, teachers; weeks): S 1 county 4/20/40, 8 weeks, about
400 sessions; M 1 county 12/120/200, 20 weeks, about 3,000; L four M-sized counties in one
prefecture (4 county schools, 800 teachers), about 12,000.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import Enum

import yaml
from pydantic import BaseModel

from scheduler.calendar import TermCalendar, days
from scheduler.domain.instance import (
    Blackout,
    Block,
    CurriculumItem,
    DateRange,
    Instance,
    Mode,
    Obligation,
    Period,
    Site,
    Teacher,
    TeacherKind,
    Term,
    TermClass,
    Tier,
    TimeRule,
    Topic,
    Township,
    Venue,
    VenueKind,
)
from scheduler.domain.plan import Plan, PlanSession, session_id

__all__ = ["SIZES", "Size", "dump_instance", "generate", "generate_with_plan"]


@dataclass(frozen=True)
class Size:
    counties: int
    townships: int  # per county
    villages: int  # per county
    teachers: int  # per county
    weeks: int
    county_tracks: int  # county-school classes running at once
    township_terms: int  # "4+N" terms per township school
    township_short: int  # short (1–3 day) classes per township school
    night_mean: float  # mean evening sessions per village per month


SIZES: dict[str, Size] = {
    "S": Size(counties=1, townships=4, villages=20, teachers=40, weeks=8,
              county_tracks=4, township_terms=2, township_short=6, night_mean=3.5),
    "M": Size(counties=1, townships=12, villages=120, teachers=200, weeks=20,
              county_tracks=4, township_terms=4, township_short=6, night_mean=3.3),
    "L": Size(counties=4, townships=12, villages=120, teachers=200, weeks=20,
              county_tracks=4, township_terms=4, township_short=6, night_mean=3.3),
}

# Term starts to choose from (all Mondays; chinese-calendar knows these years).
TERM_STARTS = (dt.date(2024, 3, 4), dt.date(2024, 9, 2), dt.date(2025, 3, 3), dt.date(2025, 9, 1))

MAIN = ("政治理论", "党建实务", "乡村振兴", "技能素养")
TOPICS: tuple[tuple[str, str, str, bool], ...] = (  # id, name, pinyin (for item ids), main
    ("政治理论", "政治理论", "zhengzhi", True),
    ("党建实务", "党建实务", "dangjian", True),
    ("乡村振兴", "乡村振兴", "xiangcun", True),
    ("技能素养", "技能素养", "suyang", True),
    ("开班结业", "开班式、入学教育与结业式", "kaiban", False),
    ("党性教育", "党性锻炼", "dangxing", False),
    ("红色文化", "红色文化传承", "hongse", False),
    ("廉政文化", "廉政文化教育", "lianzheng", False),
    ("实用技术", "农业实用技术", "jishu", False),
    ("法治教育", "法治教育", "fazhi", False),
    ("纠纷调解", "矛盾纠纷调解", "tiaojie", False),
    ("网格治理", "网格化服务管理", "wangge", False),
    ("应急管理", "应急管理", "yingji", False),
)
TOPIC_PY = {t[0]: t[2] for t in TOPICS}

TITLES = {
    "政治理论": ["深入学习贯彻党的二十大精神", "习近平新时代中国特色社会主义思想", "中国式现代化", "马克思主义中国化时代化",
             "党的创新理论宣讲"],
    "党建实务": ["新时代基层党组织建设", "“三会一课”与主题党日", "发展党员工作程序", "党支部标准化规范化建设",
             "党课：强化基层党组织政治功能"],
    "乡村振兴": ["全面推进乡村振兴", "村集体经济发展路径", "特色产业发展", "和美乡村建设", "庭院经济与乡村旅游"],
    "技能素养": ["调查研究能力", "公文写作", "数字素养与智能手机应用", "群众工作方法", "健康知识讲座"],
    "开班结业": ["开班式暨入学教育", "结业式"],
    "党性教育": ["党性修养与党员义务", "党员先锋模范作用", "重温入党誓词"],
    "红色文化": ["本地革命斗争史", "老党员讲红色故事", "红色家风传承"],
    "廉政文化": ["警示教育", "廉洁从政教育", "家风建设"],
    "实用技术": ["设施蔬菜栽培", "果树修剪与管护", "畜禽养殖技术", "农机使用与维护", "病虫害绿色防控"],
    "法治教育": ["习近平法治思想", "防范电信网络诈骗", "依法行政", "防范非法集资"],
    "纠纷调解": ["婚姻家庭纠纷调解", "邻里纠纷调解实务"],
    "网格治理": ["网格化服务管理实务", "网格事件处置情景模拟"],
    "应急管理": ["基层应急处置", "防汛防火与安全生产"],
}
FIELD_TITLES = {
    "红色文化": "现场教学：红色教育基地",
    "廉政文化": "现场教学：廉政教育基地",
    "党建实务": "现场教学：党建示范村",
    "乡村振兴": "现场教学：乡村振兴示范点",
    "实用技术": "现场教学：田间地头观摩",
    "党性教育": "现场教学：重温入党誓词",
}

COUNTY_THEMES: tuple[tuple[str, str, tuple[str, ...], tuple[int, int]], ...] = (
    # pinyin, name, emphasis topics, trainee range
    ("zhuti", "乡科级干部进修班", ("政治理论", "党建实务", "党性教育", "廉政文化"), (40, 70)),
    ("fazhan", "发展对象培训班", ("政治理论", "党建实务", "党性教育", "红色文化"), (60, 100)),
    ("nianqing", "年轻干部培训班", ("政治理论", "技能素养", "党性教育", "红色文化"), (40, 60)),
    ("cunshuji", "村（社区）党组织书记培训班", ("党建实务", "乡村振兴", "法治教育"), (60, 100)),
    ("zhenxing", "乡村振兴专题培训班", ("乡村振兴", "实用技术", "党建实务"), (50, 100)),
    ("wangge", "网格员业务培训班", ("网格治理", "应急管理", "纠纷调解"), (40, 80)),
    ("zhengfa", "政法干部政治轮训班", ("法治教育", "政治理论", "廉政文化"), (50, 100)),
    ("chuxun", "新录用公务员初任培训班", ("政治理论", "技能素养", "法治教育", "廉政文化"), (40, 70)),
    ("tiaojie", "人民调解员培训班", ("纠纷调解", "法治教育"), (40, 80)),
    ("dangwu", "党务工作者培训班", ("党建实务", "技能素养"), (40, 90)),
    ("feigong", "非公企业党组织书记培训班", ("党建实务", "技能素养", "乡村振兴"), (40, 80)),
    ("yingji", "应急管理专题培训班", ("应急管理", "法治教育"), (40, 80)),
)

COUNTY_STEMS = (("anping", "安平"), ("changle", "长乐"), ("yongning", "永宁"), ("xiangyang", "襄阳"),
                ("heshun", "和顺"), ("pingyao", "平遥"), ("qinyuan", "沁源"), ("linfen", "临汾"))
TOWNSHIP_STEMS = (
    ("dongguan", "东关"), ("xiguan", "西关"), ("nanguan", "南关"), ("beiguan", "北关"), ("gucheng", "古城"),
    ("xincheng", "新城"), ("hedong", "河东"), ("hexi", "河西"), ("longquan", "龙泉"), ("fengming", "凤鸣"),
    ("shimen", "石门"), ("baishui", "白水"), ("qinghe", "清河"), ("liulin", "柳林"), ("yangcun", "杨村"),
    ("wangzhuang", "王庄"), ("lijia", "李家"), ("zhangzhuang", "张庄"), ("mafang", "马坊"), ("niucun", "牛村"),
    ("gaoping", "高平"), ("xishan", "西山"), ("dongshan", "东山"), ("nanyu", "南峪"), ("beiying", "北营"),
    ("shuangjing", "双井"), ("sanquan", "三泉"), ("wuli", "五里"), ("qili", "七里"), ("shili", "十里"),
    ("taiping", "太平"), ("yongan", "永安"), ("changning", "长宁"), ("anle", "安乐"), ("heping", "和平"),
    ("xinglong", "兴隆"), ("fengle", "丰乐"), ("hongyan", "红岩"), ("qinglong", "青龙"), ("jinsha", "金沙"),
    ("taoyuan", "桃园"), ("liyuan", "梨园"), ("xinghua", "杏花"), ("zaolin", "枣林"), ("sangyuan", "桑园"),
    ("huaishu", "槐树"), ("yulin", "榆林"), ("songshan", "松山"), ("zhulin", "竹林"), ("huayuan", "花园"),
    ("huangtu", "黄土"), ("chishui", "赤水"), ("daying", "大营"), ("xiaoying", "小营"), ("guanzhuang", "官庄"),
    ("miaoqian", "庙前"), ("zhaishang", "寨上"), ("pingshang", "坪上"), ("goukou", "沟口"), ("shuiyu", "水峪"),
)
VILLAGE_PREFIXES = (
    ("zhang", "张"), ("wang", "王"), ("li", "李"), ("zhao", "赵"), ("liu", "刘"), ("chen", "陈"), ("yang", "杨"),
    ("huang", "黄"), ("zhou", "周"), ("wu", "吴"), ("xu", "徐"), ("sun", "孙"), ("ma", "马"), ("zhu", "朱"),
    ("hu", "胡"), ("guo", "郭"), ("he", "何"), ("gao", "高"), ("lin", "林"), ("luo", "罗"), ("song", "宋"),
    ("han", "韩"), ("feng", "冯"), ("cao", "曹"), ("tian", "田"), ("ren", "任"), ("du", "杜"), ("bai", "白"),
    ("qin", "秦"), ("meng", "孟"), ("dong", "东"), ("xi", "西"), ("nan", "南"), ("bei", "北"), ("shang", "上"),
    ("xia", "下"), ("qian", "前"), ("hou", "后"), ("da", "大"), ("xiao", "小"), ("shi", "石"), ("shui", "水"),
    ("shan", "山"), ("jin", "金"), ("quan", "泉"), ("long", "龙"), ("yin", "银"), ("tao", "桃"), ("xing", "杏"),
    ("hong", "红"),
)
VILLAGE_SUFFIXES = (
    ("jiazhuang", "家庄"), ("jiacun", "家村"), ("zhuang", "庄"), ("yu", "峪"), ("gou", "沟"), ("po", "坡"),
    ("bao", "堡"), ("ying", "营"), ("tun", "屯"), ("wan", "湾"), ("ta", "塔"), ("ling", "岭"), ("yuan", "原"),
    ("tou", "头"), ("guan", "关"), ("dian", "店"),
)
SURNAMES = (
    ("wang", "王"), ("li", "李"), ("zhang", "张"), ("liu", "刘"), ("chen", "陈"), ("yang", "杨"), ("zhao", "赵"),
    ("huang", "黄"), ("zhou", "周"), ("wu", "吴"), ("xu", "徐"), ("sun", "孙"), ("hu", "胡"), ("zhu", "朱"),
    ("gao", "高"), ("lin", "林"), ("he", "何"), ("guo", "郭"), ("ma", "马"), ("luo", "罗"), ("liang", "梁"),
    ("song", "宋"), ("zheng", "郑"), ("han", "韩"), ("feng", "冯"), ("dong", "董"), ("cheng", "程"), ("cao", "曹"),
    ("yuan", "袁"), ("deng", "邓"), ("fu", "傅"), ("shen", "沈"), ("peng", "彭"), ("lv", "吕"), ("su", "苏"),
    ("jiang", "蒋"), ("cai", "蔡"), ("jia", "贾"), ("ding", "丁"), ("wei", "魏"), ("xue", "薛"), ("yan", "阎"),
    ("du", "杜"), ("tian", "田"), ("ren", "任"), ("fan", "范"), ("shi", "石"), ("yao", "姚"), ("hao", "郝"),
    ("bai", "白"), ("kang", "康"), ("qin", "秦"), ("meng", "孟"), ("duan", "段"), ("lei", "雷"), ("qiao", "乔"),
    ("he", "贺"), ("wen", "温"), ("niu", "牛"), ("geng", "耿"),
)
GIVEN = (
    ("jian", "建"), ("hua", "华"), ("guo", "国"), ("ming", "明"), ("li", "丽"), ("fang", "芳"), ("jun", "军"),
    ("wei", "伟"), ("qiang", "强"), ("min", "敏"), ("jing", "静"), ("yong", "勇"), ("yan", "燕"), ("xia", "霞"),
    ("ping", "平"), ("gang", "刚"), ("jie", "杰"), ("tao", "涛"), ("bin", "斌"), ("hong", "红"), ("ling", "玲"),
    ("lei", "磊"), ("feng", "峰"), ("bo", "波"), ("hui", "辉"), ("peng", "鹏"), ("wen", "文"), ("zhi", "志"),
    ("hai", "海"), ("dong", "东"), ("xiao", "晓"), ("chun", "春"), ("xiu", "秀"), ("ying", "英"), ("lan", "兰"),
    ("mei", "梅"), ("zhong", "忠"), ("xin", "鑫"), ("yu", "宇"), ("chao", "超"),
)

COUNTY_CADRE_ROLES = (  # role, topics, tiers
    ("县委副书记、党校校长", ("政治理论", "开班结业"), (Tier.COUNTY,)),
    ("县委组织部副部长", ("党建实务", "开班结业"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县纪委监委常委", ("廉政文化",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县委宣传部副部长", ("政治理论",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县委政法委副书记", ("法治教育", "政治理论"), (Tier.COUNTY,)),
    ("县农业农村局局长", ("乡村振兴", "实用技术"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县应急管理局局长", ("应急管理",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县司法局局长", ("法治教育", "纠纷调解"), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县乡村振兴局局长", ("乡村振兴",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县人社局副局长", ("技能素养",), (Tier.COUNTY,)),
    ("县网格化服务管理中心主任", ("网格治理",), (Tier.COUNTY, Tier.TOWNSHIP)),
    ("县妇联主席", ("纠纷调解", "党性教育"), (Tier.COUNTY, Tier.TOWNSHIP)),
)
COUNTY_PARTTIME_ROLES = (
    ("高校教授", ("政治理论", "乡村振兴")),
    ("企业负责人", ("乡村振兴", "技能素养")),
    ("全国劳动模范", ("党性教育", "红色文化")),
    ("红色教育基地讲解员", ("红色文化", "党性教育")),
    ("律师", ("法治教育", "纠纷调解")),
    ("农业专家", ("实用技术", "乡村振兴")),
    ("应急救援队队长", ("应急管理",)),
    ("党史研究室研究员", ("红色文化", "政治理论")),
)
LOCAL_ROLES = (  # role, kind, topics, tiers, reach neighbours
    ("村党支部书记", TeacherKind.CADRE, ("党建实务", "乡村振兴"), (Tier.TOWNSHIP, Tier.VILLAGE), 1),
    ("老党员", TeacherKind.PARTTIME, ("红色文化", "党性教育", "政治理论"), (Tier.VILLAGE,), 1),
    ("老模范", TeacherKind.PARTTIME, ("党性教育", "乡村振兴"), (Tier.VILLAGE,), 1),
    ("中小学教师", TeacherKind.PARTTIME, ("技能素养", "政治理论"), (Tier.VILLAGE,), 1),
    ("乡村医生", TeacherKind.PARTTIME, ("技能素养",), (Tier.VILLAGE,), 1),
    ("司法所所长", TeacherKind.PARTTIME, ("法治教育", "纠纷调解"), (Tier.TOWNSHIP, Tier.VILLAGE), 2),
    ("派出所民警", TeacherKind.PARTTIME, ("法治教育", "应急管理"), (Tier.TOWNSHIP, Tier.VILLAGE), 1),
    ("农技站技术员", TeacherKind.PARTTIME, ("实用技术", "乡村振兴"), (Tier.TOWNSHIP, Tier.VILLAGE), 2),
    ("驻村第一书记", TeacherKind.CADRE, ("党建实务", "乡村振兴", "政治理论"), (Tier.VILLAGE,), 1),
    ("村文书", TeacherKind.PARTTIME, ("技能素养", "网格治理"), (Tier.VILLAGE,), 0),
)
EXPERT_SKILLS = ("设施蔬菜", "果树", "养殖", "农机", "中药材", "食用菌", "小杂粮", "电商")

COUNTY_BLOCKS = (Block(name="上午", start=dt.time(8, 30), end=dt.time(11, 30)),
                 Block(name="下午", start=dt.time(14, 30), end=dt.time(17, 30)))
TOWNSHIP_BLOCKS = (Block(name="上午", start=dt.time(9, 0), end=dt.time(11, 30)),
                   Block(name="下午", start=dt.time(14, 30), end=dt.time(17, 0)))
EVENING_BLOCKS = ((dt.time(19, 30), dt.time(21, 0)), (dt.time(19, 0), dt.time(20, 30)),
                  (dt.time(18, 30), dt.time(20, 0)))
NOON_BLOCK = Block(name="午间", start=dt.time(12, 0), end=dt.time(13, 30))

WINDOW_SHARE = 0.6  # a class uses at most this share of its usable blocks
KIND_WEIGHT = {TeacherKind.FULLTIME: 1.0, TeacherKind.PARTTIME: 1.6, TeacherKind.EXPERT: 1.6,
               TeacherKind.CADRE: 2.5}


# --------------------------------------------------------------------------- public API

def generate(size: str, seed: int) -> Instance:
    """A feasible synthetic instance of the given size ("S", "M" or "L")."""
    return generate_with_plan(size, seed)[0]


def generate_with_plan(size: str, seed: int) -> tuple[Instance, Plan]:
    """The instance and the witness plan that proves it feasible."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    return _Generator(size, SIZES[size], seed).run()


def dump_instance(instance: Instance) -> str:
    """YAML text of an instance: model field order, defaults and None left out."""
    header = f"# {instance.name}：由 scheduler.generate 生成的合成实例\n"
    body = yaml.dump(_plain(instance), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)
    return header + body


# --------------------------------------------------------------------------- YAML output

class _Quoted(str):
    """A string always written in quotes (clock times, so that 14:30 is never read as a number)."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    def ignore_aliases(self, data) -> bool:  # never write anchors such as &id001
        return True


def _represent_list(dumper: yaml.SafeDumper, data: list):
    flat = all(isinstance(x, (str, int, float, bool, dt.date)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flat)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(_Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", str(s), style="'"))


def _plain(value):
    """Model → plain data for YAML, in field order, without defaults."""
    if isinstance(value, DateRange):
        if value.start == value.end:
            return value.start
        return f"{value.start.isoformat()}..{value.end.isoformat()}"
    if isinstance(value, BaseModel):
        out = {}
        for name, info in type(value).model_fields.items():
            current = getattr(value, name)
            if current is None:
                continue
            if not info.is_required() and current == info.get_default(call_default_factory=True):
                continue
            out[name] = _plain(current)
        return out
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.time):
        return _Quoted(value.strftime("%H:%M"))
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- drafts

@dataclass
class _ItemDraft:
    id: str
    topic: str
    title: str
    mode: Mode = Mode.LECTURE
    sessions: int = 1
    length: int = 1
    teacher_count: int | None = None
    venues: list[str] | None = None
    joint_with: list[str] = field(default_factory=list)
    first: bool = False
    last: bool = False
    after: list[str] = field(default_factory=list)
    teachers: list[str] = field(default_factory=list)
    unavailable: list[TimeRule] = field(default_factory=list)

    @property
    def needed(self) -> int:
        return self.teacher_count or 1


@dataclass
class _ClassDraft:
    id: str
    name: str
    site: Site
    trainees: int
    start: dt.date
    end: dt.date
    items: list[_ItemDraft] = field(default_factory=list)
    four_plus_n: bool = False
    joint_units: int = 0  # units taken by joint sessions hosted by other classes
    emphasis: tuple[str, ...] = ()  # topics the class theme stresses


@dataclass
class _Placed:
    owner: str
    item: str
    index: int
    classes: list[str]
    site: Site
    date: dt.date
    first_block: int
    length: int
    start: int  # minutes
    end: int
    teachers: list[str]
    venue: str | None
    topic: str
    title: str
    mode: Mode


@dataclass
class _County:
    index: int
    pinyin: str
    name: str
    townships: list[Township]
    seat: Township
    site: Site
    hall: Venue
    villages: list[tuple[str, str, Township]]  # id, name, township


# --------------------------------------------------------------------------- generator

class _Generator:
    def __init__(self, size_name: str, size: Size, seed: int):
        self.size_name = size_name
        self.size = size
        self.seed = seed
        self.rng = random.Random(f"party-school-{size_name}-{seed}")
        self.townships: list[Township] = []
        self.sites: list[Site] = []
        self.venues: list[Venue] = []
        self.teachers: list[Teacher] = []
        self.blackouts: list[Blackout] = []
        self.drafts: list[_ClassDraft] = []
        self.counties: list[_County] = []
        self.neighbours: dict[str, list[str]] = {}
        self.site_venues: dict[str, list[Venue]] = defaultdict(list)
        self.field_venues: dict[str, list[Venue]] = defaultdict(list)  # township id -> field sites
        self.county_fields: dict[int, list[Venue]] = defaultdict(list)  # every field site of a county
        self.field_topics: dict[str, tuple[str, ...]] = {}  # field site id -> topics it illustrates
        self.teacher_ids: Counter[str] = Counter()
        self.planned_obligations: dict[str, list[tuple[Obligation, list[tuple[dt.date, dt.date]]]]] = {}
        # witness state
        self.t_busy: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
        self.v_busy: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
        self.c_busy: dict[tuple[str, dt.date], list[tuple[int, int]]] = defaultdict(list)
        self.t_day: Counter = Counter()
        self.t_week: Counter = Counter()
        self.t_load: Counter = Counter()
        self.t_obl: Counter = Counter()
        self.placed: list[_Placed] = []
        self.failures: list[tuple[str, str, int, str]] = []  # sessions left out of the instance

    # ------------------------------------------------------------------ top level
    def run(self) -> tuple[Instance, Plan]:
        self._term()
        self._places()
        self._teachers()
        self._blackouts()
        self._prepare_calendar()
        self._county_classes()
        self._township_classes()
        self._night_classes()
        self._plan_all()
        instance = self._instance()
        return instance, self._plan(instance)

    # ------------------------------------------------------------------ term
    def _term(self) -> None:
        start = self.rng.choice(TERM_STARTS)
        end = start + dt.timedelta(days=7 * self.size.weeks - 1)
        season = "春季" if start.month < 7 else "秋季"
        self.spring = start.month < 7
        self.term = Term(name=f"{start.year}年{season}学期（合成数据 {self.size_name}-{self.seed}）",
                         start=start, end=end)
        self.calendar = TermCalendar(self.term)

    # ------------------------------------------------------------------ places
    def _places(self) -> None:
        rng, size = self.rng, self.size
        county_stems = rng.sample(COUNTY_STEMS, size.counties)
        township_stems = rng.sample(TOWNSHIP_STEMS, size.counties * size.townships)
        village_names = [(p[0] + s[0], p[1] + s[1]) for p in VILLAGE_PREFIXES for s in VILLAGE_SUFFIXES]
        village_names = rng.sample(village_names, size.counties * size.villages)
        for ci, (cpy, cname) in enumerate(county_stems):
            stems = township_stems[ci * size.townships:(ci + 1) * size.townships]
            townships = []
            for ti, (tpy, tname) in enumerate(stems):
                suffix = "街道" if ti == 0 else rng.choice(("镇", "镇", "乡"))
                townships.append(Township(id=tpy, name=tname + suffix))
            self.townships += townships
            n = len(townships)
            for ti, township in enumerate(townships):
                ring = [townships[(ti - 1) % n].id, townships[(ti + 1) % n].id] if n > 1 else []
                self.neighbours[township.id] = [x for x in dict.fromkeys(ring) if x != township.id]
            seat = townships[0]
            county_name = cname + "县"
            site = Site(id=f"dx-{cpy}", name=f"中共{county_name}委党校", tier=Tier.COUNTY,
                        township=seat.id, blocks=list(COUNTY_BLOCKS))
            self.sites.append(site)
            rooms = sorted(rng.sample((120, 120, 100, 100, 100, 80, 80, 80, 60), size.county_tracks + 2),
                           reverse=True)
            for k, capacity in enumerate(rooms, start=1):
                self._venue(Venue(id=f"{site.id}-js{k}", name=f"第{k}教室", kind=VenueKind.CLASSROOM,
                                  site=site.id, capacity=capacity))
            hall = self._venue(Venue(id=f"{site.id}-bgt", name="报告厅", kind=VenueKind.HALL, site=site.id,
                                     capacity=rng.choice((300, 400, 500))))
            # County-level field sites (red bases are closed on Mondays).
            for kind, topic_name, topics in (("hongse", "红色教育基地", ("红色文化", "党性教育")),
                                             ("lianzheng", "廉政教育基地", ("廉政文化",)),
                                             ("zhenxing", "乡村振兴示范园", ("乡村振兴", "实用技术"))):
                where = rng.choice(townships)
                unavailable = [TimeRule(weekdays=[1], note="周一闭馆")] if kind == "hongse" else []
                venue = self._venue(Venue(id=f"xc-{cpy}-{kind}", name=f"{county_name}{topic_name}", kind=VenueKind.FIELD,
                                          township=where.id, capacity=rng.choice((120, 150, 200)),
                                          unavailable=unavailable))
                self.county_fields[ci].append(venue)
                self.field_topics[venue.id] = topics
            # Township schools and their field sites.
            for township in townships:
                tsite = Site(id=f"zx-{township.id}", name=f"{township.name}党校", tier=Tier.TOWNSHIP,
                             township=township.id, blocks=list(TOWNSHIP_BLOCKS))
                self.sites.append(tsite)
                self._venue(Venue(id=f"{tsite.id}-hys", name=f"{township.name}党群服务中心会议室", kind=VenueKind.HALL,
                                  site=tsite.id, capacity=rng.choice((100, 120, 150))))
                self._venue(Venue(id=f"{tsite.id}-js", name=f"{township.name}党校教室", kind=VenueKind.CLASSROOM,
                                  site=tsite.id, capacity=rng.choice((60, 70, 80))))
            villages: list[tuple[str, str, Township]] = []
            for vi, (vpy, vname) in enumerate(village_names[ci * size.villages:(ci + 1) * size.villages]):
                township = townships[vi % n]
                villages.append((vpy, vname + "村", township))
            # Field teaching sites in some villages of every township.
            for township in townships:
                own = [v for v in villages if v[2].id == township.id]
                for vpy, vname, _ in own[: rng.choice((1, 1, 2))]:
                    kind, topics = rng.choice((("党建示范", ("党建实务", "党性教育")),
                                               ("产业基地", ("乡村振兴", "实用技术")),
                                               ("红色遗址", ("红色文化", "党性教育"))))
                    venue = self._venue(Venue(id=f"xc-{vpy}", name=f"{vname}现场教学点（{kind}）",
                                              kind=VenueKind.FIELD, township=township.id,
                                              capacity=rng.choice((60, 80, 100, 150))))
                    self.county_fields[ci].append(venue)
                    self.field_topics[venue.id] = topics
            # Night schools.
            for vpy, vname, township in villages:
                if rng.random() < 0.03:
                    blocks = [NOON_BLOCK]
                else:
                    start, end = rng.choice(EVENING_BLOCKS)
                    blocks = [Block(name="晚上", start=start, end=end)]
                weekdays = [1, 2, 3, 4] if rng.random() < 0.6 else [1, 2, 3, 4, 5]
                vsite = Site(id=f"yx-{vpy}", name=f"{vname}农民夜校", tier=Tier.VILLAGE, township=township.id,
                             blocks=blocks, weekdays=weekdays)
                self.sites.append(vsite)
                self._venue(Venue(id=f"{vsite.id}-hds", name=f"{vname}党群活动室", kind=VenueKind.CLASSROOM,
                                  site=vsite.id, capacity=rng.choice((50, 60, 80, 100))))
            self.counties.append(_County(ci, cpy, county_name, townships, seat, site, hall, villages))

    def _venue(self, venue: Venue) -> Venue:
        self.venues.append(venue)
        if venue.kind is VenueKind.FIELD:
            self.field_venues[venue.township].append(venue)
        else:
            self.site_venues[venue.site].append(venue)
        return venue

    # ------------------------------------------------------------------ teachers
    def _teacher_id(self, surname: tuple[str, str], given: list[tuple[str, str]]) -> str:
        base = f"{surname[0]}-{''.join(g[0] for g in given)}"
        self.teacher_ids[base] += 1
        count = self.teacher_ids[base]
        return base if count == 1 else f"{base}{count}"

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        surname = rng.choice(SURNAMES)
        given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))]
        return self._teacher_id(surname, given), surname[1] + "".join(g[1] for g in given)

    def _teachers(self) -> None:
        rng, size = self.rng, self.size
        per = size.teachers
        fulltime = max(8, round(per * 0.07))
        cadres = max(3, round(per * 0.05))
        county_pt = max(3, round(per * 0.05))
        members = 1 if size.townships <= 4 else 2
        experts = max(8, round(per * 0.3))
        county_topics = ["政治理论", "党建实务", "乡村振兴", "技能素养", "开班结业", "党性教育", "红色文化",
                         "廉政文化", "法治教育", "网格治理", "应急管理", "纠纷调解"]
        half_year = self._periods(Period.HALF_YEAR)
        secretary_period = Period.HALF_YEAR if half_year else Period.TERM
        for county in self.counties:
            all_townships = [t.id for t in county.townships]
            # Full-time lecturers: county school and township schools (送教下乡).
            for k in range(fulltime):
                tid, name = self._person()
                primary = county_topics[k % len(county_topics)]
                extra = rng.sample([t for t in county_topics if t != primary], rng.choice((1, 2, 3)))
                if "开班结业" not in extra and primary != "开班结业" and k % 3 == 0:
                    extra.append("开班结业")
                topics = [primary, *extra]
                self._add_teacher(Teacher(
                    id=tid, name=name, kind=TeacherKind.FULLTIME, township=county.seat.id,
                    topics=self._ordered(topics), tiers=[Tier.COUNTY, Tier.TOWNSHIP],
                    townships=all_townships if size.counties > 1 else None,
                    max_per_day=2, max_per_week=rng.choice((6, 7, 8)),
                    unavailable=self._maybe_away(0.25)),
                    obligations=[(Obligation(period=Period.MONTH, min_sessions=2, note="专职教师每月授课任务"),
                                  self._periods(Period.MONTH))] if k % 2 == 0 else [])
            # Leading cadres of the county.
            for k in range(cadres):
                role, topics, tiers = COUNTY_CADRE_ROLES[k % len(COUNTY_CADRE_ROLES)]
                tid, name = self._person()
                unavailable = [TimeRule(weekdays=[6, 7], note="周末不安排")] if rng.random() < 0.5 else []
                unavailable += self._maybe_away(0.4)
                self._add_teacher(Teacher(
                    id=tid, name=f"{name}（{role}）", kind=TeacherKind.CADRE, township=county.seat.id,
                    topics=list(topics), tiers=list(tiers),
                    townships=all_townships if size.counties > 1 else None,
                    max_per_week=rng.choice((2, 3)), unavailable=unavailable))
            # Scholars, entrepreneurs, model workers (in L some serve the whole prefecture).
            for k in range(county_pt):
                role, topics = COUNTY_PARTTIME_ROLES[k % len(COUNTY_PARTTIME_ROLES)]
                tid, name = self._person()
                prefecture = size.counties > 1 and k < 2
                if prefecture:
                    role, tiers, reach = "市委党校教授", [Tier.COUNTY], [c.seat.id for c in self.counties]
                    topics = ("政治理论", "党建实务", "党性教育")
                else:
                    tiers = [Tier.COUNTY, Tier.TOWNSHIP]
                    reach = all_townships if size.counties > 1 else None
                self._add_teacher(Teacher(
                    id=tid, name=f"{name}（{role}）", kind=TeacherKind.PARTTIME, township=county.seat.id,
                    topics=list(topics), tiers=tiers, townships=reach,
                    max_per_week=rng.choice((2, 3)), unavailable=self._maybe_away(0.3)))
            # Township party secretaries and team members.
            for township in county.townships:
                title = "党工委书记" if township.name.endswith("街道") else "党委书记"
                tid, name = self._person()
                self._add_teacher(Teacher(
                    id=tid, name=f"{name}（{township.name}{title}）", kind=TeacherKind.CADRE,
                    township=township.id, topics=["党建实务", "政治理论"],
                    tiers=[Tier.TOWNSHIP, Tier.VILLAGE], townships=[township.id],
                    max_per_week=2, unavailable=self._maybe_away(0.3)),
                    obligations=[(Obligation(period=secretary_period, topic="党建实务", note="书记讲党课"),
                                  self._periods(secretary_period))])
                for k in range(members):
                    tid, name = self._person()
                    topics = rng.sample(["党建实务", "乡村振兴", "政治理论", "法治教育", "应急管理"], 2)
                    self._add_teacher(Teacher(
                        id=tid, name=f"{name}（{township.name}党政班子成员）", kind=TeacherKind.CADRE,
                        township=township.id, topics=self._ordered(topics),
                        tiers=[Tier.TOWNSHIP, Tier.VILLAGE], townships=[township.id],
                        max_per_day=1, max_per_week=2),
                        obligations=[(Obligation(period=Period.TERM, note="党政班子成员每年至少上一次党课"),
                                      self._periods(Period.TERM))])
            # Local experts (土专家、田秀才): own and neighbouring townships.
            for k in range(experts):
                township = county.townships[k % len(county.townships)]
                tid, name = self._person()
                skill = rng.choice(EXPERT_SKILLS)
                label = rng.choice(("土专家", "田秀才"))
                topics = ["实用技术"] + rng.sample(["乡村振兴", "技能素养"], rng.choice((0, 1, 1)))
                self._add_teacher(Teacher(
                    id=tid, name=f"{name}（{skill}{label}）", kind=TeacherKind.EXPERT, township=township.id,
                    topics=topics, tiers=[Tier.TOWNSHIP, Tier.VILLAGE],
                    townships=[township.id, *self.neighbours[township.id]],
                    max_per_day=rng.choice((1, 2)), max_per_week=rng.choice((2, 3))))
            # Other local talent fills the county's quota.
            used = fulltime + cadres + county_pt + len(county.townships) * (1 + members) + experts
            for k in range(max(0, per - used)):
                township = county.townships[k % len(county.townships)]
                role, kind, topics, tiers, reach = LOCAL_ROLES[k % len(LOCAL_ROLES)]
                tid, name = self._person()
                unavailable = []
                if role == "中小学教师":
                    unavailable = [TimeRule(weekdays=[1, 2, 3, 4, 5], blocks=["上午", "下午"], note="白天在校上课")]
                elif role == "乡村医生":
                    unavailable = [TimeRule(weekdays=[rng.randint(1, 5)], note="值夜班")]
                self._add_teacher(Teacher(
                    id=tid, name=f"{name}（{role}）", kind=kind, township=township.id,
                    topics=list(topics), tiers=list(tiers),
                    townships=[township.id, *self.neighbours[township.id][:reach]],
                    max_per_day=1, max_per_week=rng.choice((2, 3)), unavailable=unavailable))

    def _add_teacher(self, teacher: Teacher, obligations=()) -> None:
        self.teachers.append(teacher)
        self.planned_obligations[teacher.id] = list(obligations)

    @staticmethod
    def _ordered(topics: list[str]) -> list[str]:
        order = [t[0] for t in TOPICS]
        return sorted(dict.fromkeys(topics), key=order.index)

    def _maybe_away(self, chance: float) -> list[TimeRule]:
        """Sometimes a few days away (study trip, leave)."""
        if self.rng.random() >= chance:
            return []
        span = (self.term.end - self.term.start).days
        first = self.term.start + dt.timedelta(days=self.rng.randint(0, max(0, span - 7)))
        last = first + dt.timedelta(days=self.rng.randint(2, 6))
        note = self.rng.choice(("外出学习", "参加上级培训", "休假", "出差"))
        return [TimeRule(dates=[DateRange(start=first, end=last)], note=note)]

    # ------------------------------------------------------------------ blackouts
    def _blackouts(self) -> None:
        rng, year = self.rng, self.term.start.year
        self.blackouts.append(Blackout(
            name="党的创新理论学习日", sites=[c.site.id for c in self.counties],
            when=TimeRule(weekdays=[1], blocks=["下午"], note="每周一下午教职工集中学习")))
        if self.spring:
            busy = [("春耕农忙", dt.date(year, 4, 15), dt.date(year, 5, 10)),
                    ("三夏农忙", dt.date(year, 6, 5), dt.date(year, 6, 20))]
        else:
            busy = [("秋收秋种", dt.date(year, 9, 20), dt.date(year, 10, 15))]
        for name, first, last in busy:
            if last < self.term.start or first > self.term.end:
                continue
            self.blackouts.append(Blackout(name=f"{name}（土专家、田秀才）", teacher_kinds=[TeacherKind.EXPERT],
                                           when=TimeRule(dates=[DateRange(start=first, end=last)])))
            self.blackouts.append(Blackout(name=f"{name}（农民夜校停课）", tiers=[Tier.VILLAGE],
                                           when=TimeRule(dates=[DateRange(start=first + dt.timedelta(days=5),
                                                                          end=last)])))
        if self.size.weeks >= 12:
            for county in self.counties:
                first = self.term.start + dt.timedelta(days=rng.randint(20, 7 * self.size.weeks - 30))
                self.blackouts.append(Blackout(
                    name="报告厅设备检修", venues=[county.hall.id],
                    when=TimeRule(dates=[DateRange(start=first, end=first + dt.timedelta(days=4))])))
                township = rng.choice(county.townships[1:])
                first = self.term.start + dt.timedelta(days=rng.randint(10, 7 * self.size.weeks - 20))
                self.blackouts.append(Blackout(
                    name=f"{township.name}防汛应急演练", townships=[township.id],
                    when=TimeRule(dates=[DateRange(start=first, end=first + dt.timedelta(days=1))])))

    # ------------------------------------------------------------------ calendar
    def _prepare_calendar(self) -> None:
        self.site_by_id = {site.id: site for site in self.sites}
        self.usable: dict[str, dict[dt.date, list[int]]] = {}
        for site in self.sites:
            scoped = [b for b in self.blackouts
                      if b.everywhere or site.id in b.sites or site.tier in b.tiers or site.township in b.townships]
            table = {}
            for day in days(self.term.start, self.term.end):
                if not self.calendar.site_teaches(site, day):
                    continue
                free = [k for k, block in enumerate(site.blocks)
                        if not any(b.when.matches(day, block.name) for b in scoped)]
                if free:
                    table[day] = free
            self.usable[site.id] = table
        self.teacher_rules: dict[str, list[TimeRule]] = {}
        for teacher in self.teachers:
            rules = list(teacher.unavailable)
            rules += [b.when for b in self.blackouts if teacher.id in b.teachers or teacher.kind in b.teacher_kinds]
            self.teacher_rules[teacher.id] = rules
        self.venue_rules = {v.id: list(v.unavailable) + [b.when for b in self.blackouts if v.id in b.venues]
                            for v in self.venues}
        # Whole days a teacher is away (date-only rules), for judging supply in a window.
        self.blocked_days: dict[str, set[dt.date]] = {}
        for teacher in self.teachers:
            away: set[dt.date] = set()
            for rule in self.teacher_rules[teacher.id]:
                if rule.dates is not None and rule.weekdays is None and rule.blocks is None:
                    for span in rule.dates:
                        away.update(days(span.start, span.end))
            self.blocked_days[teacher.id] = away
        self.qualified_cache: dict[tuple[str, str], list[Teacher]] = {}
        self.teachers_by_topic: dict[str, list[Teacher]] = defaultdict(list)
        for teacher in self.teachers:
            for topic in teacher.topics:
                self.teachers_by_topic[topic].append(teacher)

    def _units(self, site: Site, start: dt.date, end: dt.date) -> int:
        return sum(len(v) for d, v in self.usable[site.id].items() if start <= d <= end)

    def _teaching_days(self, site: Site, start: dt.date, end: dt.date) -> list[dt.date]:
        return [d for d in days(start, end) if d in self.usable[site.id]]

    def qualified(self, site: Site, topic: str) -> list[Teacher]:
        key = (site.id, topic)
        if key not in self.qualified_cache:
            self.qualified_cache[key] = [
                t for t in self.teachers_by_topic[topic]
                if (t.tiers is None or site.tier in t.tiers)
                and (t.townships is None or site.township in t.townships)]
        return self.qualified_cache[key]

    def _supported(self, draft: _ClassDraft, topics, minimum: int = 2) -> list[str]:
        """The topics with at least `minimum` qualified teachers not away for the whole window."""
        window = self._teaching_days(draft.site, draft.start, draft.end)
        found = []
        for topic in dict.fromkeys(topics):
            present = [t for t in self.qualified(draft.site, topic)
                       if any(d not in self.blocked_days[t.id] for d in window)]
            if len(present) >= minimum:
                found.append(topic)
        return found

    # ------------------------------------------------------------------ county classes
    def _county_classes(self) -> None:
        rng = self.rng
        for county in self.counties:
            site = county.site
            counters: Counter[str] = Counter()
            tracks: list[list[_ClassDraft]] = []
            for track in range(self.size.county_tracks):
                cursor = self.term.start + dt.timedelta(days=rng.randint(0, 6))
                drafts = []
                while True:
                    teaching = self._teaching_days(site, cursor, self.term.end)
                    if not teaching:
                        break
                    if len(teaching) < 2:
                        break
                    span = rng.choice((3, 4, 5, 5, 5))  # teaching days, so 3–7 calendar days
                    first, last = teaching[0], teaching[min(span, len(teaching)) - 1]
                    theme = rng.choice(COUNTY_THEMES)
                    counters[theme[0]] += 1
                    low, high = theme[3]
                    capacity = max(v.capacity for v in self.site_venues[site.id] if v.kind is VenueKind.CLASSROOM)
                    draft = _ClassDraft(
                        id=f"{county.pinyin}-{theme[0]}-{counters[theme[0]]}",
                        name=f"{county.name}{theme[1]}（第{counters[theme[0]]}期）", site=site,
                        trainees=min(capacity, rng.randint(low, high)), start=first, end=last,
                        emphasis=theme[2])
                    drafts.append(draft)
                    cursor = last + dt.timedelta(days=rng.choice((1, 1, 2, 3)))
                tracks.append(drafts)
            classes = sorted((d for t in tracks for d in t), key=lambda d: (d.start, d.id))
            joints = self._pick_joint_pairs(classes, county)
            for draft in classes:
                self._county_curriculum(draft, county, joints.get(draft.id))
            self.drafts += classes

    def _pick_joint_pairs(self, classes: list[_ClassDraft], county: _County) -> dict[str, _ClassDraft]:
        """Now and then two classes running at once share a lecture in the hall."""
        partner: dict[str, _ClassDraft] = {}
        taken: list[str] = []
        for a in classes:
            for b in classes:
                if a is b or a.id in taken or b.id in taken or b.start < a.start:
                    continue
                lo, hi = max(a.start, b.start), min(a.end, b.end)
                if hi < lo or len(self._teaching_days(a.site, lo, hi)) < 3:
                    continue
                if a.trainees + b.trainees > county.hall.capacity or self.rng.random() > 0.2:
                    continue
                partner[a.id] = b
                b.joint_units += 1
                taken += [a.id, b.id]
        return partner

    def _county_curriculum(self, draft: _ClassDraft, county: _County, joint: _ClassDraft | None) -> None:
        rng, site = self.rng, draft.site
        units = int(WINDOW_SHARE * self._units(site, draft.start, draft.end)) - draft.joint_units
        items: list[_ItemDraft] = []
        emphasis = self._supported(draft, draft.emphasis, 3)
        if units >= 3:
            items.append(_ItemDraft("kaiban", "开班结业", "开班式暨入学教育", first=True))
            units -= 1
        closing = units >= 3
        if closing:
            units -= 1
        if joint is not None and units >= 2:
            topic = rng.choice(self._supported(draft, ("政治理论", "廉政文化", "党性教育"), 3) or ["政治理论"])
            items.append(_ItemDraft("heban", topic, f"{rng.choice(TITLES[topic])}（合班）",
                                    joint_with=[joint.id], venues=[county.hall.id]))
            units -= 1
        if units >= 5 and rng.random() < 0.6:
            draft.four_plus_n = True
            for topic in MAIN:
                items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic])))
                units -= 1
        fields = self._fields_by_topic(draft, self.county_fields[county.index])
        options = self._supported(draft, fields, 3)
        if units >= 2 and options and rng.random() < 0.6:
            topic = rng.choice(options)
            theory = next((i for i in items if i.topic == topic and not i.joint_with), None)
            if theory is None:
                theory = _ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic]))
                items.append(theory)
                units -= 1
            length = 2 if units >= 3 and rng.random() < 0.4 else 1
            if units >= length:
                items.append(_ItemDraft(self._item_id(items, topic, "xianchang"), topic, FIELD_TITLES[topic],
                                        mode=Mode.FIELD, length=length, venues=fields[topic],
                                        after=[theory.id]))
                units -= length
        pool = emphasis + self._supported(draft, MAIN, 3) or list(MAIN)
        while units > 0:
            topic = rng.choice(pool)
            sessions = 2 if units >= 2 and rng.random() < 0.25 else 1
            mode = Mode.LECTURE
            teacher_count = None
            roll = rng.random()
            if roll < 0.25:
                mode = Mode.INTERACTIVE
                if roll < 0.05 and len(self.qualified(site, topic)) >= 4:
                    teacher_count = 2  # two-teacher teaching (双人教学)
            elif roll < 0.3:
                mode = Mode.ONLINE
            items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode,
                                    sessions=sessions, teacher_count=teacher_count))
            units -= sessions
        if closing:
            items.append(_ItemDraft("jieye", "开班结业", "结业式", last=True))
        draft.items = items

    def _fields_by_topic(self, draft: _ClassDraft, fields: list[Venue]) -> dict[str, list[str]]:
        """Field sites big enough for the class, by the topic they illustrate."""
        found: dict[str, list[str]] = defaultdict(list)
        for venue in fields:
            if venue.capacity >= draft.trainees:
                for topic in self.field_topics[venue.id]:
                    found[topic].append(venue.id)
        return dict(found)

    @staticmethod
    def _item_id(items: list[_ItemDraft], topic: str, stem: str | None = None) -> str:
        stem = stem or TOPIC_PY[topic]
        taken = {i.id for i in items}
        k = 1
        while f"{stem}{k}" in taken:
            k += 1
        return f"{stem}{k}"

    # ------------------------------------------------------------------ township classes
    def _township_classes(self) -> None:
        rng = self.rng
        weeks = self.size.weeks
        for county in self.counties:
            for township in county.townships:
                site = self.site_by_id[f"zx-{township.id}"]
                hall = max(v.capacity for v in self.site_venues[site.id])
                fields = self.field_venues[township.id]
                terms = self.size.township_terms
                stretch = weeks / terms
                for k in range(terms):
                    first = self.term.start + dt.timedelta(days=int(7 * k * stretch) + rng.randint(0, 4))
                    last = min(self.term.end, first + dt.timedelta(days=int(7 * stretch) - rng.randint(3, 8)))
                    if last <= first:
                        continue
                    draft = _ClassDraft(
                        id=f"{township.id}-xueqi-{k + 1}", name=f"{township.name}党校“4+N”主题学期（第{k + 1}期）",
                        site=site, trainees=min(hall, rng.randint(40, 120)), start=first, end=last)
                    units = min(rng.randint(10, 14), int(WINDOW_SHARE * self._units(site, first, last)))
                    self._township_term_curriculum(draft, units, fields)
                    if draft.items:
                        self.drafts.append(draft)
                for k in range(self.size.township_short):
                    span = rng.choice((1, 2, 2, 3))
                    first = self.term.start + dt.timedelta(days=rng.randint(0, 7 * weeks - span))
                    teaching = self._teaching_days(site, first, self.term.end)
                    if len(teaching) < span:
                        continue
                    first, last = teaching[0], teaching[span - 1]
                    units = int(WINDOW_SHARE * self._units(site, first, last))
                    if units < 1:
                        continue
                    kind = rng.choice(("lunxun", "jishu", "zhuanti"))
                    names = {"lunxun": "村（社区）党支部书记轮训班", "jishu": "实用技术培训班", "zhuanti": "专题讲座"}
                    draft = _ClassDraft(
                        id=f"{township.id}-{kind}-{k + 1}", name=f"{township.name}{names[kind]}", site=site,
                        trainees=min(hall, rng.randint(30, 100)), start=first, end=last)
                    self._township_short_curriculum(draft, kind, units, fields)
                    if draft.items:
                        self.drafts.append(draft)

    def _township_term_curriculum(self, draft: _ClassDraft, units: int, fields: list[Venue]) -> None:
        rng, site = self.rng, draft.site
        items: list[_ItemDraft] = []
        if units < 2:
            return
        items.append(_ItemDraft("kaixue", "党建实务", "开学第一课：书记讲党课", first=True))
        units -= 1
        closing = units >= 6 and len(self.qualified(site, "开班结业")) >= 2
        if closing:
            units -= 1
        mains = self._supported(draft, MAIN)
        if units >= 4 and len(mains) == 4:
            draft.four_plus_n = True
            for topic in MAIN:
                items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic])))
                units -= 1
        by_topic = self._fields_by_topic(draft, fields)
        options = [t for t in self._supported(draft, by_topic) if any(i.topic == t for i in items)]
        if units >= 1 and options and rng.random() < 0.6:
            topic = rng.choice(options)
            theory = next(i for i in items if i.topic == topic and not i.joint_with)
            items.append(_ItemDraft(self._item_id(items, topic, "xianchang"), topic, FIELD_TITLES[topic],
                                    mode=Mode.FIELD, venues=by_topic[topic], after=[theory.id]))
            units -= 1
        pool = self._supported(draft, ("政治理论", "党建实务", "乡村振兴", "技能素养", "红色文化", "法治教育",
                                       "实用技术", "党性教育", "纠纷调解", "应急管理"))
        while units > 0 and pool:
            topic = rng.choice(pool)
            mode = Mode.INTERACTIVE if rng.random() < 0.25 else Mode.LECTURE
            items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode))
            units -= 1
        if closing:
            items.append(_ItemDraft("jieye", "开班结业", "结业式", last=True))
        draft.items = items

    def _township_short_curriculum(self, draft: _ClassDraft, kind: str, units: int, fields: list[Venue]) -> None:
        rng = self.rng
        topics = {"lunxun": ("党建实务", "政治理论", "法治教育"), "jishu": ("实用技术", "乡村振兴", "技能素养"),
                  "zhuanti": ("政治理论", "法治教育", "应急管理", "纠纷调解", "红色文化")}[kind]
        supported = self._supported(draft, topics)
        if not supported:
            return
        items: list[_ItemDraft] = []
        usable_fields = self._fields_by_topic(draft, fields).get("实用技术")
        for k in range(units):
            topic = supported[k % len(supported)]
            if kind == "jishu" and k == 1 and usable_fields and items[0].topic == "实用技术":
                items.append(_ItemDraft(self._item_id(items, topic, "xianchang"), "实用技术", FIELD_TITLES["实用技术"],
                                        mode=Mode.FIELD, venues=usable_fields, after=[items[0].id]))
                continue
            mode = Mode.INTERACTIVE if rng.random() < 0.2 else Mode.LECTURE
            items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic]), mode=mode))
        draft.items = items

    # ------------------------------------------------------------------ night schools
    def _night_classes(self) -> None:
        rng = self.rng
        menu = ("政治理论", "党建实务", "乡村振兴", "实用技术", "实用技术", "技能素养", "法治教育", "红色文化",
                "党性教育", "纠纷调解", "应急管理")
        months = []
        day = self.term.start.replace(day=1)
        while day <= self.term.end:
            nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            months.append((max(day, self.term.start), min(nxt - dt.timedelta(days=1), self.term.end)))
            day = nxt
        for county in self.counties:
            for vpy, vname, township in county.villages:
                site = self.site_by_id[f"yx-{vpy}"]
                venue_cap = self.site_venues[site.id][0].capacity
                for first, last in months:
                    cap = int(WINDOW_SHARE * self._units(site, first, last))
                    if cap < 1:
                        continue
                    wanted = min(4, max(1, round(rng.gauss(self.size.night_mean, 1.0))))
                    draft = _ClassDraft(
                        id=f"yx-{vpy}-{first:%Y%m}", name=f"{vname}农民夜校（{first.month}月）", site=site,
                        trainees=min(venue_cap, rng.randint(20, 50)), start=first, end=last)
                    supported = self._supported(draft, menu, 3)
                    count = min(wanted, cap, len(supported))
                    if count < 1:
                        continue
                    items: list[_ItemDraft] = []
                    for topic in rng.sample(supported, count):
                        roll = rng.random()
                        mode = Mode.INTERACTIVE if roll < 0.3 else Mode.ONLINE if roll < 0.35 else Mode.LECTURE
                        items.append(_ItemDraft(self._item_id(items, topic), topic, rng.choice(TITLES[topic]),
                                                mode=mode))
                    draft.items = items
                    self.drafts.append(draft)

    # ------------------------------------------------------------------ the witness plan
    def _plan_all(self) -> None:
        self.draft_by_id = by_id = {d.id: d for d in self.drafts}
        hosted: dict[str, list[tuple[_ClassDraft, _ItemDraft]]] = defaultdict(list)
        for draft in self.drafts:
            for item in draft.items:
                for other in item.joint_with:
                    hosted[other].append((draft, item))
        done: list[str] = []
        tier_order = {Tier.COUNTY: 0, Tier.TOWNSHIP: 1, Tier.VILLAGE: 2}
        order = sorted(self.drafts, key=lambda d: (tier_order[d.site.tier], d.start, d.id))
        for draft in order:
            if draft.id in done:
                continue
            group = [draft] + [by_id[c] for item in draft.items for c in item.joint_with]
            group += [host for host, _ in hosted[draft.id] if host not in group]
            self._plan_group(group)
            done += [d.id for d in group]

    def _plan_group(self, group: list[_ClassDraft]) -> None:
        """Place a class (with the classes it shares joint sessions with): first items at the start,
        last items at the end, then joint items, then the rest in order between them."""
        floors = {d.id: (d.start, 0) for d in group}
        ceilings = {d.id: (d.end + dt.timedelta(days=1), 0) for d in group}
        phases = (
            (lambda i: i.first and not i.joint_with, True, False),
            (lambda i: i.last and not i.joint_with, False, True),
            (lambda i: bool(i.joint_with), False, False),
            (lambda i: not (i.first or i.last or i.joint_with), True, False),
        )
        for wanted, advance, latest in phases:
            for draft in group:
                for item in [i for i in draft.items if wanted(i)]:
                    self._place_item(draft, item, floors, ceilings, advance, latest)

    def _place_item(self, draft: _ClassDraft, item: _ItemDraft, floors, ceilings,
                    advance: bool, latest: bool) -> None:
        """Place the sessions of one item in order; sessions that find no room are dropped."""
        classes = [draft.id, *item.joint_with]
        members = [self.draft_by_id[c] for c in classes]
        lo = max(d.start for d in members)
        hi = min(d.end for d in members)
        trainees = sum(d.trainees for d in members)
        site = draft.site
        placed_count = 0
        for index in range(1, item.sessions + 1):
            floor = max(floors[c] for c in classes)
            ceiling = min(ceilings[c] for c in classes)
            starts = [(d, k) for d, blocks in self.usable[site.id].items() if lo <= d <= hi
                      for k in blocks if floor <= (d, k) and (d, k + item.length) <= ceiling
                      and all(k + j in blocks for j in range(item.length))]
            if not starts:
                self.failures.append((draft.id, item.id, index, "no slot left"))
                continue
            if latest:
                ordered = list(reversed(starts))
            else:
                remaining = self._remaining_units(draft, item, index)
                spare = max(0, len(starts) - remaining)
                jump = self.rng.randint(0, spare // remaining) if spare else 0
                ordered = starts[jump:] + list(reversed(starts[:jump]))
            for day, k in ordered:
                found = self._try_slot(item, classes, trainees, site, day, k)
                if found is None:
                    continue
                teachers, venue = found
                blocks = site.blocks[k:k + item.length]
                self._commit(_Placed(draft.id, item.id, index, classes, site, day, k, item.length,
                                     _minutes(blocks[0].start), _minutes(blocks[-1].end), teachers,
                                     venue.id if venue else None, item.topic, item.title, item.mode))
                for c in classes:
                    if advance:
                        floors[c] = (day, k + item.length)
                    if latest:
                        ceilings[c] = min(ceilings[c], (day, k))
                placed_count += 1
                break
            else:
                self.failures.append((draft.id, item.id, index, "no free teacher or venue"))
        item.sessions = placed_count  # unplaced sessions are left out of the instance

    @staticmethod
    def _remaining_units(draft: _ClassDraft, item: _ItemDraft, index: int) -> int:
        """Blocks still needed by this item and the ordinary items after it."""
        units = (item.sessions - index + 1) * item.length
        later = False
        for other in draft.items:
            if other is item:
                later = True
            elif later and not (other.first or other.last or other.joint_with):
                units += other.sessions * other.length
        return max(1, units)

    def _try_slot(self, item, classes, trainees, site, day, k):
        blocks = site.blocks[k:k + item.length]
        start, end = _minutes(blocks[0].start), _minutes(blocks[-1].end)
        names = [b.name for b in blocks]
        if item.mode is Mode.FIELD and not all(b.daytime for b in blocks):
            return None
        for c in classes:
            if _clash(self.c_busy[(c, day)], start, end):
                return None
        if any(r.matches(day, n) for r in item.unavailable for n in names):
            return None
        venue = None
        if item.mode is not Mode.ONLINE:
            venue = self._pick_venue(item, site, trainees, day, names, start, end)
            if venue is None:
                return None
        teachers = self._pick_teachers(item, site, day, names, start, end)
        if teachers is None:
            return None
        return teachers, venue

    def _pick_venue(self, item, site, trainees, day, names, start, end):
        if item.venues is not None:
            candidates = [v for v in self.venues if v.id in item.venues]
        else:
            candidates = list(self.site_venues[site.id])
        candidates = [v for v in candidates if v.capacity >= trainees
                      and (v.kind is VenueKind.FIELD) == (item.mode is Mode.FIELD)]
        candidates.sort(key=lambda v: (v.capacity, v.id))
        for venue in candidates:
            if _clash(self.v_busy[(venue.id, day)], start, end):
                continue
            if any(r.matches(day, n) for r in self.venue_rules[venue.id] for n in names):
                continue
            return venue
        return None

    def _pick_teachers(self, item, site, day, names, start, end):
        week = day.isocalendar()[:2]
        ranked = []
        for teacher in self.qualified(site, item.topic):
            tid = teacher.id
            if teacher.max_per_day is not None and self.t_day[(tid, day)] >= teacher.max_per_day:
                continue
            if teacher.max_per_week is not None and self.t_week[(tid, week)] >= teacher.max_per_week:
                continue
            if _clash(self.t_busy[(tid, day)], start, end):
                continue
            if any(r.matches(day, n) for r in self.teacher_rules[tid] for n in names):
                continue
            need = self._obligation_need(tid, item.topic, day)
            busy_elsewhere = 1 if self.t_day[(tid, day)] else 0
            ranked.append((-need, self.t_load[tid] * KIND_WEIGHT[teacher.kind] + busy_elsewhere,
                           self.rng.random(), tid))
        if len(ranked) < item.needed:
            return None
        ranked.sort()
        return sorted(r[3] for r in ranked[:item.needed])

    def _obligation_need(self, tid: str, topic: str, day: dt.date) -> int:
        need = 0
        for k, (obligation, periods) in enumerate(self.planned_obligations[tid]):
            if obligation.topic is not None and obligation.topic != topic:
                continue
            for p, (first, last) in enumerate(periods):
                if first <= day <= last and self.t_obl[(tid, k, p)] < obligation.min_sessions:
                    need = 1
        return need

    def _commit(self, placed: _Placed) -> None:
        day, span = placed.date, (placed.start, placed.end)
        week = day.isocalendar()[:2]
        for c in placed.classes:
            self.c_busy[(c, day)].append(span)
        if placed.venue is not None:
            self.v_busy[(placed.venue, day)].append(span)
        for tid in placed.teachers:
            self.t_busy[(tid, day)].append(span)
            self.t_day[(tid, day)] += 1
            self.t_week[(tid, week)] += 1
            self.t_load[tid] += 1
            for k, (obligation, periods) in enumerate(self.planned_obligations[tid]):
                if obligation.topic is not None and obligation.topic != placed.topic:
                    continue
                for p, (first, last) in enumerate(periods):
                    if first <= day <= last:
                        self.t_obl[(tid, k, p)] += 1
        self.placed.append(placed)

    def _periods(self, period: Period) -> list[tuple[dt.date, dt.date]]:
        """Obligation periods as scheduler.rules defines them: at least half inside the term, clipped."""
        start, end = self.term.start, self.term.end
        if period is Period.TERM:
            return [(start, end)]
        step = {Period.MONTH: 1, Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}[period]
        found = []
        year, month = start.year, 1
        while True:
            first = dt.date(year, month, 1)
            if first > end:
                break
            month0 = month - 1 + step
            year, month = year + month0 // 12, month0 % 12 + 1
            last = dt.date(year, month, 1) - dt.timedelta(days=1)
            inside_first, inside_last = max(first, start), min(last, end)
            inside = (inside_last - inside_first).days + 1
            if inside * 2 >= (last - first).days + 1:
                found.append((inside_first, inside_last))
        return found

    # ------------------------------------------------------------------ decorations after planning
    def _decorate(self) -> None:
        """Pin some teachers and restrict some venues, consistently with the witness."""
        rng = self.rng
        by_item: dict[tuple[str, str], list[_Placed]] = defaultdict(list)
        for placed in self.placed:
            by_item[(placed.owner, placed.item)].append(placed)
        for draft in self.drafts:
            for item in draft.items:
                sessions = by_item.get((draft.id, item.id), [])
                if not sessions:
                    continue
                common = [t for t in sessions[0].teachers if all(t in s.teachers for s in sessions)]
                if common and (item.first or item.mode is Mode.FIELD) and rng.random() < 0.15:
                    item.teachers = [rng.choice(common)]
                if (item.mode in (Mode.LECTURE, Mode.INTERACTIVE) and item.venues is None
                        and draft.site.tier is Tier.COUNTY and rng.random() < 0.05):
                    used = sorted({s.venue for s in sessions if s.venue})
                    item.venues = used
                if item.mode is Mode.LECTURE and rng.random() < 0.03:
                    taken = {(s.date.isoweekday(), s.site.blocks[s.first_block].name) for s in sessions}
                    weekday = rng.randint(1, 5)
                    block = draft.site.blocks[-1].name
                    if (weekday, block) not in taken:
                        item.unavailable = [TimeRule(weekdays=[weekday], blocks=[block], note="授课教师固定坐班")]

    # ------------------------------------------------------------------ assembling the instance
    def _instance(self) -> Instance:
        self._decorate()
        keep_classes = []
        for draft in self.drafts:
            draft.items = [i for i in draft.items if i.sessions > 0]
            if draft.items:
                keep_classes.append(draft)
        kept_ids = [d.id for d in keep_classes]
        classes = []
        for draft in keep_classes:
            ids = [i.id for i in draft.items]
            curriculum = []
            for item in draft.items:
                curriculum.append(CurriculumItem(
                    id=item.id, topic=item.topic, title=item.title, mode=item.mode, sessions=item.sessions,
                    length=item.length, teachers=item.teachers, teacher_count=item.teacher_count,
                    venues=item.venues, joint_with=[c for c in item.joint_with if c in kept_ids],
                    first=item.first, last=item.last, after=[a for a in item.after if a in ids],
                    unavailable=item.unavailable))
            four = draft.four_plus_n and all(any(i.topic == t for i in draft.items) for t in MAIN)
            classes.append(TermClass(id=draft.id, name=draft.name, site=draft.site.id, trainees=draft.trainees,
                                     start=draft.start, end=draft.end, four_plus_n=four, curriculum=curriculum))
        teachers = []
        for teacher in self.teachers:
            kept = []
            for k, (obligation, periods) in enumerate(self.planned_obligations[teacher.id]):
                if periods and all(self.t_obl[(teacher.id, k, p)] >= obligation.min_sessions
                                   for p in range(len(periods))):
                    kept.append(obligation)
            teachers.append(teacher.model_copy(update={"obligations": kept}) if kept else teacher)
        topics = [Topic(id=t[0], name=t[1], main=t[3]) for t in TOPICS]
        return Instance(name=f"synthetic-{self.size_name.lower()}-{self.seed}", term=self.term,
                        townships=self.townships, sites=self.sites, venues=self.venues, topics=topics,
                        teachers=teachers, classes=classes, blackouts=self.blackouts)

    def _plan(self, instance: Instance) -> Plan:
        sessions = []
        index: Counter[tuple[str, str]] = Counter()
        for placed in sorted(self.placed, key=lambda p: (p.owner, p.item, p.index)):
            index[(placed.owner, placed.item)] += 1
            blocks = placed.site.blocks[placed.first_block:placed.first_block + placed.length]
            sessions.append(PlanSession(
                id=session_id(placed.owner, placed.item, index[(placed.owner, placed.item)]),
                classes=placed.classes, topic=placed.topic, title=placed.title, mode=placed.mode.value,
                date=placed.date, start=blocks[0].start.strftime("%H:%M"), end=blocks[-1].end.strftime("%H:%M"),
                blocks=[b.name for b in blocks], teachers=placed.teachers, venue=placed.venue,
                site=placed.site.id))
        sessions.sort(key=lambda s: (s.date, s.start, s.id))
        return Plan(instance=instance.name, status="FEASIBLE", objective=0, bound=0, solve_seconds=0.0,
                    sessions=sessions)


def _minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute


def _clash(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)
