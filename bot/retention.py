"""Retention (PIPL Art 19, 47): personal data is kept no longer than the bureau's period.

A case closed (办结, 终结, not accepted, merged, withdrawn) and untouched for longer than
``XINFANG_RETENTION_DAYS`` is **de-identified**: its messages lose text, subject, raw bytes,
headers and sender name; its outbox rows their text; its attachments their names, and their
files are deleted unless a case still held needs the same bytes; free-text fields of the case
and its events (subject, answer, facts, unit report, reasons, return-visit results) are cleared.
What statistics need stays (Art 41): number, category, statutory type, unit, route, place,
channel, status, decision, legal basis, dates and deadlines, ratings, the actions of the trail.
Once every case of a petitioner is purged, the person goes too: name and contact cleared,
every channel identity (``tel:…``, ``mailto:…``) replaced by a stable pseudonym
``purged:<identity id>`` wherever it was written (identities, messages, outbox, events), and
their status-query attempts deleted. A ``purge`` CaseEvent records what was done, in counts.

Safe to kill and rerun: each case is one transaction; files are deleted only after the commit
that stopped naming them, and the attachment rows forget their digest last, so a rerun finds a
purged case whose rows still name a digest and finishes it. A purged case is never purged twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import Session, col, select

from bot import cases, matters, workflow
from bot.clock import Clock
from bot.console.sessions import Now, purge_expired, real_now
from bot.outbox import HELD_REPORT_DAYS, purge_held_reports
from storage import (
    Appointment,
    Attachment,
    Case,
    CaseEvent,
    CategoryCorrection,
    Identity,
    JudgementCorrection,
    MediaFetch,
    Message,
    Outbox,
    Petitioner,
    StatusAttempt,
    Store,
    StoreUnavailable,
)
from storage.files import FileStore

log = logging.getLogger(__name__)

#: Five years. Neither the 条例 nor DESIGN.md states a period: the bureau sets its own from its
#: archive rules (信访档案 保管期限); PIPL Art 19 asks for the shortest period its duties allow.
DEFAULT_DAYS: Final = 1826
#: States after which nothing more is handled (a closed case may still be reviewed, but not
#: years later: the 复查 / 复核 windows are 30 days).
CLOSED: Final = ("closed", *workflow.TERMINAL)
PURGE: Final = "purge"
HELD_REPORT_WINDOW: Final = timedelta(days=HELD_REPORT_DAYS)
PSEUDONYM: Final = "purged:"
#: CaseEvent detail keys that hold free text written about the matter.
FREE_TEXT: Final = ("reason", "text", "result", "answer", "facts", "override")


@dataclass(slots=True)
class Report:
    """What a purge run did (or, dry, would do): counts only."""

    cases: int = 0
    messages: int = 0
    attachments: int = 0
    files_deleted: int = 0
    petitioners: int = 0
    identities: int = 0
    dry_run: bool = False

    def add(self, other: Report) -> None:
        for name in ("cases", "messages", "attachments", "files_deleted", "petitioners",
                     "identities"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def cutoff(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def is_purged(session: Session, case_id: int) -> bool:
    return session.exec(select(CaseEvent.id).where(
        CaseEvent.case_id == case_id, CaseEvent.action == PURGE)).first() is not None


def held(case: Case, before: datetime) -> bool:
    """Whether the law still needs this case's record: open, or closed within the period."""
    return case.status not in CLOSED or _as_utc(case.updated_at) >= before


def due_case_ids(session: Session, before: datetime) -> list[int]:
    """Cases to purge (closed before ``before``, not yet purged) and purged cases whose
    attachment files are still to go (a run killed between its commit and the files)."""
    fresh = select(Case.id).where(col(Case.status).in_(CLOSED), col(Case.updated_at) < before,
                                  ~_purged())
    return sorted({i for i in session.exec(fresh) if i} | set(leftover_case_ids(session)))


def leftover_case_ids(session: Session) -> list[int]:
    """Purged cases whose attachment rows (by case, or by a message of the case) still name
    a file."""
    by_case = select(Attachment.case_id).where(Attachment.sha256 != "",
                                               _purged(col(Attachment.case_id)))
    by_message = (select(Message.case_id)
                  .join(Attachment, col(Attachment.message_id) == col(Message.id))
                  .where(Attachment.sha256 != "", _purged(col(Message.case_id))))
    return sorted({i for i in session.exec(by_case) if i}
                  | {i for i in session.exec(by_message) if i})


def _purged(case_id: Any = None) -> Any:
    """SQL: the case (by default the selected ``Case``) has a ``purge`` event."""
    target = col(Case.id) if case_id is None else case_id
    return exists().where(col(CaseEvent.case_id) == target, col(CaseEvent.action) == PURGE)


def _case_messages(session: Session, case_id: int) -> list[Message]:
    return list(session.exec(select(Message).where(Message.case_id == case_id)))


def _case_attachments(session: Session, case_id: int, message_ids: list[int]) -> list[Attachment]:
    condition: ColumnElement[bool] = col(Attachment.case_id) == case_id
    if message_ids:
        condition = or_(condition, col(Attachment.message_id).in_(message_ids))
    return list(session.exec(select(Attachment).where(condition)))


def _clear_message(message: Message) -> None:
    message.text = ""
    message.subject = ""
    message.sender_name = ""
    message.raw = b""
    message.meta = {"purged": True}
    message.references = []
    message.content_hash = ""
    message.external_id = f"{PSEUDONYM}{message.id}"


def _clear_outbox(row: Outbox) -> None:
    row.text = ""
    row.subject = ""
    row.payload = {}
    row.in_reply_to = ""
    row.last_error = ""


def deidentify_case(session: Session, case: Case, now: datetime, days: int) -> Report:
    """Clear the personal data of one case (one transaction); record a ``purge`` event."""
    assert case.id is not None
    report = Report(cases=1)
    case.subject = case.answer = case.facts = case.unit_report = case.awaiting = ""
    session.add(case)
    messages = _case_messages(session, case.id)
    message_ids = [m.id for m in messages if m.id is not None]
    for message in messages:
        _clear_message(message)
        session.add(message)
    report.messages = len(messages)
    outbox = select(Outbox).where(Outbox.case_id == case.id)
    if message_ids:
        outbox = select(Outbox).where(or_(col(Outbox.case_id) == case.id,
                                          col(Outbox.message_id).in_(message_ids)))
    for row in session.exec(outbox):
        _clear_outbox(row)
        session.add(row)
    if message_ids:
        for fetch in session.exec(select(MediaFetch).where(
                col(MediaFetch.message_id).in_(message_ids))):
            fetch.ref = fetch.filename = fetch.last_error = ""
            session.add(fetch)
    attachments = _case_attachments(session, case.id, message_ids)
    for attachment in attachments:
        attachment.original_name = ""
        session.add(attachment)
    report.attachments = len(attachments)
    for appointment in session.exec(select(Appointment).where(Appointment.case_id == case.id)):
        appointment.result = ""
        session.add(appointment)
    for verdict in session.exec(select(CategoryCorrection).where(
            CategoryCorrection.case_id == case.id)):
        verdict.text = ""  # the category verdict stays (statistics); the copy of the text goes
        session.add(verdict)
    for judged in session.exec(select(JudgementCorrection).where(
            JudgementCorrection.case_id == case.id)):
        judged.text, judged.terms = "", []  # the verdict stays; the words it quoted go
        session.add(judged)
    for event in session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)):
        if any(key in event.details for key in FREE_TEXT):
            event.details = {k: ("" if k in FREE_TEXT else v) for k, v in event.details.items()}
            session.add(event)
    # The signature holds the text's words: hashed, and its rarest and its characters in clear.
    matters.forget(session, case.id)
    session.flush()
    cases.record(session, case, "bot:retention", PURGE, now, retention_days=days,
                 messages=report.messages, attachments=report.attachments)
    session.flush()
    return report


def deidentify_petitioner(session: Session, petitioner: Petitioner) -> int:
    """Name, contact and every identity of a person whose cases are all purged: replaced by
    pseudonyms wherever written. Returns the number of identities."""
    petitioner.name = petitioner.contact = petitioner.id_number = ""
    session.add(petitioner)
    identities = list(session.exec(select(Identity).where(
        Identity.petitioner_id == petitioner.id)))
    case_ids = [c.id for c in cases.cases_of(session, petitioner.id or 0)]
    for identity in identities:
        urn = identity.urn
        if urn.startswith(PSEUDONYM):
            continue
        pseudonym = f"{PSEUDONYM}{identity.id}"
        for message in session.exec(select(Message).where(Message.sender == urn)):
            if not message.meta.get("purged"):
                _clear_message(message)
            message.sender = pseudonym
            session.add(message)
        for row in session.exec(select(Outbox).where(Outbox.recipient == urn)):
            _clear_outbox(row)
            row.recipient = pseudonym
            session.add(row)
        if case_ids:
            for event in session.exec(select(CaseEvent).where(
                    col(CaseEvent.case_id).in_(case_ids), CaseEvent.actor == urn)):
                event.actor = pseudonym
                session.add(event)
        for attempt in session.exec(select(StatusAttempt).where(StatusAttempt.sender == urn)):
            session.delete(attempt)
        identity.urn = pseudonym
        identity.display_name = ""
        session.add(identity)
    session.flush()
    return len(identities)


def _petitioner_done(session: Session, petitioner_id: int) -> bool:
    """Every case of the person is purged (then nothing the law keeps names them)."""
    for case in cases.cases_of(session, petitioner_id):
        if case.id is not None and not is_purged(session, case.id):
            return False
    return True


def purge_case(session: Session, case_id: int, now: datetime, days: int) -> Report:
    """Phase 1 of one case, one transaction: de-identify it (unless a killed run did), and
    the petitioner with it when this was their last case held."""
    # Locked: a second process purging the same case waits, then finds it purged.
    case = session.exec(select(Case).where(Case.id == case_id).with_for_update()).first()
    if case is None or is_purged(session, case_id):
        return Report()
    report = deidentify_case(session, case, now, days)
    petitioner = session.get(Petitioner, case.petitioner_id)
    if petitioner is not None and _petitioner_done(session, case.petitioner_id):
        report.identities = deidentify_petitioner(session, petitioner)
        report.petitioners = 1
    return report


def files_to_delete(session: Session, case_id: int) -> list[str]:
    """Digests of a purged case's attachments no case still held shares."""
    message_ids = [m.id for m in _case_messages(session, case_id) if m.id is not None]
    mine = [a for a in _case_attachments(session, case_id, message_ids) if a.sha256]
    ids = [a.id for a in mine]
    digests = sorted({a.sha256 for a in mine})
    unshared = []
    for digest in digests:
        others = session.exec(select(func.count()).select_from(Attachment).where(
            Attachment.sha256 == digest, col(Attachment.id).not_in(ids))).one()
        if not others:
            unshared.append(digest)
    return unshared


def forget_digests(session: Session, case_id: int) -> int:
    """Phase 3: the attachment rows stop naming their files (the files are gone or shared)."""
    message_ids = [m.id for m in _case_messages(session, case_id) if m.id is not None]
    count = 0
    for attachment in _case_attachments(session, case_id, message_ids):
        if attachment.sha256:
            attachment.sha256 = ""
            session.add(attachment)
            count += 1
    return count


def remove_file(files: FileStore, digest: str) -> bool:
    """Delete one attachment file; a file already gone (a rerun) is fine."""
    path: Path = files.path_for(digest)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def purge_one(store: Store, case_id: int, now: datetime, days: int) -> Report:
    """De-identify one case, commit, delete its files, then forget their digests."""
    report = store.write_sync(lambda s: purge_case(s, case_id, now, days))
    report.files_deleted = delete_files(store, case_id)
    return report


def delete_files(store: Store, case_id: int) -> int:
    """Phases 2 and 3 of a purged case: its unshared files, then the digests in its rows."""
    deleted = 0
    for digest in store.read_sync(lambda s: files_to_delete(s, case_id)):
        deleted += int(remove_file(store.files, digest))
    store.write_sync(lambda s: forget_digests(s, case_id))
    return deleted


async def purge_one_async(store: Store, case_id: int, now: datetime, days: int) -> Report:
    """:func:`purge_one` on the loop: the writes go through the store's single writer."""
    report = await store.write(lambda s: purge_case(s, case_id, now, days))
    for digest in await store.read(lambda s: files_to_delete(s, case_id)):
        report.files_deleted += int(remove_file(store.files, digest))
    await store.write(lambda s: forget_digests(s, case_id))
    return report


def dry_run(session: Session, before: datetime) -> Report:
    report = Report(dry_run=True)
    for case_id in due_case_ids(session, before):
        if is_purged(session, case_id):
            continue
        message_ids = [m.id for m in _case_messages(session, case_id) if m.id is not None]
        report.cases += 1
        report.messages += len(message_ids)
        report.attachments += len(_case_attachments(session, case_id, message_ids))
    return report


def purge(store: Store, now: datetime, days: int, *, dry: bool = False,
          each: Callable[[int], None] | None = None) -> Report:
    """Purge every due case (blocking; run it in a worker thread from the loop)."""
    before = cutoff(now, days)
    if dry:
        return store.read_sync(lambda s: dry_run(s, before))
    total = Report()
    for case_id in store.read_sync(lambda s: due_case_ids(s, before)):
        total.add(purge_one(store, case_id, now, days))
        if each is not None:
            each(case_id)
    _log(total)
    return total


class RetentionJob:
    """The ``serve`` task: purges once a day (and once at start).

    It also deletes ended console sessions: they are refused on read already, so once a day
    is only about the table's size. Those are timed on the real clock (``session_now``), as
    the console times them. And it deletes delivery reports held for a provider id no outbox
    row recorded within :data:`bot.outbox.HELD_REPORT_DAYS` (``bot.outbox.record_report``).
    """

    def __init__(self, store: Store, clock: Clock, days: int, *,
                 interval: float = 86400.0, session_now: Now = real_now) -> None:
        self.store = store
        self.clock = clock
        self.days = days
        self.interval = interval
        self.session_now = session_now

    async def run_once(self) -> Report:
        now = self.clock.now()
        total = Report()
        for case_id in await self.store.read(lambda s: due_case_ids(s, cutoff(now, self.days))):
            total.add(await purge_one_async(self.store, case_id, now, self.days))
        _log(total)
        ended = self.session_now()
        await self.store.write(lambda s: purge_expired(s, ended))
        await self.store.write(lambda s: purge_held_reports(s, now - HELD_REPORT_WINDOW))
        return total

    async def run(self) -> None:
        while True:
            try:
                await self.run_once()
            except StoreUnavailable:
                log.warning("retention: store unavailable; retrying next round")
            except Exception as exc:  # noqa: BLE001 - a purge bug must not stop intake
                log.error("retention round failed (%s); retrying next round", type(exc).__name__)
            await asyncio.sleep(self.interval)


def _log(total: Report) -> None:
    if total.cases or total.files_deleted:
        log.info("retention: %d case(s), %d message(s), %d file(s), %d petitioner(s) purged",
                 total.cases, total.messages, total.files_deleted, total.petitioners)


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- a person's own data (PIPL Art 45, 47) ------------------------------------------------

#: Why an erasure is refused: the law keeps the 信访 record (PIPL Art 47 para 2).
KEEP_OPEN: Final = ("案件 {number} 尚在办理中（{status}）：信访事项须依《信访工作条例》第二十二条登记并"
                    "依法办理答复（第三十四条），记录不能删除")
KEEP_PERIOD: Final = ("案件 {number} 办结未满本机关规定的信访记录保存期限（{days} 天，至 {until}；"
                      "依信访档案管理规定设定），记录须保存至期满")
PIPL_47: Final = ("依《个人信息保护法》第四十七条第二款，法律、行政法规规定的保存期限未届满的，"
                  "个人信息处理者停止除存储和采取必要的安全保护措施之外的处理；"
                  "期满后将自动删除或去标识化。")


class PrivacyRefused(ValueError):
    """A request about a person's data that cannot be done; the message says why."""


def urn_candidates(who: str) -> list[str]:
    """The identities ``who`` may name: a URN, a phone number or an e-mail address."""
    who = who.strip()
    if ":" in who:
        return [who, who.lower()]
    if "@" in who:
        return [f"mailto:{who}", f"mailto:{who.lower()}"]
    digits = "".join(ch for ch in who if ch.isdigit())
    if not digits:
        return []
    if who.startswith("+"):
        return [f"tel:+{digits}"]
    if len(digits) == 11 and digits.startswith("1"):  # a mainland mobile number
        return [f"tel:+86{digits}", f"tel:+{digits}"]
    return [f"tel:+{digits}"]


def find_petitioner(session: Session, who: str) -> Petitioner:
    for urn in urn_candidates(who):
        identity = session.exec(select(Identity).where(Identity.urn == urn)).first()
        if identity is not None:
            petitioner = session.get(Petitioner, identity.petitioner_id)
            if petitioner is not None:
                return petitioner
    raise PrivacyRefused("no petitioner with that identity")


def _iso(moment: Any) -> Any:
    return moment.isoformat() if moment is not None else None


def export(session: Session, petitioner: Petitioner) -> dict[str, Any]:
    """Everything held about one person: the person, identities, cases, messages both ways,
    attachments (listed, not their bytes), and the events of their cases."""
    identities = list(session.exec(select(Identity).where(
        Identity.petitioner_id == petitioner.id).order_by(col(Identity.id))))
    urns = [i.urn for i in identities]
    own_cases = cases.cases_of(session, petitioner.id or 0)
    numbers = {c.id: c.number for c in own_cases}
    condition: ColumnElement[bool] = col(Message.sender).in_(urns)
    if numbers:
        condition = or_(condition, col(Message.case_id).in_(list(numbers)))
    messages = list(session.exec(select(Message).where(condition).order_by(col(Message.id))))
    message_ids = [m.id for m in messages]
    attachments = list(session.exec(select(Attachment).where(
        col(Attachment.message_id).in_(message_ids)).order_by(col(Attachment.id))))
    replies = list(session.exec(select(Outbox).where(
        col(Outbox.recipient).in_(urns)).order_by(col(Outbox.id))))
    events = list(session.exec(select(CaseEvent).where(
        col(CaseEvent.case_id).in_(list(numbers))).order_by(col(CaseEvent.id))))
    return {
        "petitioner": {"id": petitioner.id, "name": petitioner.name,
                       "contact": petitioner.contact, "id_number": petitioner.id_number,
                       "locale": petitioner.locale,
                       "created_at": _iso(petitioner.created_at)},
        "identities": [{"urn": i.urn, "channel": i.channel, "display_name": i.display_name,
                        "opted_out": i.opted_out, "blocked": i.blocked,
                        "created_at": _iso(i.created_at)} for i in identities],
        "cases": [{"number": c.number, "status": c.status, "channel": c.channel,
                   "subject": c.subject, "category": c.category, "unit": c.unit,
                   "statutory_type": c.statutory_type, "place": c.place,
                   "decision": c.decision, "answer": c.answer, "rating": c.rating,
                   "received_at": _iso(c.received_at), "updated_at": _iso(c.updated_at)}
                  for c in own_cases],
        "messages": [{"id": m.id, "direction": m.direction, "channel": m.channel,
                      "sender": m.sender, "case": numbers.get(m.case_id), "subject": m.subject,
                      "text": m.text, "received_at": _iso(m.received_at),
                      "raw_bytes": len(m.raw)} for m in messages],
        "attachments": [{"message_id": a.message_id, "name": a.original_name,
                         "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
                        for a in attachments],
        "replies": [{"channel": r.channel, "case": numbers.get(r.case_id), "text": r.text,
                     "status": r.status, "created_at": _iso(r.created_at)} for r in replies],
        "events": [{"case": numbers.get(e.case_id), "action": e.action, "actor": e.actor,
                    "at": _iso(e.at)} for e in events],
        "status_queries": session.exec(select(func.count()).select_from(StatusAttempt).where(
            col(StatusAttempt.sender).in_(urns))).one(),
    }


def erase_refusals(session: Session, petitioner: Petitioner, now: datetime,
                   days: int) -> list[str]:
    """Why the record of this person must be kept (empty: erasure is allowed)."""
    before = cutoff(now, days)
    reasons = []
    for case in cases.cases_of(session, petitioner.id or 0):
        if case.id is not None and is_purged(session, case.id):
            continue
        if case.status not in CLOSED:
            reasons.append(KEEP_OPEN.format(number=case.number, status=case.status))
        elif held(case, before):
            until = (_as_utc(case.updated_at) + timedelta(days=days)).date().isoformat()
            reasons.append(KEEP_PERIOD.format(number=case.number, days=days, until=until))
    return reasons


def erase_petitioner(session: Session, petitioner: Petitioner, now: datetime,
                     days: int) -> Report:
    """Erase (de-identify) a person whose record the law no longer keeps, in one transaction;
    raises :class:`PrivacyRefused` naming the cases still held and the rule."""
    reasons = erase_refusals(session, petitioner, now, days)
    if reasons:
        raise PrivacyRefused("；".join(reasons) + "。" + PIPL_47)
    report = Report()
    for case in cases.cases_of(session, petitioner.id or 0):
        if case.id is not None and not is_purged(session, case.id):
            report.add(deidentify_case(session, case, now, days))
    report.identities = deidentify_petitioner(session, petitioner)
    report.petitioners = 1
    return report
