"""Durable storage: SQLModel tables, engines, migrations, attachment files, group commit."""

from storage.errors import NotFound, StorageError, StoreUnavailable
from storage.models import (
    Attachment,
    Case,
    CaseEvent,
    Identity,
    Message,
    Outbox,
    Petitioner,
    StatusAttempt,
)
from storage.store import NewAttachment, NewMessage, Store, Stored

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "Identity",
    "Message",
    "NewAttachment",
    "NewMessage",
    "NotFound",
    "Outbox",
    "Petitioner",
    "StatusAttempt",
    "StorageError",
    "Store",
    "StoreUnavailable",
    "Stored",
]
