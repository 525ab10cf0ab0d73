"""What a citizen signed in to a case may do there: rate, ask for 复查 / 复核, add material,
book a reception day.

Each is one committed (fsync'd) transaction before the page answers, with the same rules as on
chat: ratings through :func:`bot.ratings.record`, appeals through ``bot.workflow`` (its windows
and refusals), bookings through :func:`bot.appointments.book`, every change a ``CaseEvent``.
A notice of what was done goes to the petitioner's own channel, as a staff action's would.

Added material is stored as an inbound message of the case, already attached and processed:
the citizen chose the case by signing in to it, so the conversation has nothing to decide
(run through it, a short text could be taken for an answer to a question it asked on
another channel). Its files are written and fsync'd before the row that names them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from sqlmodel import Session, select

from bot import appointments, cases, notices, ratings, workflow
from bot.citizen.forms import CheckedFile
from bot.console.wording import refusal
from storage import Attachment, Case, Message

if TYPE_CHECKING:
    from bot.core import Core

CHANNEL = "web"


class ActionRefused(ValueError):
    """The case does not allow it now; the message, in Chinese, says why."""


@dataclass(frozen=True, slots=True)
class Done:
    message: str  # what the page tells the citizen


def rate(session: Session, case: Case, score: int, *, actor: str, now: datetime,
         core: Core) -> Done:
    if case.status not in workflow.ANSWERED:
        raise ActionRefused("该事项目前没有可评价的答复。")
    if not 1 <= score <= 5:
        raise ActionRefused("请选择一个评价等级。")
    rated = ratings.record(session, case, score, actor=actor, channel=CHANNEL, now=now,
                           deadlines=core.deadlines)
    if rated.appeal:
        return Done(f"感谢您的评价。您对答复不满意的，可在 {rated.appeal_due} 前请求{rated.appeal}"
                    f"（本页下方“申请{rated.appeal}”）。")
    return Done("感谢您的评价。")


def appeal(session: Session, case: Case, action: str, *, actor: str, now: datetime,
           core: Core) -> Done:
    if action not in ("review", "rereview"):
        raise ActionRefused("没有这个申请。")
    try:
        outcome = workflow.apply(session, case, action, actor=actor, now=now,
                                 deadlines=core.deadlines, fields={"channel": CHANNEL})
    except workflow.TransitionRefused as refused:
        raise ActionRefused(_refusal(str(refused))) from None
    notices.queue_notice(session, case, outcome.notice, now, fields=outcome.notice_fields)
    return Done(notices.render(outcome.notice, "zh", "full", number=case.number,
                               **outcome.notice_fields))


def book(session: Session, case: Case, day: date | None, *, actor: str, now: datetime,
         core: Core) -> Done:
    try:
        appointment = appointments.book(session, case, core.reception, actor=actor, now=now,
                                        day=day)
    except appointments.AppointmentRefused as refused:
        raise ActionRefused(_booking_refusal(str(refused), case)) from None
    leader = appointment.leader or "值班领导"
    return Done(f"已预约 {appointment.day.isoformat()} 领导接访（接访领导：{leader}）。请当日携带"
                f"身份证件和相关材料到信访接待大厅；接访前一天会提醒您。")


async def add_material(core: Core, number: str, text: str, files: tuple[CheckedFile, ...], *,
                       actor: str, form_token: str) -> Done:
    """Store the material on the case: files first (fsync'd), then one transaction."""
    digests = await asyncio.to_thread(lambda: [core.store.files.put(f.data) for f in files])
    now = core.clock.now()
    external_id = f"web-{form_token}"

    def store(session: Session) -> Done:
        case = cases.find_case(session, number)
        if case is None:
            raise ActionRefused("没有这个事项。")
        if case.status in workflow.TERMINAL:
            raise ActionRefused("该事项已办理完毕，不能再补充材料；如有新的事实和理由，请另行提出信访。")
        earlier = session.exec(select(Message).where(
            Message.channel == CHANNEL, Message.external_id == external_id)).first()
        if earlier is not None:  # the same form sent twice: stored once
            return Done(f"补充材料已加入事项 {case.number}。")
        raw = urlencode({"case": case.number, "text": text,
                         "files": "\n".join(f.filename for f in files)}).encode()
        message = Message(channel=CHANNEL, external_id=external_id, sender=actor,
                          text=text or "（补充附件）", raw=raw, meta={"supplement": case.number},
                          received_at=now, processed_at=now, case_id=case.id)
        session.add(message)
        session.flush()
        assert message.id is not None  # flushed above
        for checked, digest in zip(files, digests, strict=True):
            session.add(Attachment(message_id=message.id, case_id=case.id, sha256=digest,
                                   size=len(checked.data), content_type=checked.content_type,
                                   original_name=checked.filename, created_at=now))
        case.updated_at = now
        session.add(case)
        cases.record(session, case, actor, "supplement", now, message_id=message.id,
                     channel=CHANNEL, files=len(files))
        return Done(f"补充材料已加入事项 {case.number}"
                    + (f"（附件 {len(files)} 个）" if files else "") + "。")

    return await core.store.write(store)


def _refusal(message: str) -> str:
    """The workflow's refusal of an appeal, said to the petitioner."""
    if "must be requested within" in message:
        return "已超过申请期限：应自收到意见书之日起 30 日内提出（《信访工作条例》第三十五条、第三十六条）。"
    if "follows a review opinion" in message:
        return "复核须在复查意见作出后提出，请先申请复查。"
    if "already has a 复核 opinion" in message:
        return "该事项已作出复核意见，复核意见为终结意见。"
    if "review (复查) is of a first answer" in message:
        return "该事项已有复查意见；如不服，请申请复核。"
    return refusal(message)


def _booking_refusal(message: str, case: Case) -> str:
    if "already booked" in message:
        return f"事项 {case.number} 已有预约，无需重复预约。"
    if "is not a reception day" in message:
        return "所选日期不是领导接访日，请从列出的日期中选择。"
    if "is merged" in message or "is withdrawn" in message:
        return "该事项已并单或撤回，不能预约接访。"
    return "该日期不能预约，请选择其他接访日。"
