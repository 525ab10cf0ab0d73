"""Durable storage: SQLModel tables, engines, migrations, attachment files, group commit."""

from storage import accounts as accounts  # staff accounts, tokens, Open311, access audit
from storage.errors import NotFound, StorageError, StoreUnavailable, WriteConflict
from storage.models import (
    Appointment,
    Attachment,
    Case,
    CaseEvent,
    CaseMatter,
    CategoryCorrection,
    DeliveryReport,
    EscalationCursor,
    Identity,
    JudgementCorrection,
    MatterKey,
    MediaFetch,
    Message,
    Outbox,
    Petitioner,
    Rating,
    StaffNotice,
    StatusAttempt,
)
from storage.store import NewAttachment, NewMessage, Store, Stored

__all__ = [
    "Appointment",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseMatter",
    "CategoryCorrection",
    "DeliveryReport",
    "EscalationCursor",
    "Identity",
    "JudgementCorrection",
    "MatterKey",
    "MediaFetch",
    "Message",
    "NewAttachment",
    "NewMessage",
    "NotFound",
    "Outbox",
    "Petitioner",
    "Rating",
    "StaffNotice",
    "StatusAttempt",
    "StorageError",
    "Store",
    "StoreUnavailable",
    "Stored",
    "WriteConflict",
]
