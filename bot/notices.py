"""Notices to the petitioner from templates, queued on the channel they used, and the proof of
their delivery that starts the 复查 / 复核 clocks.

Each notice has two forms: ``full`` (mail: the letter; Telegram and the console: the full
text) and ``short`` (SMS: the case number and the essentials). A short form never names a
unit and never carries personal data; a full form goes only to the petitioner's own address.
The form chosen is recorded in the outbox row's ``payload["form"]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from sqlmodel import Session, col, select

from bot import catalogue, texts
from bot.clock import CHINA, local_date
from bot.people import petitioner_of
from storage import Case, Identity, Outbox

#: The notices that are a written opinion (意见书, Art 32, 35, 36).
OPINIONS: Final = ("opinion", "review_opinion", "rereview_opinion")
#: A channel whose messages hold less than this is not where a written opinion is read: its
#: petitioners also get the full 意见书 as a link to the case page (bot/links.py).
LETTER_TEXT: Final = 10_000
#: Delivery states a provider reports for a message that did not arrive.
_UNDELIVERED = ("undelivered", "failed", "bounced", "rejected")

_LAW = "《信访工作条例》"

#: key → language → form → template.
TEMPLATES: Final[dict[str, dict[str, dict[str, str]]]] = {
    "accepted": {
        "zh": {"full": "您的信访事项 {number} 已受理（{today}）。依照{law}第三十四条，我们将在 {due} "
                       "前办结并书面答复您。",
               "short": "您的事项{number}已受理，{due}前答复。"},
        "en": {"full": "Your petition {number} was accepted on {today}. Under Art 34 of the "
                       "Regulation you will have a written answer by {due}.",
               "short": "Petition {number} accepted; answer by {due}."},
    },
    "not_accepted": {
        "zh": {"full": "您的信访事项 {number} 经审查不予受理。\n理由：{reason}\n{route_line}"
                       "依据：{law}第二十二条、第二十三条。",
               "short": "您的事项{number}不予受理。理由：{reason}{route_short}"},
        "en": {"full": "Your petition {number} is not accepted.\nReason: {reason}\n{route_line}"
                       "Basis: Art 22 and 23 of the Regulation.",
               "short": "Petition {number} not accepted. Reason: {reason}{route_short}"},
    },
    "assigned": {
        "zh": {"full": "您的信访事项 {number} 已{mode}至{unit}办理{mode_note}。办理期限至 {due}。",
               "short": "您的事项{number}已{mode}至责任单位办理，{due}前答复。"},
        "en": {"full": "Your petition {number} was sent ({mode}) to {unit}{mode_note}. "
                       "It is due by {due}.",
               "short": "Petition {number} sent to the responsible unit; answer by {due}."},
    },
    "unit_accepted": {
        "zh": {"full": "您的信访事项 {number} 已由{unit}受理（{today}），将在 {due} 前办结并书面答复您"
                       "（{law}第二十三条、第三十四条）。",
               "short": "您的事项{number}已由责任单位受理，{due}前答复。"},
        "en": {"full": "Your petition {number} was accepted by {unit} on {today}; the written "
                       "answer is due by {due} (Art 23, 34).",
               "short": "Petition {number} accepted by the responsible unit; answer by {due}."},
    },
    "dispute": {
        "zh": {"full": "您的信访事项 {number} 的办理单位正在依照{law}第二十四条确定，"
                       "预计 {due} 前确定，确定后我们将告知您。",
               "short": "您的事项{number}正在确定办理单位，{due}前告知。"},
        "en": {"full": "Which unit handles your petition {number} is being settled (Art 24), "
                       "expected by {due}; we will tell you.",
               "short": "Petition {number}: the handling unit is being settled, by {due}."},
    },
    "appeal_offered": {
        "zh": {"full": "回访中您对事项 {number} 的办理结果表示不满意。如不服，可在 {appeal_due} 前"
                       "请求{appeal}：回复“申请{appeal}”即可，我们将转交上一级机关"
                       "（{law}第三十五条、第三十六条）。",
               "short": "您对事项{number}不满意的，可在{appeal_due}前回复“申请{appeal}”。"},
        "en": {"full": "At the return visit you were not satisfied with how {number} was "
                       "handled. You may request {appeal} by {appeal_due}: reply \"request "
                       "review\" and we pass it to the superior body (Art 35, 36).",
               "short": "Not satisfied with {number}? Request {appeal} by {appeal_due}."},
    },
    "extended": {
        "zh": {"full": "您的信访事项 {number} 因{reason}，经本单位负责人批准，办理期限延长 {days} 日，"
                       "至 {due}。依据：{law}第三十四条。",
               "short": "您的事项{number}办理期限延长至{due}。理由：{reason}"},
        "en": {"full": "The time to handle your petition {number} was extended by {days} days "
                       "to {due}, approved by the unit's head. Reason: {reason}. Basis: Art 34.",
               "short": "Petition {number} extended to {due}. Reason: {reason}"},
    },
    "opinion": {
        "zh": {"full": "信访处理意见书\n编号：{number}\n信访人：{name}\n"
                       "一、信访请求：{request}\n二、事实和理由：{facts}\n"
                       "三、处理意见：{decision}。{answer}\n四、依据：{basis}\n"
                       "五、如不服本处理意见，可自收到本意见书之日起30日内，向办理机关的上一级机关"
                       "请求复查（{law}第三十五条）；今日收到的，期限至 {review_due}。\n{office}\n{today}",
               "short": "您的事项{number}已答复：{decision}。如不服，可在收到之日起30日内"
                        "（{review_due}前）请求复查。"},
        "en": {"full": "Petition handling opinion\nNumber: {number}\nPetitioner: {name}\n"
                       "1. Request: {request}\n2. Facts and reasons: {facts}\n"
                       "3. Decision: {decision}. {answer}\n4. Basis: {basis}\n"
                       "5. If you disagree you may request a review (复查) from the superior "
                       "body within 30 days of receiving this opinion (Art 35); received today, "
                       "that is by {review_due}.\n{office}\n{today}",
               "short": "Petition {number} answered: {decision}. Review may be requested "
                        "within 30 days ({review_due})."},
    },
    "review_received": {
        "zh": {"full": "您对事项 {number} 的复查请求已收到，复查意见将在 {due} 前书面答复（{law}第三十五条）。",
               "short": "事项{number}复查请求已收到，{due}前答复。"},
        "en": {"full": "Your request to review {number} was received; the review opinion is "
                       "due by {due} (Art 35).",
               "short": "Review of {number} received; answer by {due}."},
    },
    "review_opinion": {
        "zh": {"full": "复查意见书\n编号：{number}\n复查机关：{reviewer}\n信访人：{name}\n"
                       "复查请求：{request}\n"
                       "事实和理由：{facts}\n复查意见：{decision}。{answer}\n依据：{basis}\n"
                       "如不服本复查意见，可自收到之日起30日内向复查机关的上一级机关请求复核"
                       "（{law}第三十六条）；今日收到的，期限至 {review_due}。\n{reviewer}\n{today}",
               "short": "您的事项{number}复查意见：{decision}。如不服，可在收到之日起30日内"
                        "（{review_due}前）请求复核。"},
        "en": {"full": "Review opinion\nNumber: {number}\nReviewing body: {reviewer}\n"
                       "Petitioner: {name}\n"
                       "Request: {request}\nFacts and reasons: {facts}\n"
                       "Decision: {decision}. {answer}\nBasis: {basis}\n"
                       "You may request a re-review (复核) within 30 days of receipt (Art 36); "
                       "received today, by {review_due}.\n{reviewer}\n{today}",
               "short": "Review of {number}: {decision}. Re-review within 30 days "
                        "({review_due})."},
    },
    "rereview_received": {
        "zh": {"full": "您对事项 {number} 的复核请求已收到，复核意见将在 {due} 前答复"
                       "（听证时间不计算在内，{law}第三十六条）。",
               "short": "事项{number}复核请求已收到，{due}前答复。"},
        "en": {"full": "Your request to re-review {number} was received; the opinion is due by "
                       "{due} (hearing time not counted, Art 36).",
               "short": "Re-review of {number} received; answer by {due}."},
    },
    "rereview_opinion": {
        "zh": {"full": "复核意见书\n编号：{number}\n复核机关：{reviewer}\n信访人：{name}\n"
                       "复核请求：{request}\n"
                       "事实和理由：{facts}\n复核意见：{decision}。{answer}\n依据：{basis}\n"
                       "本复核意见为终结意见。信访人仍以同一事实和理由提出信访请求的，"
                       "各级机关不再受理（{law}第三十六条）。\n{reviewer}\n{today}",
               "short": "您的事项{number}复核意见：{decision}。此为终结意见，同一事实和理由不再受理。"},
        "en": {"full": "Re-review opinion\nNumber: {number}\nRe-reviewing body: {reviewer}\n"
                       "Petitioner: {name}\n"
                       "Request: {request}\nFacts and reasons: {facts}\n"
                       "Decision: {decision}. {answer}\nBasis: {basis}\n"
                       "This opinion is final: a petition on the same facts and reasons is not "
                       "accepted again (Art 36).\n{reviewer}\n{today}",
               "short": "Re-review of {number}: {decision}. Final; not accepted again."},
    },
    "final": {
        "zh": {"full": "您的信访事项 {number} 已终结。同一事实和理由不再受理（{law}第三十六条）。",
               "short": "您的事项{number}已终结。"},
        "en": {"full": "Your petition {number} is concluded (终结); the same facts and reasons "
                       "are not accepted again (Art 36).",
               "short": "Petition {number} concluded."},
    },
    "closed": {
        "zh": {"full": "您的信访事项 {number} 已办结。", "short": "您的事项{number}已办结。"},
        "en": {"full": "Your petition {number} is closed.", "short": "Petition {number} closed."},
    },
    "merged": {
        "zh": {"full": "您的信访事项 {number} 与 {target} 属同一事项，已并入 {target} 一并办理。",
               "short": "您的事项{number}已并入{target}一并办理。"},
        "en": {"full": "Your petition {number} is the same matter as {target} and is now "
                       "handled with it.",
               "short": "Petition {number} merged into {target}."},
    },
    "withdrawn": {
        "zh": {"full": "您的信访事项 {number} 已撤回。", "short": "您的事项{number}已撤回。"},
        "en": {"full": "Your petition {number} is withdrawn.",
               "short": "Petition {number} withdrawn."},
    },
    "rating_request": {
        "zh": {"full": "请您对事项 {number} 的办理结果作出评价：{how}（5 非常满意，4 满意，3 基本满意，"
                       "2 不满意，1 非常不满意）。",
               "short": "请评价事项{number}的办理：回复1-5（5非常满意，1非常不满意）。"},
        "en": {"full": "Please rate how {number} was handled: {how} (5 very satisfied … "
                       "1 very dissatisfied).",
               "short": "Rate {number}: reply 1-5 (5 best)."},
    },
    "appointment_booked": {
        "zh": {"full": "已为事项 {number} 预约 {day} 领导接访（接访领导：{leader}）。请当日携带身份证件"
                       "和相关材料到信访接待大厅。接访前一天我们会提醒您。",
               "short": "已预约{day}领导接访，事项{number}。前一天提醒您。"},
        "en": {"full": "An appointment for {number} is booked for the leader reception day "
                       "{day} ({leader}). Bring your ID and papers. We will remind you the day "
                       "before.",
               "short": "Reception booked {day} for {number}."},
    },
    "appointment_reminder": {
        "zh": {"full": "提醒：明天（{day}）是您为事项 {number} 预约的领导接访日，请携带身份证件和材料准时到达。",
               "short": "提醒：明天({day})领导接访，事项{number}。"},
        "en": {"full": "Reminder: tomorrow ({day}) is your leader reception appointment for "
                       "{number}. Please bring your ID and papers.",
               "short": "Reminder: reception tomorrow ({day}), {number}."},
    },
    "return_visit": {
        "zh": {"full": "工作人员将于 {day} 就事项 {number} 的办理情况对您进行回访。",
               "short": "我们将于{day}回访事项{number}。"},
        "en": {"full": "Staff will call on you about {number} on {day} (return visit).",
               "short": "Return visit for {number} on {day}."},
    },
}

def form_for(channel: str) -> str:
    """The short form where the channel asks for it (SMS: no unit names, no personal data);
    the full text everywhere else."""
    return "short" if catalogue.current().of(channel).short_form else "full"


def rating_hint(channel: str, language: str) -> str:
    """How a citizen answers a rating request on ``channel`` (its capabilities' words)."""
    hints = catalogue.current().of(channel).rating_hint
    default = "回复 1-5" if language == "zh" else "reply 1-5"
    return hints.get(language, default)


def render(key: str, language: str, form: str, **fields: object) -> str:
    table = TEMPLATES[key].get(language, TEMPLATES[key]["zh"])
    values: dict[str, object] = {"law": _LAW if language == "zh" else "the Regulation",
                                 "office": "信访工作机构" if language == "zh" else "Petition office"}
    values.update(fields)
    return table[form].format_map(_Blank(values))


class _Blank(dict[str, object]):
    # A template field nobody filled renders empty rather than failing a staff action.
    def __missing__(self, key: str) -> str:
        return ""


def queue_notice(session: Session, case: Case, key: str, now: datetime, *,
                 send_at: datetime | None = None,
                 fields: Mapping[str, object] | None = None) -> Outbox | None:
    """Queue notice ``key`` to the case's petitioner on the channel they used.

    Nothing is queued when they opted out of automatic messages or are blocked. ``send_at``
    holds the row until then (a reminder for the day before an appointment).
    """
    identity = session.get(Identity, case.identity_id)
    if identity is None or identity.opted_out or identity.blocked:
        return None
    petitioner = petitioner_of(session, identity)
    language = petitioner.locale
    form = form_for(identity.channel)
    values: dict[str, object] = {
        "number": case.number, "today": local_date(now).isoformat(),
        "name": petitioner.name or identity.display_name or "",
        "how": rating_hint(identity.channel, language),
    }
    values.update(fields or {})
    payload: dict[str, Any] = {"case_number": case.number, "notice": key, "form": form}
    capabilities = catalogue.current().of(identity.channel)
    if key in OPINIONS and capabilities.max_text < LETTER_TEXT:
        # The full 意见书 through the case page where a message cannot be the letter itself
        # (SMS holds the summary; a chat message is not a document to print or show an office).
        payload["link"] = case.number
    if key == "rating_request" and capabilities.buttons:
        payload["buttons"] = [[[str(score), f"rate:{case.number}:{score}"]
                               for score in (5, 4, 3, 2, 1)]]
    row = Outbox(
        channel=identity.channel,
        recipient=identity.urn,
        text=render(key, language, form, **values),
        subject=texts.say(language, "subject", number=case.number),
        case_id=case.id,
        payload=payload,
        next_attempt_at=send_at or now,
        created_at=now,
    )
    session.add(row)
    return row


def day_before_at_nine(day: date, now: datetime) -> datetime:
    """09:00 Beijing time the day before ``day``, or ``now`` when that has passed."""
    moment = datetime.combine(day - timedelta(days=1), datetime.min.time().replace(hour=9),
                              tzinfo=CHINA).astimezone(UTC)
    return max(moment, now)


def delivered_on(session: Session, case: Case, keys: Sequence[str]) -> date | None:
    """The day in China the latest notice of ``keys`` to the petitioner was proven delivered.

    Proof, best first: the provider's delivery report (``delivered_at``: SMS delivered, mail
    accepted by the relay); else the send time of a message the provider took (Telegram
    message id, SMTP acceptance, an inline reply). A staff record of delivery by other means
    (``Case.delivered_on``) counts when it is later. None: not (yet) delivered.
    """
    rows = session.exec(
        select(Outbox).where(Outbox.case_id == case.id, col(Outbox.status).in_(["sent", "inline"]))
        .order_by(col(Outbox.id).desc())
    )
    proven: date | None = None
    for row in rows:
        if row.payload.get("notice") not in keys:
            continue
        if row.delivery_status in _UNDELIVERED:
            continue
        moment = row.delivered_at or row.sent_at
        if moment is not None:
            proven = local_date(as_utc(moment))
        break
    if (case.delivered_on is not None and (proven is None or case.delivered_on > proven)
            and (case.answered_at is None
                 or case.delivered_on >= local_date(as_utc(case.answered_at)))):
        return case.delivered_on
    return proven


def as_utc(moment: datetime) -> datetime:
    """``moment`` as an aware UTC time (SQLite hands back naive ones; every stored time is UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
