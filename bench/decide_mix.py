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
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

PLACES = ("幸福里小区", "朝阳路菜市场", "滨河公园", "第三中学门口", "新华街", "光明社区",
          "东湖花园", "建设路", "人民医院旁", "北站广场")
MATTERS = (
    "{place}旁边的工地每天夜里施工到凌晨，噪音很大，严重影响休息，请求有关部门依法查处。",
    "{place}的路灯坏了一个多月没人修，晚上出行很不安全，希望尽快修复。",
    "{place}附近的餐馆油烟直排，楼上住户窗户都不敢开，请环保部门处理。",
    "{place}有人占道经营，早高峰车辆和行人都过不去，请城管来管一管。",
    "我在{place}的公司已经拖欠工资三个月了，老板一直不给，请劳动监察部门帮忙。",
    "{place}的垃圾站好几天没有清运，臭味很大，夏天蚊蝇很多，请尽快清理。",
)
SUPPLEMENTS = ("补充一下，昨天夜里又施工到两点，我录了视频。", "追加材料：附近邻居也都反映了同样的问题。",
               "再补充一点，这个问题已经持续很久了，希望尽快处理。")
STATUS = ("我的事情办得怎么样了？", "请问我反映的问题有进展吗", "查询进度", "案件现在到哪一步了？")
GRADES = ("5", "4", "满意", "1", "不满意")


@dataclass(frozen=True, slots=True)
class Said:
    sender: str
    text: str


def sender(kind: str, n: int) -> str:
    return f"tel:+8613{'79' if kind == 'new' else '78'}{n:07d}"


def warmup(known: int, seed: int = 17) -> list[Said]:
    """The known petitioners' first petitions, decided before the mix."""
    rng = random.Random(seed)
    return [Said(sender("known", n), rng.choice(MATTERS).format(place=rng.choice(PLACES)))
            for n in range(known)]


def scripts(new: int, known: int, seed: int = 17) -> list[list[Said]]:
    """Per sender, their messages in their own order. ``known`` senders filed in the warm-up."""
    rng = random.Random(seed + 1)
    out: list[list[Said]] = []
    for n in range(new):
        who = sender("new", n)
        script = [Said(who, rng.choice(MATTERS).format(place=rng.choice(PLACES)))]
        if rng.random() < 0.25:
            script.append(Said(who, rng.choice(SUPPLEMENTS)))
        if rng.random() < 0.15:
            script.append(Said(who, rng.choice(STATUS)))
        out.append(script)
    for n in range(known):
        who = sender("known", n)
        roll = rng.random()
        if roll < 0.4:
            out.append([Said(who, rng.choice(STATUS))])
        elif roll < 0.75:
            out.append([Said(who, rng.choice(SUPPLEMENTS))])
        else:
            out.append([Said(who, rng.choice(GRADES)), Said(who, rng.choice(STATUS))])
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
