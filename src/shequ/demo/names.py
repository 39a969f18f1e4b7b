"""Name pools for the demo district: people, streets, communities, compounds, units.

Surname weights follow the national frequency table (per mille, rounded) with a Sichuan
lean; given names are drawn by gender and birth cohort, one or two characters. A small
share of people are registered under traditional characters (張偉 rather than 张伟) so that
search across both forms can be tried.
"""

from __future__ import annotations

import random
from functools import lru_cache

import opencc

SURNAMES: tuple[tuple[str, float], ...] = (
    ("李", 75), ("王", 68), ("张", 62), ("刘", 54), ("陈", 48), ("杨", 32), ("黄", 22),
    ("周", 20), ("吴", 19), ("何", 16), ("赵", 16), ("罗", 15), ("徐", 14), ("孙", 12),
    ("胡", 12), ("唐", 12), ("邓", 12), ("郭", 11), ("马", 11), ("朱", 11), ("蒋", 10),
    ("谢", 10), ("曾", 9), ("高", 9), ("林", 9), ("彭", 9), ("向", 8), ("冯", 7), ("谭", 7),
    ("袁", 7), ("梁", 7), ("郑", 7), ("宋", 7), ("韩", 6), ("曹", 6), ("肖", 6), ("田", 6),
    ("杜", 6), ("许", 6), ("余", 6), ("廖", 6), ("董", 5), ("潘", 5), ("程", 5), ("蔡", 5),
    ("苏", 5), ("魏", 5), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4),
    ("姜", 3), ("钟", 3), ("陆", 3), ("汪", 3), ("范", 3), ("石", 3), ("贾", 3), ("夏", 3),
    ("付", 3), ("方", 3), ("熊", 3), ("邹", 3), ("秦", 2), ("邱", 2), ("雷", 2), ("侯", 2),
    ("龙", 2), ("毛", 2), ("贺", 2), ("龚", 2), ("文", 2), ("严", 2), ("冉", 2), ("牟", 2),
    ("鲜", 1), ("蒲", 1), ("敬", 1), ("税", 1), ("苟", 1), ("欧阳", 0.5), ("司马", 0.2),
    ("诸葛", 0.1),
)

# Given-name characters by cohort (born before 1970, 1970–1994, 1995 on) and gender,
# plus whole two-character names that were very common in that cohort.
GIVEN = {
    ("old", "M"): ("国建华明德志文永福贵长春林清树成平军忠洪兴才富金良海山发光中祥荣",
                   "建国 国强 建华 志强 德明 永贵 长春 福林 明华 文斌 国庆 建军 学文 光明"),
    ("old", "F"): ("秀英兰桂芳珍玉凤华琼淑素翠云梅莲芬群蓉菊萍丽琴霞惠碧",
                   "秀英 桂兰 玉兰 秀珍 淑华 桂英 凤英 秀兰 玉珍 素珍 翠华 碧琼"),
    ("mid", "M"): ("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰亮兵东",
                   "伟 强 磊 勇 杰 涛 军 斌 超 鹏 建平 海涛 志勇 小龙 永刚 晓东"),
    ("mid", "F"): ("静丽敏燕艳娟霞芳娜婷雪琳倩玲丹萍红洁慧颖晶莉蓉梅佳",
                   "静 丽 敏 燕 艳 娟 芳 娜 小红 晓燕 丽娟 春梅 海燕 雪梅"),
    ("young", "M"): ("子轩浩宇梓睿俊博晨阳涵铭泽皓煜航逸然宸哲瑞一诺鑫嘉天昊奕",
                     "子轩 浩然 宇轩 梓睿 俊杰 博文 一鸣 天佑 皓轩 子涵 明轩 思远"),
    ("young", "F"): ("欣怡梓涵诗雨可馨子萱思佳悦琪晨语若曦雅婷一诺嘉妍依梦瑶彤",
                     "欣怡 梓涵 诗涵 雨欣 可馨 子萱 思彤 佳怡 语嫣 若曦 一诺 梦瑶"),
}

STREETS = ("三里坪", "翠屏", "明月江", "杨柳", "亭子", "河市", "石桥", "堡子", "福善",
           "百节", "南岳", "管村", "双庙", "景市", "渡市", "万家")
COMMUNITIES = (
    "金山", "马踏洞", "长田", "红旗", "滨河", "华蜀", "塔沱", "罗浮", "西环", "东环", "南城",
    "北门", "凤凰", "龙山", "金龙", "莲花", "荷叶", "桂花", "银杏", "朝阳", "新华", "文化",
    "建设", "团结", "幸福", "和平", "胜利", "光明", "育才", "学府", "锦绣", "柳荫", "双龙",
    "石佛", "茶园", "沙坝", "河西", "河东", "魏兴", "雷音铺", "高家坝", "张家湾", "朱家嘴",
    "土桥", "枣园", "向阳", "永兴", "太平", "青龙", "白鹤", "州河", "明月", "翠竹", "杨家坝",
)
COMPOUND_HEADS = ("金竹", "翠湖", "锦江", "华府", "阳光", "滨江", "御景", "龙湖", "凤凰",
                  "书香", "紫荆", "桂园", "银河", "明珠", "和园", "康乐", "花溪", "幸福",
                  "西城", "东湖", "南山", "北岸", "怡景", "丽都", "天赐", "盛世", "中央",
                  "水岸", "枫林", "兰亭", "鑫源", "悦府", "香樟", "梧桐", "碧水", "青城")
COMPOUND_TAILS = ("苑", "园", "小区", "花园", "家园", "公寓", "雅居", "新城", "名都", "华庭")
ROADS = ("南外路", "西外路", "达川大道", "金山路", "长田路", "华蜀路", "滨河路", "人民路")

UNIT_NAMES = {
    "agency": ("达川区{}街道办事处", "达川区{}派出所", "达川区{}税务所", "达川区{}市场监管所"),
    "institution": ("达川区{}小学", "达川区{}中学", "达川区{}社区卫生服务中心", "达川区{}幼儿园"),
    "enterprise": ("四川{}实业有限公司", "达州{}商贸有限公司", "达州市{}物业服务有限公司",
                   "四川{}建设工程有限公司", "达川{}农商银行支行"),
    "social_org": ("达川区{}志愿者协会", "达川区{}老年协会", "达川区{}社会工作服务中心"),
    "two_new": ("达州{}律师事务所", "达川{}科技有限公司", "达州{}电子商务有限公司"),
    "commercial_building": ("{}商业广场", "{}国际大厦", "{}商务中心"),
}

_NUMERALS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十 (1–99)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _NUMERALS[ones]
    head = "" if tens == 1 else _NUMERALS[tens]
    return head + "十" + (_NUMERALS[ones] if ones else "")


def cohort(birth_year: int) -> str:
    if birth_year < 1970:
        return "old"
    return "mid" if birth_year < 1995 else "young"


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


class NameMaker:
    """Draws names from a ``random.Random`` so a seed gives the same people."""

    def __init__(self, rng: random.Random, traditional_rate: float = 0.015):
        self.rng = rng
        self.traditional_rate = traditional_rate
        self._surnames = [s for s, _w in SURNAMES]
        total = 0.0
        self._cum = []
        for _s, w in SURNAMES:
            total += w
            self._cum.append(total)
        self._pools = {
            key: (chars, whole.split()) for key, (chars, whole) in GIVEN.items()
        }

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._cum)[0]

    def given(self, gender: str, birth_year: int) -> str:
        chars, whole = self._pools[(cohort(birth_year), gender)]
        r = self.rng.random()
        if r < 0.35:
            return self.rng.choice(whole)
        if r < 0.50:
            return self.rng.choice(chars)
        a, b = self.rng.sample(chars, 2)
        return a + b

    def person(self, gender: str, birth_year: int, surname: str | None = None) -> str:
        name = (surname or self.surname()) + self.given(gender, birth_year)
        if self.rng.random() < self.traditional_rate:
            name = _s2t().convert(name)
        return name
