"""The bot's command, keyboard and status-query parsing on hostile input.

``parse_command`` is fuzzed alone (its contract is exact); then whole messages go through the
real intake, processor and conversation (``BotHarness`` on a tmp SQLite store): chat commands,
keyboard callback data and status queries with real, wrong and malformed case numbers and
codes. Pass: the processor never fails on one (it would log an error and mark it for a human),
every message is processed, and every reply is non-empty text.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from channels.chat import parse_command
from nlp import Analyzer
from nlp.commands import KNOWN_COMMANDS
from storage import Message
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

from .strategies import FUZZ, petition_text

_senders = itertools.count(1)

command_texts = st.one_of(
    petition_text.map(lambda text: "/" + text),
    st.tuples(st.sampled_from(sorted(KNOWN_COMMANDS) + ["STATUS", "Lang", "x" * 40, "", "状态"]),
              st.sampled_from(["", "@xinfang_bot", "@other_bot", "@", "@" + "b" * 70]),
              st.sampled_from(["", " ", " en", " zh", " 英文", "\n多行\n参数", " XF2026-000001"]),
              st.sampled_from(["/", "／", " /", "//"]))
    .map(lambda parts: parts[3] + parts[0] + parts[1] + parts[2]),
)

case_numbers = st.sampled_from(["XF2026-000001", "XF2026-000002", "XF2026-999999", "xf2026-000001",
                                "ＸＦ２０２６－０００００１", "XF2026-00000", "XF99999-000001"])
callback_data = st.one_of(
    st.text(max_size=80),
    st.tuples(st.sampled_from(["rate:", "cat:ok:", "cat:no:", "case:", "rate:", ""]), case_numbers,
              st.sampled_from(["", ":1", ":5", ":0", ":6", ":-1", ":", ":1:1"]))
    .map("".join),
)
status_queries = st.tuples(
    st.sampled_from(["查询", "查询进度 ", "status ", "", "我的案件", "进度？"]),
    case_numbers,
    st.sampled_from(["", " ", " 查询码", " code "]),
    st.one_of(st.just(""), st.text(alphabet="ABCDEFGHJKMNPQRSTUVWXYZ23456789abc0O1I-",
                                   min_size=1, max_size=12)),
).map("".join)


@settings(FUZZ, max_examples=200)
@given(st.one_of(command_texts, petition_text), st.sampled_from(["", "xinfang_bot", "@XinFang_Bot"]))
def test_parse_command_contract(text: str, bot: str) -> None:
    parsed = parse_command(text, bot)
    if parsed is None:
        return
    name, args = parsed
    assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
    assert args == args.strip()
    assert text.lstrip()[0] in "/／"


@pytest.fixture
async def harness(sqlite_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = open_core(sqlite_url, tmp_path, FIXED_NOW, analyzer)
    bot = BotHarness(core)
    try:
        # Two real cases, so some guessed numbers exist (and belong to someone else).
        for text in ("小区楼下的烧烤店每天晚上噪音扰民到凌晨两点，多次反映无人处理",
                     "公司拖欠我三个月工资共计两万元，老板一直不给，请求帮助追讨"):
            await bot.push(text, sender="telegram:1")
        yield bot
    finally:
        core.close()


_FUZZ_BOT = settings(FUZZ, max_examples=25, suppress_health_check=[
    *FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture])


async def _push_and_check(bot: BotHarness, caplog: pytest.LogCaptureFixture, text: str,
                          **fields: object) -> None:
    sender = f"telegram:{1000 + next(_senders)}"  # one sender each: flood control stays out
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        message = await bot.push(text, sender=sender, **fields)
        replies = bot.pop(sender)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("bot")]
    assert failures == [], [r.getMessage() for r in failures]
    rows = await bot.core.store.read(lambda s: list(s.exec(
        select(Message).where(Message.external_id == message.external_id))))
    assert [row.processed_at is not None for row in rows] == [True]
    assert all(isinstance(reply, str) and reply.strip() for reply in replies)


@_FUZZ_BOT
@given(text=command_texts)
async def test_chat_commands_never_fail_the_processor(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    await _push_and_check(harness, caplog, text)


@_FUZZ_BOT
@given(data=callback_data)
async def test_keyboard_callback_data_never_fails_the_processor(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    await _push_and_check(harness, caplog, "", meta={"callback_data": data})


@_FUZZ_BOT
@given(text=status_queries)
async def test_status_queries_never_fail_the_processor(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    await _push_and_check(harness, caplog, text)
