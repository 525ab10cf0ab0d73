"""The tables. Every change to a case is also a :class:`CaseEvent` row: the audit trail.

Times are UTC. Text columns hold petitioner data: never log them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Petitioner(SQLModel, table=True):
    """A person; reachable through one or more channel identities."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = ""
    contact: str = ""  # phone or address given in the dialogue (Art 19)
    #: Resident ID number the petitioner gave (checksum verified); cleared by the retention purge.
    id_number: str = ""
    locale: str = "zh"
    #: The particulars the petitioner said they will not give ("name,contact"): a later matter
    #: of theirs is registered without asking for them again (Art 19 lets a petition be
    #: anonymous; an operator does not ask twice).
    declined: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime


class Identity(SQLModel, table=True):
    """A channel address of a petitioner: ``tel:+86…``, ``mailto:…``, ``telegram:…``."""

    id: int | None = Field(default=None, primary_key=True)
    urn: str = Field(unique=True, index=True)
    channel: str
    petitioner_id: int = Field(foreign_key="petitioner.id", index=True)
    display_name: str = ""
    opted_out: bool = False  # SMS STOP and the like: no automatic messages until START
    blocked: bool = False
    created_at: datetime


class Case(SQLModel, table=True):
    """One petition matter (信访事项)."""

    # List pages walk these newest first (keyset on id) for one status or one unit, and stop
    # after a page: without them a page at a million cases sorts the whole status or unit.
    # A supervision round reads, per status, the cases due by a day: one range each.
    __table_args__ = (
        Index("ix_case_status_id", "status", "id"),
        Index("ix_case_unit_id", "unit", "id"),
        # The bureau's queue: accepted cases not yet with a unit, and flagged open cases.
        Index("ix_case_status_unit", "status", "unit"),
        Index("ix_case_needs_human_status", "needs_human", "status"),
        Index("ix_case_status_acceptance_due", "status", "acceptance_due"),
        Index("ix_case_status_handling_due", "status", "handling_due"),
        Index("ix_case_status_review_due", "status", "review_due"),
        Index("ix_case_status_unit_notice_due", "status", "unit_notice_due"),
        Index("ix_case_status_consent_due", "status", "consent_due"),
        Index("ix_case_status_dispute_due", "status", "dispute_due"),
        # The console queues walk these in priority order and stop after a page (keyset on
        # rank, received_at, id): no page ranks every open case (issue 21, 0011_queue).
        Index("ix_case_triage_queue", "triage_rank", "received_at", "id"),
        Index("ix_case_unit_queue", "unit", "queue_rank", "received_at", "id"),
        # The few cases of a unit that name an accused unit (``bot.access.barred``, on every
        # page a unit's handler lists): without it, every case of the unit was read (0012).
        Index("ix_case_unit_accused", "unit",
              sqlite_where=text("length(CAST(accused_units AS VARCHAR)) > 2"),
              postgresql_where=text("length(CAST(accused_units AS VARCHAR)) > 2")),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True, index=True)  # XF2026-000123
    code_hash: str  # HMAC of the query code; the code itself is shown once and never stored
    petitioner_id: int = Field(foreign_key="petitioner.id", index=True)
    identity_id: int = Field(foreign_key="identity.id", index=True)
    channel: str
    status: str = Field(default="registered", index=True)
    subject: str = ""
    category: str = ""
    category_confidence: float = 0.0
    unit: str = ""
    #: The classifier's judgement (nlp) and the routing proposal, with the reasons behind it.
    statutory_type: str = ""  # 建议意见 / 检举控告 / 申诉求决
    legal_route: str = ""  # a route outside the petition system the citizen was pointed to
    emergency: bool = False
    place: str = ""
    route_unit: str = ""
    route_level: str = ""  # county / city / default / triage
    route_reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: What the intake dialogue still asks for (Art 19): "name", "contact", "details" or "".
    awaiting: str = ""
    needs_human: bool = False
    decision: str = ""  # 支持 / 解释说明 / 不予支持
    answer: str = ""
    #: The statutory workflow (bot/workflow.py): how it was dispatched and what came back.
    assign_mode: str = ""  # 转送 / 交办
    unit_report: str = ""  # 交办: the unit's report of its result (办结报告), before answering
    facts: str = ""  # facts and reasons found, for the 信访处理意见书 (Art 32)
    legal_basis: str = ""  # the legal basis of the decision (Art 32)
    #: 检举控告 (Art 30): the accused units; the case never goes to them or a unit under them.
    accused_units: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    extended_days: int = 0  # Art 34: at most 30, approved by the unit's head
    answered_at: datetime | None = None
    #: Staff record of a delivery proven outside the outbox (paper, in person) of the answer.
    delivered_on: date | None = None
    review_started_on: date | None = None  # 复查 / 复核 request received: its answer clock starts
    review_due: date | None = None
    #: 复核 hearings (Art 36: not counted): [[first_day, last_day or ""], ...] as ISO dates.
    hearing_pauses: list[list[str]] = Field(default_factory=list,
                                            sa_column=Column(JSON, nullable=False))
    merged_into: str = ""  # 并单: the number of the case this one was merged into
    rating: int | None = None  # the latest satisfaction grade, 1..5
    #: 督办: the last supervision level raised ("", near_due, overdue) and for which due date.
    supervision: str = ""
    supervision_due: date | None = None
    #: The day the next escalation rung starts (None: the top rung, or none raised yet). A
    #: supervision round skips, in SQL, every case whose due date and rung have not changed.
    supervision_next: date | None = None
    received_at: datetime
    acceptance_due: date | None = None
    handling_due: date | None = None
    #: Art 23 ¶3: the day the receiving unit's own acceptance notice is due; cleared when it is
    #: given or escalated (the event keeps the date).
    unit_notice_due: date | None = None
    #: The sending office's decision on a 退单 is due (local rule ``objection_consent``), and
    #: a jurisdiction dispute's decision (Art 24, ``jurisdiction_decision``): cleared when
    #: decided or escalated, like ``unit_notice_due``.
    consent_due: date | None = None
    dispute_due: date | None = None
    #: A leader's 批示 is on the case (the ``instruct`` events are the record; this is their
    #: summary for the queue's order).
    instructed: bool = False
    #: The queue's priority, kept by ``bot/queue_rank.py`` whenever an input changes:
    #: 0 (instructed, emergency, for a person) .. 7; None when the case is not open.
    queue_rank: int | None = None
    #: The same priority while the case is in the bureau's triage queue, else None.
    triage_rank: int | None = None
    created_at: datetime
    updated_at: datetime


#: The partial index's predicate, as each database's compiler writes the list's WHERE (``IS 1``
#: in SQLite, ``IS true`` in PostgreSQL): both use a partial index only for a query whose WHERE
#: implies the index's.
FLAGGED_SQLITE = "needs_human IS 1 AND case_id IS NULL"
FLAGGED_POSTGRESQL = "needs_human IS true AND case_id IS NULL"


class Message(SQLModel, table=True):
    """A message in or out, with the raw input exactly as received."""

    __table_args__ = (
        UniqueConstraint("channel", "external_id", "content_hash", name="uq_message_external"),
        # The few messages flagged for a person that no case holds (``bot.staff.
        # flagged_messages``, the console's and the API's list), newest first: without it a
        # page walked every case-less message (0.55-0.67 s at a million, 40 % case-less;
        # 0015). Only flagged rows enter it, so an arrival maintains no more than before. The
        # two flags lead it: on ``id`` alone SQLite preferred ``ix_message_case_id``.
        Index("ix_message_flagged", "needs_human", "case_id", "id",
              sqlite_where=text(FLAGGED_SQLITE),
              postgresql_where=text(FLAGGED_POSTGRESQL)),
    )

    id: int | None = Field(default=None, primary_key=True)
    direction: str = "in"  # in / out
    #: Not indexed on its own: the unique key below starts with it (one index less per arrival).
    channel: str
    external_id: str
    content_hash: str = ""
    sender: str = Field(index=True)  # URN
    sender_name: str = ""
    subject: str = ""
    text: str = ""
    raw: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    references: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    auto_generated: bool = False
    needs_human: bool = False
    received_at: datetime
    processed_at: datetime | None = Field(default=None, index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)


class Attachment(SQLModel, table=True):
    """A file kept content-addressed under the data dir; the original name is metadata only."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    sha256: str = Field(index=True)
    size: int
    content_type: str = "application/octet-stream"
    original_name: str = ""
    created_at: datetime


class CaseEvent(SQLModel, table=True):
    """The audit trail: who did what to a case, when, and why."""

    # "Cases with a 批示" (the console queue) asks by action: without it, every queue page
    # read the whole audit trail (5.7M rows at a million cases), three times.
    __table_args__ = (Index("ix_caseevent_action_case_id", "action", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    actor: str
    action: str
    at: datetime
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Outbox(SQLModel, table=True):
    """A reply or notice waiting to go out, then the record of how it went."""

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(index=True)
    recipient: str
    text: str
    subject: str = ""
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    #: The inbound message this answers, if any (one reply set per inbound message).
    message_id: int | None = Field(default=None, foreign_key="message.id", index=True)
    in_reply_to: str = ""
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: pending → sending → sent / failed; inline: delivered on the request's own response.
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str = ""
    provider_id: str = Field(default="", index=True)
    delivery_status: str = ""  # the provider's later word: delivered / undelivered / …
    created_at: datetime
    sent_at: datetime | None = None
    delivered_at: datetime | None = None


class DeliveryReport(SQLModel, table=True):
    """A provider's delivery report that matched no outbox row yet, held until it does.

    The worker records a claim's provider ids only after every send of the claim returned
    (one transaction per claim), so a fast status callback can come first; it waits here and
    ``bot.outbox`` applies it when the id is recorded. Duplicates collapse on the unique key.
    Reports no row ever claims are deleted by the retention round (``bot.retention``).
    """

    __table_args__ = (
        UniqueConstraint("channel", "provider_id", "status", name="uq_deliveryreport"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    provider_id: str
    status: str
    received_at: datetime = Field(index=True)


class Appointment(SQLModel, table=True):
    """A leader-reception appointment (预约接访) or a return visit after an answer (回访)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str = "reception"  # reception / return_visit
    day: date = Field(index=True)
    leader: str = ""  # who receives (reception days, bot/reception.py)
    status: str = "booked"  # booked / done / cancelled
    result: str = ""  # what the return visit found
    created_by: str = ""
    created_at: datetime
    done_at: datetime | None = None


class Rating(SQLModel, table=True):
    """A petitioner's satisfaction grade for an answer, kept per handling unit (Art 21)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    unit: str = Field(default="", index=True)
    score: int  # 1..5
    stage: str = "answer"  # answer / review / rereview
    channel: str = ""
    at: datetime


class CaseCounter(SQLModel, table=True):
    """Case-number counter for SQLite (PostgreSQL uses the ``case_number_seq`` sequence)."""

    id: int = Field(default=1, primary_key=True)
    value: int = 0


class StatusAttempt(SQLModel, table=True):
    """Status queries that named a case from a foreign identity; for throttling guessers."""

    id: int | None = Field(default=None, primary_key=True)
    sender: str = Field(index=True)
    #: The case number asked about (existing or not): many senders guessing one case's code
    #: are limited together.
    case_number: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    succeeded: bool
    at: datetime = Field(index=True)


class MediaFetch(SQLModel, table=True):
    """A file a message names but did not carry (MMS MediaUrl, Telegram file id), to download
    with the channel's credentials and keep as an attachment; retried like the outbox."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    channel: str
    ref: str  # the URL or file id
    filename: str = ""
    content_type: str = ""
    status: str = Field(default="pending", index=True)  # pending / done / failed
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str = ""
    created_at: datetime


class CategoryCorrection(SQLModel, table=True):
    """A clerk's verdict on the classifier's category (triage: console, API or CLI), with the
    text it was about, so the bureau's own cases can train the next model. ``predicted`` is
    what the case carried before (the classifier's, or an earlier verdict); a row whose
    ``category`` equals it is a confirmation. ``text`` is petitioner data: the retention purge
    clears it with the case."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    predicted: str
    confidence: float = 0.0
    category: str
    text: str
    actor: str
    source: str  # console / api / cli
    at: datetime = Field(index=True)


class JudgementCorrection(SQLModel, table=True):
    """A clerk's verdict on one of the dialogue's judgements of a case's first message
    (``judgement``: ``intent`` or ``emergency``), with the text judged and the words that drove
    the judgement, so the next intent and emergency models learn from the bureau's cases.
    ``predicted`` is what the case carried before; equal to ``value`` it is a confirmation.
    ``text`` is petitioner data: the retention purge clears it with the case."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    judgement: str  # intent / emergency
    predicted: str
    value: str
    confidence: float = 0.0
    terms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    text: str
    actor: str
    source: str  # console / api / cli
    at: datetime = Field(index=True)


class CaseMatter(SQLModel, table=True):
    """A case's matter signature (nlp's ``MatterSignature.to_bytes``), computed once when the
    case is registered, so that later comparisons never read or tokenize its text again.

    A table of its own rather than a column of ``case``: every case read would carry the bytes.
    """

    case_id: int = Field(foreign_key="case.id", primary_key=True)
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class MatterKey(SQLModel, table=True):
    """Retrieval keys of a case's matter (LSH bands, named places, county × thing): the cases
    sharing a key with a new one are its candidates, found in one indexed query."""

    #: The case id in the index too: a collective check's candidate page is read from the
    #: index alone, no table row per key in the window (issue 17, 0014_matterkey_covering).
    __table_args__ = (Index("ix_matterkey_key_at_case", "key", "at", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: int = Field(sa_column=Column(BigInteger, nullable=False))
    case_id: int = Field(foreign_key="case.id", index=True)
    at: datetime  # when the case was registered: the collective window is a range on it


class StaffNotice(SQLModel, table=True):
    """An escalation to a person (督办升级, bot/escalation.py): one row per case, rule, due date
    and recipient, unique, so the same escalation is never queued twice; delivered by
    bot/escalation_delivery.py (mail, the bureau's webhook), grouped per recipient.

    ``recipient`` is ``mailto:…`` or ``webhook`` (the URL is read from the settings when sent:
    it may carry the bureau's token). The text names case numbers, stages, dates and units
    only, never petitioner data."""

    __table_args__ = (UniqueConstraint("dedup_key", name="uq_staffnotice_dedup"),
                      Index("ix_staffnotice_due", "status", "next_attempt_at"))

    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    rule: str
    recipient: str
    title: str
    text: str
    status: str = "pending"  # pending → sent / failed
    attempts: int = 0
    next_attempt_at: datetime
    last_error: str = ""
    created_at: datetime
    sent_at: datetime | None = None


class EscalationCursor(SQLModel, table=True):
    """How far the escalation round has read the audit trail (emergencies, collective alerts,
    批示, late acceptances are CaseEvents): the last CaseEvent id it looked at."""

    name: str = Field(primary_key=True)
    last_event_id: int = 0
