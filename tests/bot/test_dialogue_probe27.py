"""Misreadings a citizen probe met (session 26, helper probe27), by class, in other words than
the probe's:

- money lent privately and not paid back ("借给同学八千 打了欠条 到现在不还"), with no court
  word written, was registered with no route told: it is a civil dispute for the people's
  court (nlp.routes.private_loan): told the court's route, as a property crime is told the
  police's (bot.dialogue.matter), the case neither marked with the route nor moved by it. Wages, a project's or a supplier's money, a bank's, a
  platform's or a collector's loan are other matters and stay as they were.
"""

from __future__ import annotations

import pytest

from nlp import Analyzer
from nlp.normalize import normalize
from nlp.routes import DISCIPLINE, private_loan
from tests.bot.harness import BotHarness, all_cases

COURT = "人民法院受理的范围"


@pytest.mark.parametrize(("text", "loan"), [
    ("借给同学八千 打了欠条 到现在不还", True),
    ("邻居欠我两万块 一拖再拖 现在电话也不接", True),
    ("我表姐借了我三万说半年还 现在微信把我拉黑了", True),
    ("借条都在 他就是赖账", True),
    ("老板欠我三个月工资不给", False),            # wages: labour
    ("包工头欠我们工程款 一直没给", False),        # a project's money
    ("网贷平台借了我的身份信息 催收天天打电话", False),
    ("我借了银行的钱还不上了", False),
    ("朋友借了我的车 一直没还", False),            # no money lent
])
def test_private_loan(text: str, loan: bool) -> None:
    assert private_loan(normalize(text)) is loan


def test_a_private_loan_is_no_accusation(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("借给同学八千 打了欠条 到现在不还")
    assert not analysis.accusation and analysis.legal_route != DISCIPLINE


@pytest.mark.parametrize("text", [
    "邻居欠我两万块 一拖再拖 现在电话也不接",
    "我表姐借了我三万说半年还 现在微信把我拉黑了",
])
async def test_a_private_loan_is_told_the_court(bot: BotHarness, text: str) -> None:
    replies = await bot.say(text, sender="telegram:2700101")
    said = " ".join(replies)
    cases = all_cases(bot)
    assert len(cases) == 1 and COURT in said and "纪检监察" not in said, replies
    assert cases[0].statutory_type != "检举控告", cases[0].statutory_type


async def test_a_sure_emergency_beside_a_debt_is_not_told_the_court(bot: BotHarness) -> None:
    replies = await bot.say("欠我的钱一直不还 我活不下去了 药都准备好了",
                            sender="telegram:2700103")
    said = " ".join(replies)
    assert "400-161-9995" in said and COURT not in said, replies


async def test_wages_owed_are_not_told_the_court_as_a_loan(bot: BotHarness) -> None:
    replies = await bot.say("老板欠我三个月工资不给 人也找不到", sender="telegram:2700102")
    assert COURT not in " ".join(replies), replies
