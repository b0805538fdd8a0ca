"""Chinese name pools (counties, townships, villages, people) and unique teacher ids."""

from __future__ import annotations

import random
from collections import Counter

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


class NameBook:
    """Draws people's names; ids stay unique by numbering repeats."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.ids: Counter[str] = Counter()

    def teacher_id(self, surname: tuple[str, str], given: list[tuple[str, str]]) -> str:
        base = f"{surname[0]}-{''.join(g[0] for g in given)}"
        self.ids[base] += 1
        count = self.ids[base]
        return base if count == 1 else f"{base}{count}"

    def person(self) -> tuple[str, str]:
        """A new teacher's id and name."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))]
        return self.teacher_id(surname, given), surname[1] + "".join(g[1] for g in given)
