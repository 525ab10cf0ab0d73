"""Emergencies heard in words nobody wrote down (session 20, helper emerg24; issue 15 item 5),
by class, in other words than the fifty-second author's training rows:

- a plain threat to one's life, however said (acts, despair, typos, pinyin, traditional
  characters, dialect), is an alarm with the crisis line; its calm uses (a price, exasperation,
  a denial, a hypothetical, the past) are no alarm;
- fire set to oneself gets the crisis line and 119 together, whichever kind the head heard;
- a denial ("我不会自杀的") is quiet, not the crisis alarm; a hard life said ("这日子没法过了")
  is at least the quiet safety line; a death told alone ("现在人走了") gets no kind's text;
- every other kind in everyday words is an alarm; its calm look-alikes are not.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.dialogue.alarm import alarmed, quiet
from bot.dialogue.emergency import advice
from nlp import Analyzer
from nlp.normalize import normalize
from nlp.stated_harm import all_taken_back, hard_life, only_a_death, self_immolation
from tests.bot.harness import BotHarness, all_cases

# -- a threat to one's life and its calm uses -----------------------------------------------

THREATS = [
    "我准备跳楼了 没人管我",
    "今晚我去跳江",
    "农药就在桌上 我这就喝",
    "我想上吊 绳子挂好了",
    "在屋里烧炭呢 别找我了",
    "刀片在手上 我要割手腕",
    "wo xiang tiao he",
    "我要跳樓了 你們誰也別管",
    "俺今儿就喝药",
    "真的不想活啦",
    "活着真没意思 想死",
    "我要死给他们看",
    "一了百了算了 我走了",
    "我要到区政府门口自焚",
]
CALM = [
    "放心吧 我不会去自杀 就问问养老金的事",
    "我又不会跳楼 就想知道补偿怎么算",
    "商场打出跳楼价 结果标价是假的",
    "前年我们村有人喝药了 事情一直没解决",
    "哈哈 我要被这个客服气死了",
    "我奶奶在养老院去世了 院方不给说法",
    "这个月燃气费怎么这么多",
    "我跟他打官司打了三年",
]


@pytest.mark.parametrize("text", THREATS)
def test_a_threat_to_life_is_an_alarm(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.emergency_kind == "self_harm" and alarmed(analysis), analysis


@pytest.mark.parametrize("text", CALM)
def test_calm_words_of_harm_raise_no_alarm(analyzer: Analyzer, text: str) -> None:
    assert not alarmed(analyzer.analyze(text))


# -- other kinds in everyday words -------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("他拎着刀在楼道里转", "violence"),
    ("隔壁阳台烧着了 火很大", "fire"),
    ("厨房一股子煤气味儿", "gas"),
    ("三轮车翻沟里了 人压在下面", "accident"),
    ("老爷子突然倒了 叫也叫不应", "medical"),
    ("门口来了好几百号人 把路都堵死了", "mass_incident"),
])
def test_every_kind_in_everyday_words(analyzer: Analyzer, text: str, kind: str) -> None:
    analysis = analyzer.analyze(text)
    assert analysis.emergency_kind == kind and alarmed(analysis), analysis


# -- fire set to oneself ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "told"), [
    ("我准备往身上泼汽油 然后点火", True),
    ("我要到区政府门口自焚", True),
    ("我要在他们门口把自己点了", True),
    ("他在自己身上倒了一身汽油", True),
    ("不是要自焚 是要去反映情况", False),
    ("如果有人自焚你们管吗", False),
    ("邻居往我家门上泼汽油", False),
    ("加油站把汽油洒了一地", False),
])
def test_fire_set_to_oneself_is_read(text: str, told: bool) -> None:
    assert self_immolation(normalize(text)) is told


@pytest.mark.parametrize("kind", ["fire", "self_harm"])
def test_fire_set_to_oneself_gets_the_crisis_line_and_119(kind: str) -> None:
    said = advice("zh", kind, 0.9, text=normalize("我准备往身上泼汽油 然后点火"))
    assert "12356" in said and "119" in said, said


@pytest.mark.parametrize("said", ["我要在他们门口把自己点了", "我准备往身上泼汽油 然后点火"])
async def test_fire_set_to_oneself_through_the_bot(bot: BotHarness, said: str) -> None:
    # (The head hears the second as violence, 泼汽油: the crisis line comes all the same.)
    replies = await bot.say(said, sender="tel:+8613800020001")
    assert "12356" in replies[0] and "119" in replies[0], replies
    assert all_cases(bot)[0].needs_human


# -- a denial, a hard life, a death told ------------------------------------------------------

@pytest.mark.parametrize(("text", "taken_back"), [
    ("我不会自杀的 你们放心", True),
    ("我又不会跳楼", True),
    ("商场打出跳楼价", True),
    ("气得我想跳楼", True),
    ("我不会自杀的 但真的不想活了", False),
    ("我不会跳河，我去喝药", False),
    ("以前想过跳楼 现在又想了", False),  # the past takes nothing back here
])
def test_every_word_of_harm_taken_back(text: str, taken_back: bool) -> None:
    from nlp.dialogue_lexicon import CONCEPTS

    assert all_taken_back(normalize(text), CONCEPTS["self_harm"]) is taken_back


@pytest.mark.parametrize(("confidence", "is_quiet"), [(0.42, True), (0.6, False)])
def test_a_denial_is_quiet_under_sure(analyzer: Analyzer, confidence: float,
                                      is_quiet: bool) -> None:
    heard = replace(analyzer.analyze("放心吧 我不会去自杀 就问问养老金的事"), emergency=True,
                    emergency_kind="self_harm", emergency_confidence=confidence,
                    emergency_terms=("自杀",))
    assert quiet(heard) is is_quiet


async def test_a_denial_gets_no_crisis_alarm(bot: BotHarness) -> None:
    replies = await bot.say("你们别担心 我不会自杀的 就是想问问廉租房怎么申请",
                            sender="tel:+8613800020002")
    assert not any("珍惜生命" in reply or "如遇紧急危险" in reply for reply in replies), replies


@pytest.mark.parametrize(("text", "said"), [
    ("唉 这日子真没法过了", True),
    ("生活实在过不下去了", True),
    ("日子不是没法过了", False),
    ("过日子要节约", False),
])
def test_a_hard_life_is_read(text: str, said: bool) -> None:
    assert bool(hard_life(normalize(text))) is said


@pytest.mark.parametrize("text", ["唉 这日子真没法过了", "生活实在过不下去了"])
async def test_a_hard_life_gets_at_least_the_crisis_line(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="tel:+8613800020003")
    assert any("12356" in reply for reply in replies), replies


_WORDS = ("跳楼", "不想活", "刀", "着火", "煤气", "绑走")


@pytest.mark.parametrize(("text", "alone"), [
    ("我奶奶在养老院去世了 院方不给说法", True),
    ("现在人已经走了", True),
    ("医院耽误了我爸 前天人没了 我要讨个说法", True),
    ("老伴走了 我也不想活了", False),
    ("他拿刀砍了我 人走了", False),
    ("急！我家孩子被人绑走了", False),
    ("孩子高烧四十度", False),
])
def test_a_death_told_alone(text: str, alone: bool) -> None:
    assert only_a_death(normalize(text), _WORDS) is alone


@pytest.mark.parametrize("kind", ["self_harm", "violence"])
def test_a_death_told_alone_gets_no_kind_of_its_own(kind: str) -> None:
    said = advice("zh", kind, 0.9, text=normalize("医院耽误了我爸 前天人没了 我要讨个说法"))
    assert said == texts.say("zh", "emergency"), said
    # Beside a word of danger the kind's text is kept.
    assert advice("zh", "self_harm", 0.9, text=normalize("老伴走了 我也不想活了")) == texts.say(
        "zh", "emergency_self_harm")


async def test_a_death_told_mid_dialogue_gets_no_wrong_text(bot: BotHarness) -> None:
    sender = "tel:+8613800020004"
    await bot.say("我想反映一个问题", sender=sender)
    await bot.say("我爸在县医院做手术 医生一直不来", sender=sender)
    replies = await bot.say("现在人已经走了", sender=sender)
    assert not any("珍惜生命" in reply or "如正在发生暴力" in reply for reply in replies), replies


async def test_a_threat_mid_dialogue_is_an_alarm(bot: BotHarness) -> None:
    sender = "tel:+8613800020005"
    await bot.say("我想反映一个问题", sender=sender)
    replies = await bot.say("俺今儿就喝药", sender=sender)
    assert "12356" in replies[0], replies
    assert any(case.needs_human for case in all_cases(bot))
