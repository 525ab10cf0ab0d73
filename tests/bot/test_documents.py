"""Documents that satisfy the law (issue 16 item 4): an opinion has its facts and basis or is
refused; SMS and Telegram petitioners get the full 意见书 through the case page's link; 复查 and
复核 opinions name the body that reviewed."""

from __future__ import annotations

import pytest

from bot.outbox import OutboxWorker
from tests.bot.harness import BotHarness, act, case_row, file_case, refused, sent

PUBLIC = "https://xf.example.gov.cn"
FACTS = "经现场核查，工地夜间施工属实。"
BASIS = "《环境噪声污染防治法》第三十条"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only, as these documents have always been checked."""
    return sqlite_url


@pytest.fixture
def bot(bot: BotHarness) -> BotHarness:
    """The shared test channel, its outbox linking to the case pages under ``PUBLIC``."""
    core = bot.core
    bot.worker = OutboxWorker(core.store, bot.channels, core.clock, hasher=core.hasher,
                              public_url=PUBLIC)
    return bot


@pytest.mark.parametrize(("fields", "missing"), [
    ({"decision": "支持", "basis": BASIS}, "facts missing"),
    ({"decision": "支持", "facts": FACTS}, "basis missing"),
    ({"decision": "支持"}, "facts and basis missing"),
    ({"facts": FACTS, "basis": BASIS}, "decision must be"),
])
async def test_an_opinion_without_facts_basis_or_decision_is_refused_and_writes_nothing(
        bot: BotHarness, fields: dict[str, str], missing: str) -> None:
    number = await file_case(bot, "tel:+8613800000002")
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    assert missing in refused(bot, number, "answer", text="已处理。", **fields)
    case = case_row(bot, number)
    assert (case.status, case.answer, case.legal_basis) == ("assigned", "", "")


@pytest.mark.parametrize("sender", ["tel:+8613800000003", "telegram:9001"])
async def test_sms_and_telegram_opinions_link_to_the_full_letter(bot: BotHarness,
                                                                 sender: str) -> None:
    number = await file_case(bot, sender)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    await sent(bot, sender)
    act(bot, number, "answer", text="已责令停工。", decision="支持", facts=FACTS, basis=BASIS)
    opinion = [m.text for m in await sent(bot, sender) if "已答复" in m.text
               or "信访处理意见书" in m.text]
    assert len(opinion) == 1
    assert f"{PUBLIC}/c/{number}" in opinion[0] and "凭查询码" in opinion[0]
    if sender.startswith("tel:"):
        assert opinion[0].startswith(f"您的事项{number}已答复：支持。")  # the short summary


async def test_a_mail_opinion_is_the_letter_itself_without_a_link(bot: BotHarness) -> None:
    number = await file_case(bot, "mailto:zhao@example.cn", sender_name="赵六")
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    act(bot, number, "answer", text="已责令停工。", decision="支持", facts=FACTS, basis=BASIS)
    letters = [m.text for m in await sent(bot, "mailto:zhao@example.cn")
               if "信访处理意见书" in m.text]
    assert len(letters) == 1 and FACTS in letters[0] and f"{PUBLIC}/c/" not in letters[0]


async def test_review_and_rereview_opinions_name_the_reviewing_body(bot: BotHarness) -> None:
    user = "telegram:9002"
    number = await file_case(bot, user)
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    act(bot, number, "answer", text="已责令停工。", decision="支持", facts=FACTS, basis=BASIS)
    await sent(bot, user)
    act(bot, number, "review")
    assert "basis missing" in refused(bot, number, "review_answer", text="维持。",
                                      decision="支持", facts=FACTS)
    act(bot, number, "review_answer", text="维持。", decision="支持", facts=FACTS,
        basis="《信访工作条例》第三十五条")
    review = [m.text for m in await sent(bot, user) if "复查意见书" in m.text]
    assert "复查机关：区人民政府" in review[0]  # the units file: the unit's superior
    act(bot, number, "rereview")
    act(bot, number, "rereview_answer", text="维持。", decision="支持", facts=FACTS,
        basis="《信访工作条例》第三十六条", reviewer="市人民政府信访复查复核委员会")
    rereview = [m.text for m in await sent(bot, user) if "复核意见书" in m.text]
    assert "复核机关：市人民政府信访复查复核委员会" in rereview[0]


async def test_the_console_says_why_an_opinion_was_refused_in_chinese(bot: BotHarness) -> None:
    from bot.console.wording import refusal

    number = await file_case(bot, "tel:+8613800000004")
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局")
    said = refusal(refused(bot, number, "answer", text="已处理。", decision="支持"))
    assert said.startswith("意见书须写明处理意见、事实和理由及法律依据")
