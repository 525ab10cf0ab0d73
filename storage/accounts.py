"""Tables for the people and systems that reach the cases from outside the channels.

Staff accounts with a role and a unit, their API tokens, the api keys of Open311 client
systems, the Open311 service-request tokens, and the audit of every read of a petitioner's
personal data. Tokens and keys are stored only as SHA-256 digests: the clear value is shown
once, when it is issued. Times are UTC.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

#: Staff roles, from least to most reach: triage clerk, unit handler, supervisor, admin.
ROLES = ("clerk", "handler", "supervisor", "admin")


class StaffUser(SQLModel, table=True):
    """A staff account. A ``handler`` belongs to one unit and sees only that unit's cases."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    role: str  # one of ROLES
    unit: str = ""
    active: bool = True
    created_at: datetime


class ApiToken(SQLModel, table=True):
    """A bearer token of a staff account, stored as the SHA-256 hex digest of the token."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staffuser.id", index=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime
    revoked_at: datetime | None = None


class Open311Key(SQLModel, table=True):
    """The ``api_key`` of an Open311 client system (a city app, a 12345 platform)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    key_hash: str = Field(unique=True, index=True)
    created_at: datetime
    revoked_at: datetime | None = None


class Open311Request(SQLModel, table=True):
    """A service request filed through Open311: its token, its message and, once known, its case.

    ``case_number`` is empty until the message was registered as (or attached to) a case.
    """

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(unique=True, index=True)
    message_id: int = Field(foreign_key="message.id", unique=True)
    case_number: str = Field(default="", index=True)
    key_id: int = Field(foreign_key="open311key.id", index=True)
    service_code: str = ""
    created_at: datetime


class PersonalDataAccess(SQLModel, table=True):
    """The audit of personal-data reads: who read what about which case, when, and how."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staffuser.id", index=True)
    actor: str  # the account name at the time of the read
    case_number: str = Field(default="", index=True)  # empty for a search over many cases
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    purpose: str = ""  # the request that read it, e.g. "GET /api/cases/{number}"
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(index=True)


class ConsoleSession(SQLModel, table=True):
    """A signed-in console session, shared by every ``serve`` process on the database.

    The browser's cookie is a random 32-byte secret; only its SHA-256 digest is stored, so a
    copy of this table opens no session. It points at the staff token it was opened with,
    not at the account alone: revoking that token ends the session. ``csrf`` is the session's
    form token (useless without the cookie). Rows past ``expires_at`` or idle longer than the
    console allows are deleted by the retention round; until then they are refused on read.
    """

    id: int | None = Field(default=None, primary_key=True)
    session_hash: str = Field(unique=True, index=True)
    token_id: int = Field(foreign_key="apitoken.id", index=True)
    csrf: str
    opened_at: datetime
    seen_at: datetime
    expires_at: datetime = Field(index=True)
