"""The personal-data access audit: one row per read of a petitioner's data, in the same
transaction as the read. The row names who read (account and name), what (the fields shown),
which case, when, and through which request; it holds no copy of the data itself."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.api.accounts import Principal
from storage.accounts import PersonalDataAccess


def record_access(session: Session, principal: Principal, *, case_number: str,
                  fields: Sequence[str], purpose: str, now: datetime,
                  **details: Any) -> None:
    session.add(PersonalDataAccess(
        user_id=principal.user_id, actor=principal.name, case_number=case_number,
        fields=list(fields), purpose=purpose, details=details, at=now,
    ))
