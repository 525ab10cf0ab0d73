"""A recorded mix of citizen messages for the decide path (issue 17): who says what, in order.

Senders of four kinds, each with a short script of messages kept in this order:

- a new petitioner files a matter (and sometimes follows it with a supplement);
- a known petitioner (filed in the warm-up) asks how the case is going;
- a known petitioner adds material to the open case's matter;
- a known petitioner sends a grade, in a figure or in words, then asks for progress (no
  rating prompt was sent: this is what the dialogue makes of a bare grade).

:func:`scripts` gives each sender's messages; :func:`interleave` merges them in an arrival
order that keeps every sender's own order (the property test draws many such orders).
Texts are written for this project; nothing personal, the numbers are reserved test ranges.
Each text is composed from parts (an opening, the matter at one of a few places, how long it
has gone on, a closing), so a burst about a few places is worded as people word it: few texts
repeat word for word, and no cache keyed by the text (the matter index signs each text once)
makes the decide cheaper than it is on real traffic.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

PLACES = ("幸福里小区", "朝阳路菜市场", "滨河公园", "第三中学门口", "新华街", "光明社区",
          "东湖花园", "建设路", "人民医院旁", "北站广场")
MATTERS = (
    "{place}旁边的工地每天夜里施工到凌晨，噪音很大，严重影响休息，{ask}",
    "{place}的路灯坏了{span}没人修，晚上出行很不安全，{ask}",
    "{place}附近的餐馆油烟直排，楼上住户窗户都不敢开，{ask}",
    "{place}有人占道经营，早高峰车辆和行人都过不去，{ask}",
    "我在{place}的公司已经拖欠工资{span}了，老板一直不给，{ask}",
    "{place}的垃圾站好几天没有清运，臭味很大，夏天蚊蝇很多，{ask}",
)
OPENINGS = ("", "你好，", "您好，我想反映一下，", "麻烦你们一下，", "我是附近的居民，",
            "反映个问题：", "你好 ")
SPANS = ("一个多月", "半个月", "三个星期", "两个多月", "快半年", "整整一个月", "二十多天")
ASKS = ("请求有关部门依法查处。", "希望尽快处理。", "请有关部门管一管。", "请尽快解决。",
        "麻烦派人来看看。", "希望给个说法。", "请相关部门处理。")
CLOSINGS = ("", "谢谢！", "已经打过好几次电话了。", "周边邻居都有意见。", "盼回复。",
            "这个情况{span}了。")
SUPPLEMENTS = ("补充一下，{when}又施工到{hour}点，我录了视频。", "追加材料：附近邻居也都反映了同样的问题。",
               "再补充一点，这个问题已经持续{span}了，希望尽快处理。",
               "补充：{when}我又去看了，情况还是一样。")
WHENS = ("昨天夜里", "前天晚上", "今天凌晨", "周末", "这两天")
STATUS = ("我的事情办得怎么样了？", "请问我反映的问题有进展吗", "查询进度", "案件现在到哪一步了？",
          "我反映的事{span}了，有人管吗", "上次那个事怎么样了", "进度能查一下吗")
GRADES = ("5", "4", "满意", "1", "不满意")


def petition(rng: random.Random) -> str:
    """One new matter at one of the few :data:`PLACES`, worded from its parts."""
    span = rng.choice(SPANS)
    body = rng.choice(MATTERS).format(place=rng.choice(PLACES), span=span,
                                      ask=rng.choice(ASKS))
    return rng.choice(OPENINGS) + body + rng.choice(CLOSINGS).format(span=rng.choice(SPANS))


def supplement(rng: random.Random) -> str:
    return rng.choice(SUPPLEMENTS).format(when=rng.choice(WHENS), hour=rng.choice("一二三四"),
                                          span=rng.choice(SPANS))


def status(rng: random.Random) -> str:
    return rng.choice(STATUS).format(span=rng.choice(SPANS))


@dataclass(frozen=True, slots=True)
class Said:
    sender: str
    text: str


def sender(kind: str, n: int) -> str:
    return f"tel:+8613{'79' if kind == 'new' else '78'}{n:07d}"


def warmup(known: int, seed: int = 17) -> list[Said]:
    """The known petitioners' first petitions, decided before the mix."""
    rng = random.Random(seed)
    return [Said(sender("known", n), petition(rng)) for n in range(known)]


def scripts(new: int, known: int, seed: int = 17) -> list[list[Said]]:
    """Per sender, their messages in their own order. ``known`` senders filed in the warm-up."""
    rng = random.Random(seed + 1)
    out: list[list[Said]] = []
    for n in range(new):
        who = sender("new", n)
        script = [Said(who, petition(rng))]
        if rng.random() < 0.25:
            script.append(Said(who, supplement(rng)))
        if rng.random() < 0.15:
            script.append(Said(who, status(rng)))
        out.append(script)
    for n in range(known):
        who = sender("known", n)
        roll = rng.random()
        if roll < 0.4:
            out.append([Said(who, status(rng))])
        elif roll < 0.75:
            out.append([Said(who, supplement(rng))])
        else:
            out.append([Said(who, rng.choice(GRADES)), Said(who, status(rng))])
    return out


def interleave(per_sender: Sequence[Sequence[Said]], rng: random.Random) -> list[Said]:
    """One arrival order: at each step a random sender with messages left says the next one."""
    queues = [list(script) for script in per_sender if script]
    order: list[Said] = []
    while queues:
        index = rng.randrange(len(queues))
        order.append(queues[index].pop(0))
        if not queues[index]:
            queues.pop(index)
    return order
