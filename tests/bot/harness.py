"""An Errbot-style test channel: push a citizen's message in, pop the bot's replies out.

Messages take the real path: ``DurableIntake.store`` (group commit), the background
``Processor``, the persisted outbox, and the ``OutboxWorker`` sending through a typed fake
channel that records what it was given.

Below the harness, the steps the bot tests share: a citizen filing a complaint, staff acting
on a case, and readers of what the store then holds. (The ``bot`` fixture: conftest.py.)
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select
from starlette.routing import BaseRoute

from bot import staff
from bot.clock import CHINA
from bot.core import Core
from bot.escalation_delivery import EscalationDelivery
from bot.escalation_rules import DEFAULT_FILE
from bot.firewall import UnitTree
from bot.outbox import OutboxWorker
from bot.supervision import Supervisor
from bot.workflow import TransitionRefused
from channels.base import Delivery, InboundMessage, OutboundMessage, SendError
from nlp import Analysis, Analyzer
from storage import Case, CaseEvent, Identity, Message, Petitioner, Rating
from tests.bot.recorders import WebhookLog
from tests.channels.mail.fakes import SinkHandler

_ids = itertools.count(1)
SCHEME_CHANNELS = {"tel": "sms", "mailto": "mail", "telegram": "telegram", "console": "console"}
#: A case number this year (the fixed clock's).
NUMBER = re.compile(r"XF2026-\d{6}")
#: Night-time building noise: a complaint the bot registers at once.
COMPLAINT = "我要投诉：小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，已经持续一个月了，希望有关部门制止。"
#: A case number of any year (the workflow tests move the clock into 2027).
ANY_YEAR_NUMBER = re.compile(r"XF\d{4}-\d{6}")
DAY = timedelta(days=1)
#: A holidays file for 2027 (the payload the workflow tests install).
OVERRIDE_2027 = Path(__file__).resolve().parents[1] / "payloads" / "holidays" / "2027.toml"


@dataclass
class RecordingChannel:
    """A channel that records every message it is asked to send; can be told to fail."""

    name: str
    sent: list[OutboundMessage] = field(default_factory=list)
    failures: list[SendError] = field(default_factory=list)
    attempts: int = 0

    def routes(self) -> Sequence[BaseRoute]:
        return ()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, message: OutboundMessage) -> Delivery:
        self.attempts += 1
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return Delivery(provider_id=f"{self.name}-{len(self.sent)}", status="sent")

    def describe(self) -> str:
        return f"recording {self.name}"


class BotHarness:
    def __init__(self, core: Core) -> None:
        self.core = core
        self.channels = {name: RecordingChannel(name)
                         for name in ("console", "sms", "mail", "telegram")}
        self.worker = OutboxWorker(core.store, self.channels, core.clock, hasher=core.hasher)

    async def push(self, text: str, *, sender: str = "console:张三", channel: str = "",
                   external_id: str = "", **fields: object) -> InboundMessage:
        channel = channel or SCHEME_CHANNELS[sender.split(":", 1)[0]]
        message = InboundMessage(
            channel=channel, sender=sender, text=text,
            external_id=external_id or f"ext-{next(_ids)}",
            received_at=self.core.clock.now(), raw=text.encode(), **fields,  # type: ignore[arg-type]
        )
        await self.core.intake.store(message)
        await self.core.processor.drain()
        await self.worker.send_due()
        return message

    async def say(self, text: str, *, sender: str = "console:张三", **fields: object) -> list[str]:
        """Send ``text`` as ``sender`` and return the texts the bot sent back to them."""
        await self.push(text, sender=sender, **fields)
        return self.pop(sender)

    def pop(self, recipient: str) -> list[str]:
        replies: list[str] = []
        for channel in self.channels.values():
            replies += [m.text for m in channel.sent if m.recipient == recipient]
            channel.sent = [m for m in channel.sent if m.recipient != recipient]
        return replies


def open_core(database_url: str, data_dir: Path, now: datetime,
              analyzer: Analyzer | None = None, **options: Any) -> Core:
    """A core at the fixed time ``now``; ``options`` (files, completers…) go to ``Core.open``."""
    return Core.open(database_url=database_url, data_dir=data_dir, secret_key="test-key",
                     fixed_now=now, analyzer=analyzer, **options)


# -- citizens ------------------------------------------------------------------------------

async def register(bot: BotHarness, sender: str, text: str = COMPLAINT) -> str:
    """Send ``text`` as ``sender`` and return the case number the replies give."""
    replies = await bot.say(text, sender=sender)
    found = NUMBER.search(" ".join(replies))
    assert found, replies
    return found.group()


async def answered_case(bot: BotHarness, sender: str) -> str:
    """Register the complaint, give the name asked for, have staff answer; return the number."""
    number = await register(bot, sender)
    await bot.say("张三", sender=sender)
    await answer_as_staff(bot, number)
    return number


async def file_case(bot: BotHarness, sender: str, text: str = COMPLAINT, **fields: Any) -> str:
    """Register ``text`` as ``sender``, answer what the intake dialogue asks on that channel,
    drop the replies; return the case number."""
    replies = await bot.say(text, sender=sender, **fields)
    found = ANY_YEAR_NUMBER.search(replies[0])
    assert found, replies
    if "telegram" in sender or "console" in sender:
        await bot.say("张三", sender=sender)  # the name the intake dialogue asks for
        await bot.say("13800001111", sender=sender)
    elif "tel:" in sender:
        await bot.say("张三", sender=sender)
    bot.pop(sender)
    return found.group()


# -- staff ---------------------------------------------------------------------------------

#: What staff do to answer a complaint about night-time building noise, in order.
ANSWER_STEPS: tuple[tuple[str, dict[str, str]], ...] = (
    ("accept", {}), ("assign", {"unit": "区住建局", "mode": "交办"}),
    ("report", {"text": "已现场检查并责令停工。"}),
    ("answer", {"text": "已责令工地夜间停工。", "decision": "支持", "facts": "工地夜间施工属实。",
                "basis": "《环境噪声污染防治法》"}))


def act(bot: BotHarness, number: str, action: str, *, actor: str = "staff:王科长",
        **fields: Any) -> dict[str, Any]:
    """Staff take ``action`` on case ``number`` now; returns the case as staff then see it."""
    now = bot.core.clock.now()
    return bot.core.store.write_sync(lambda s: staff.act(
        s, number, action, actor=actor, now=now, deadlines=bot.core.deadlines,
        units=bot.core.units, **fields))


async def answer_as_staff(bot: BotHarness, number: str) -> list[str]:
    """Accept, assign and answer case ``number`` as staff, send what that tells its petitioner
    (the answer and the rating request) and return those texts."""
    for action, fields in ANSWER_STEPS:
        act(bot, number, action, actor="staff:t", **fields)
    await bot.worker.send_due()
    sent: list[str] = []
    for channel in bot.channels.values():
        sent += [m.text for m in channel.sent]
        channel.sent = []
    return sent


async def reviewed_to_final(bot: BotHarness, number: str, sender: str) -> None:
    """From an answered case ``number``: its answer sent, then 复查 and 复核 upheld two days
    apart and the matter made final (Art 35, 36), every notice to ``sender`` sent and read."""
    await bot.worker.send_due()
    bot.pop(sender)
    bot.core.clock.advance(2 * DAY)
    act(bot, number, "review")
    act(bot, number, "review_answer", text="维持原处理意见。", decision="支持",
        facts="经复查，原处理意见认定事实清楚。", basis="《信访工作条例》第三十五条")
    bot.core.clock.advance(2 * DAY)
    act(bot, number, "rereview")
    act(bot, number, "rereview_answer", text="维持复查意见。", decision="支持",
        facts="经复核，复查意见认定事实清楚。", basis="《信访工作条例》第三十六条")
    act(bot, number, "final")
    await bot.worker.send_due()
    bot.pop(sender)


def refused(bot: BotHarness, number: str, action: str, **fields: Any) -> str:
    """Why the workflow refuses ``action`` on case ``number``."""
    with pytest.raises(TransitionRefused) as error:
        act(bot, number, action, **fields)
    return str(error.value)


def handled(bot: BotHarness, number: str, *, mode: str = "转送") -> None:
    """Accept, assign (``mode``) and answer case ``number``."""
    act(bot, number, "accept")
    act(bot, number, "assign", unit="区城管局", mode=mode)
    if mode == "交办":
        act(bot, number, "report", text="已整改。")
    act(bot, number, "answer", text="已责令施工单位夜间停工。", decision="支持",
        facts="经现场核查，工地夜间施工属实。", basis="《环境噪声污染防治法》第三十条")


async def sent(bot: BotHarness, recipient: str) -> list[Any]:
    """Send what is due and return the messages the recipient got (with their buttons)."""
    await bot.worker.send_due()
    got = []
    for channel in bot.channels.values():
        got += [m for m in channel.sent if m.recipient == recipient]
        channel.sent = [m for m in channel.sent if m.recipient != recipient]
    return got


def pin_analysis(bot: BotHarness, monkeypatch: pytest.MonkeyPatch, said: str,
                 **judged: Any) -> None:
    """nlp's judgement of the text ``said`` pinned to ``judged`` (its other fields, and every
    other text, as the model reads them): a test of a dialogue rule states the judgement the
    rule meets instead of hoping the model still gives it."""
    real = bot.core.intake.analyzer.analyze

    def analyze(text: str) -> Analysis:
        found = real(text)
        return replace(found, **judged) if text == said else found

    monkeypatch.setattr(bot.core.intake.analyzer, "analyze", analyze)


# -- what the store holds ------------------------------------------------------------------

#: The word that makes :func:`poison_classifier`'s classifier fail on a text.
POISON = "POISON"


def poison_classifier(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot's classifier raises on any text with :data:`POISON` in it (a classifier bug
    that one message triggers) and reads every other text as before."""
    real = bot.core.intake.analyzer.analyze

    def analyze(text: str):  # type: ignore[no-untyped-def]
        if POISON in text:
            raise ValueError("classifier bug")
        return real(text)

    monkeypatch.setattr(bot.core.intake.analyzer, "analyze", analyze)


def case_row(bot: BotHarness, number: str) -> Case:
    return bot.core.store.read_sync(
        lambda s: s.exec(select(Case).where(Case.number == number)).one())


def all_cases(bot: BotHarness) -> list[Case]:
    return bot.core.store.read_sync(lambda s: list(s.exec(select(Case).order_by(col(Case.id)))))


def cases_of(bot: BotHarness, urn: str) -> list[Case]:
    """The cases of the identity ``urn``, oldest first."""
    def read(session: Session) -> list[Case]:
        identity = session.exec(select(Identity).where(Identity.urn == urn)).one()
        return list(session.exec(select(Case).where(Case.identity_id == identity.id)
                                 .order_by(col(Case.id))))
    return bot.core.store.read_sync(read)


def petitioner(bot: BotHarness, urn: str) -> Petitioner:
    """The petitioner behind the identity ``urn``."""
    def read(session: Session) -> Petitioner:
        identity = session.exec(select(Identity).where(Identity.urn == urn)).one()
        found = session.get(Petitioner, identity.petitioner_id)
        assert found is not None  # (a required foreign key)
        return found
    return bot.core.store.read_sync(read)


def last_message(bot: BotHarness, urn: str) -> Message | None:
    return bot.core.store.read_sync(lambda s: s.exec(
        select(Message).where(Message.sender == urn).order_by(col(Message.id).desc())).first())


def actions(bot: BotHarness) -> list[str]:
    """Every case event's action, in the order written."""
    return bot.core.store.read_sync(
        lambda s: [e.action for e in s.exec(select(CaseEvent).order_by(col(CaseEvent.id)))])


def case_events(bot: BotHarness, number: str, action: str) -> list[CaseEvent]:
    """The ``action`` events of case ``number``, in the order written."""
    def read(session: Session) -> list[CaseEvent]:
        case = session.exec(select(Case).where(Case.number == number)).one()
        return list(session.exec(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.action == action)
            .order_by(col(CaseEvent.id))))
    return bot.core.store.read_sync(read)


def scores(bot: BotHarness) -> list[int]:
    """Every rating's score, in the order given."""
    return bot.core.store.read_sync(
        lambda s: [r.score for r in s.exec(select(Rating).order_by(col(Rating.id)))])


# -- escalation: the people a supervision round reaches ------------------------------------

UNIT = "市住房和城乡建设委员会"
SUPERVISOR = "duban@xinfang.example.cn"
WEBHOOK_SECRET = "im-shared-secret"
CONTACTS = {UNIT: "zhujian@bj.example.cn", "市人民政府": "zhengfu@bj.example.cn"}


@dataclass
class World:
    """The test channel with a supervision round, and the mailbox and webhook it reaches (the
    ``world`` fixture: conftest.py)."""

    bot: BotHarness
    supervisor: Supervisor
    delivery: EscalationDelivery
    mailbox: SinkHandler
    webhook: WebhookLog

    def at(self, day: date) -> None:
        """Move the clock to 10:00 Beijing time on ``day`` (never backwards)."""
        target = datetime.combine(day, time(10), CHINA)
        delta = target - self.bot.core.clock.now()
        assert delta >= timedelta(0)
        self.bot.core.clock.advance(delta)

    async def round(self) -> dict[str, int]:
        counts = await self.supervisor.run_once()
        await self.delivery.run_once()
        return counts

    def mails(self) -> list[tuple[str, str, str]]:
        """(recipient, subject, body) of every mail received so far, then forget them."""
        got = []
        for envelope in self.mailbox.received:
            parsed = message_from_bytes(envelope.original_content or b"", policy=policy.default)
            body = parsed.get_body()
            assert body is not None
            for recipient in envelope.rcpt_tos:
                got.append((recipient, str(parsed["Subject"]), body.get_content()))
        self.mailbox.received.clear()
        return got

    def hooks(self) -> list[dict[str, Any]]:
        got = self.webhook.notices()
        self.webhook.posts.clear()
        return got

    def events(self, number: str, action: str) -> list[dict[str, Any]]:
        """The details of case ``number``'s ``action`` events, in the order written."""
        return [e.details for e in case_events(self.bot, number, action)]


def units_with_contacts() -> UnitTree:
    data = tomllib.loads((DEFAULT_FILE.parent / "units.toml").read_text(encoding="utf-8"))
    data["contacts"] = {unit: f"mailto:{address}" for unit, address in CONTACTS.items()}
    return UnitTree.from_mapping(data)
