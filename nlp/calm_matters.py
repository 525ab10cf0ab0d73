"""Everyday matters the recall-first emergency head hears faintly, in words that tell no danger.

- An unreachable debtor: "朋友借了我五万 写了借条 现在不还了 电话也不接" (self-harm 0.10 on 写,
  接), "合伙人卷钱跑了 联系不上", "房租押金房东不退 电话关机". Someone who cannot be reached
  because they owe the writer money is not a person at risk: the one who holds the money is the
  one gone. Money the writer lost ("被骗了 钱转过去"), wages, or a family member's own debts are
  not in the grammar: there the one out of reach may be the one at risk ("我妈被骗后…电话关机").
- A routine nuisance: noise, sewage, rubbish, smells and fumes ("好嘈啊 隔篱地盘半夜都唔停",
  "下水道堵了 脏水都冒出来了", "跳广场舞的音响太大" — self-harm 0.03 on 跳).

- A thing broken and left unrepaired: "桥上栏杆断了一截 还没人修" (self-harm 0.03 on 桥),
  "电梯坏了半个月没人管". A complaint of upkeep, told with the wait; a hazard a person still sees,
  but no one's despair.

- The matter given up: "我不想弄了 太麻烦了" (self-harm 0.05 on 不想, 麻烦), "不想告了 随他去吧",
  "这事到此为止吧". The writer drops the complaint, not their life: what is given up is an act on
  the matter (弄, 搞, 管, 折腾, 告, 投诉, 追究 …), never living ("不想活了") nor everything
  ("什么都不想弄了").
- The boss or the gang master gone: "老板跑了 电话关机了" (self-harm 0.08 on 电话关机),
  "包工头不见了 电话也关机". The one out of reach is the one who owes the wages: a wage matter,
  like the debtor above, not a person at risk.

All of them are read only under the dialogue's quiet level (``bot.dialogue.alarm.QUIET``) and only with
no word of any danger beside them (``bot.dialogue.alarm``, ``bot.dialogue.emergency``): closed
grammars, pure functions of the normalized text.
"""

from __future__ import annotations

import re

_CLAUSE = r"[^，。！？,!?]"
#: Money the writer is owed, or that was taken off with: lent (借条, 借了…五万), owed to the
#: writer (欠我), run off with (卷钱), a deposit held, goods not paid for, maintenance owed.
_OWED = (r"(?:借条|欠条|借(?:了|给)" + _CLAUSE + r"{0,8}(?:钱|块|元|万)|借(?:我|俺)的钱|欠(?:了)?(?:我|俺)|"
         r"卷(?:了|走)?" + _CLAUSE + r"{0,6}(?:钱|款)|押金|货款|抚养费|(?:没|不)(?:给|还|退|付)钱)")
#: ...and its holder out of reach.
_GONE = (r"(?:不接|关机|打不通|联系不上|联系不到|失联|拉黑|找不到|跑了|跑路|人间蒸发|玩消失|"
         r"不回(?:消息|信息|微信|电话)|躲着|不见了|不露面)")
_DEBTOR_GONE = re.compile(_OWED + r"[^。！？!?]{0,24}?" + _GONE + "|" + _GONE + r"[^。！？!?]{0,24}?" + _OWED)

#: A nuisance to the neighbourhood: noise, sewage, rubbish, smells, fumes. (Not 工地: a building
#: site is where falls and collapses happen.)
_NUISANCE = re.compile(r"嘈|吵|噪音|噪声|扰民|装修|施工|广场舞|音响|音箱|喇叭|下水道|污水|脏水|粪|化粪池|"
                       r"垃圾|臭|油烟")


#: Broken, then (in the same clause, within 12 characters) left so: no one mends it, it has been
#: so for long ("断了一截 还没人修", "坏了好几天了", "松了一个月没人管").
_DISREPAIR = re.compile(r"(?:坏|断|塌|裂|松|掉|倒|锈|破|烂|漏)" + _CLAUSE + r"{0,12}?"
                        r"(?:没人修|不修|没修|没有修|没来修|还没修|修不好|没人管|不管|没人来|也不来|"
                        r"一直没|好久了|好几天|几个月|半个月|一个月|很久)")


#: Giving up an act on the matter, said of oneself ("不想弄了", "不搞了", "懒得折腾了", "不想再跑
#: 了", "不告了", "随他去吧"). Not "什么都不想弄了", "啥都不想管了": everything given up is
#: despair. Not "就这样吧", "到此为止", "认了", "不等了": in the corpus they close farewells
#: ("这辈子就这样吧", "我也不等了，绳子准备好了"), with no matter named.
_GIVE_UP = re.compile(r"(?<![么啥都])(?:不想|不愿意?|懒得|不)(?:再)?(?:去)?(?:弄|搞|管|折腾|跑|告|投诉|反映|举报|"
                      r"追究|计较|申诉|上访|争|闹)(?:这(?:件|个)?事情?|那(?:件|个)?事情?|下去)?(?:了|啦|咯)|随(?:他|她|它|他们|便)去吧")

#: Who pays the writer's wages, or runs the job: the one a wage claim is against.
_EMPLOYER = r"(?:老板|老闆|包工头|包工頭|工头|工頭|承包人|承包商|项目经理|厂长|廠長|老板娘|boss)"
#: ...gone, in the same sentence, with no other person between ("老板跑了 电话关机了").
#: ("项目经理把我们微信拉黑了": the writer is there only as the one blocked). Not the boss as
#: the one sought ("我老公去找老板 到现在联系不上": the one gone may be the husband).
_EMPLOYER_GONE = re.compile(r"(?<![找问])" + _EMPLOYER + r"(?:把(?:我们|俺们|我|俺)|[^。！？!?我他她人]){0,12}?(?:" + _GONE + r"|不见)",
                            re.IGNORECASE)


def gives_up_the_matter(text: str) -> bool:
    """Whether normalized ``text`` gives up the matter ("算了 不搞了", "不想折腾了 撤了吧")."""
    return _GIVE_UP.search(text) is not None


def employer_gone(text: str) -> bool:
    """Whether normalized ``text`` tells of the boss or gang master out of reach ("包工头卷钱跑
    路了 人联系不上")."""
    return _EMPLOYER_GONE.search(text) is not None


def unreachable_debtor(text: str) -> bool:
    """Whether normalized ``text`` tells of money owed to the writer (or run off with) whose
    holder cannot be reached ("表弟欠我两万 人找不到了 微信也拉黑了")."""
    return _DEBTOR_GONE.search(text) is not None


def routine_nuisance(text: str) -> bool:
    """Whether normalized ``text`` names a routine nuisance (noise, sewage, rubbish, smells)."""
    return _NUISANCE.search(text) is not None


def awaiting_repair(text: str) -> bool:
    """Whether normalized ``text`` tells of a thing broken and left unrepaired."""
    return _DISREPAIR.search(text) is not None
