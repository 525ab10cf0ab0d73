"""One clock (issue 16 item 6): arrivals on the channels ``serve`` builds are stamped with
``XINFANG_CLOCK``'s time, like deadlines and notices; and a deadline counted before the
holidays file was loaded is counted again when it is, the change recorded on the case."""

from __future__ import annotations

import asyncio
import smtplib
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlmodel import col, select
from starlette.applications import Starlette
from twilio.request_validator import RequestValidator

import run
from bot.deadline_refresh import DeadlineRefresh
from bot.settings import Settings
from nlp import Analyzer
from storage import Case, CaseEvent, Message
from tests.bot.harness import OVERRIDE_2027, BotHarness, act, file_case, open_core

DEMO = datetime(2026, 6, 1, 1, 30, tzinfo=UTC)  # a fixed demo time, far from the wall clock
TOKEN = "f3c1b2a4d5e6f708192a3b4c5d6e7f80"
PUBLIC = "https://xf.example.gov.cn"
LETTER = (b"From: citizen@example.com\r\nTo: xinfang@xinfang.example.cn\r\nSubject: lamp\r\n"
          b"Message-ID: <one-clock@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
          ) + "路灯坏了，请修理。\r\n".encode()


def send(port: int) -> None:
    with smtplib.SMTP("127.0.0.1", port, local_hostname="client.test", timeout=10) as client:
        client.sendmail("citizen@example.com", ["xinfang@xinfang.example.cn"], LETTER)


async def test_mail_and_sms_arrivals_under_serve_read_the_configured_clock(
        tmp_path: Path, analyzer: Analyzer) -> None:
    settings = Settings(data_dir=tmp_path, clock=DEMO.isoformat(), smtp_port=0,
                        mail_domains=("xinfang.example.cn",), twilio_account_sid="AC" + "1" * 32,
                        twilio_auth_token=TOKEN, public_url=PUBLIC, secret_key="k",
                        telegram_token="")
    core = run.open_core(settings)
    channels = {channel.name: channel for channel in run.build_channels(settings, core)}
    try:
        await channels["mail"].start()
        await asyncio.to_thread(send, channels["mail"].port)
        form = {"MessageSid": "SM" + "2" * 32, "AccountSid": "AC" + "1" * 32,
                "From": "+8613900001234", "To": "+8610123456", "Body": "路灯坏了，请修理。"}
        signature = RequestValidator(TOKEN).compute_signature(PUBLIC + "/sms/twilio", form)
        app = Starlette(routes=list(channels["sms"].routes()))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url=PUBLIC) as client:
            answer = await client.post("/sms/twilio", content=urlencode(form).encode(), headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Twilio-Signature": signature})
        assert answer.status_code == 200
        stamped = core.store.read_sync(lambda s: sorted(
            (m.channel, m.received_at.replace(tzinfo=UTC)) for m in s.exec(select(Message))))
        assert stamped == [("mail", DEMO), ("sms", DEMO)]
    finally:
        for channel in channels.values():
            await channel.stop()
        core.close()


async def test_a_deadline_counted_without_holiday_data_is_counted_again_when_it_arrives(
        tmp_path: Path, analyzer: Analyzer) -> None:
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    accepted_on = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    core = open_core(url, tmp_path / "data", accepted_on, analyzer)
    bot = BotHarness(core)
    number = await file_case(bot, "telegram:77")
    act(bot, number, "accept")
    # 60 days from 12-10 is Monday 2027-02-08: a working day on weekends alone.
    handling = core.store.read_sync(
        lambda s: s.exec(select(Case.handling_due).where(Case.number == number)).one())
    assert handling == date(2027, 2, 8)
    core.close()

    core = open_core(url, tmp_path / "data", accepted_on, analyzer, holidays_file=OVERRIDE_2027)
    try:
        refresh = DeadlineRefresh(core.store, core.clock, core.deadlines)
        assert await refresh.run_once() == 1
        assert await refresh.run_once() == 0  # nothing moves twice

        def read(session: object) -> tuple[date | None, list[dict[str, object]]]:
            case = session.exec(select(Case).where(Case.number == number)).one()  # type: ignore[attr-defined]
            events = session.exec(select(CaseEvent).where(  # type: ignore[attr-defined]
                CaseEvent.case_id == case.id, CaseEvent.action == "deadline_recomputed")
                .order_by(col(CaseEvent.id)))
            return case.handling_due, [e.details for e in events]

        due, recorded = core.store.read_sync(read)
        # The 2027 file makes 02-05..02-15 a holiday: the period ends on 02-16.
        assert due == date(2027, 2, 16)
        assert recorded == [{"rule": "handling", "before": "2027-02-08", "due": "2027-02-16",
                             "reason": "calendar data changed"}]
    finally:
        core.close()
