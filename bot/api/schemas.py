"""Pydantic models of the API's replies, for validation and the OpenAPI document.

Case views stay open dictionaries (``bot.cases.case_view``): the workflow adds fields as it
grows, and the API passes them on rather than silently dropping them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    code: str = Field(description="stable machine-readable code, e.g. not_found, conflict")
    message: str = Field(description="what went wrong, for people")


class ErrorReply(BaseModel):
    """Every error from /api has this shape."""

    error: ErrorDetail


class Me(BaseModel):
    name: str
    role: str = Field(description="clerk, handler, supervisor or admin")
    unit: str = Field(description="the unit of a handler; empty for the others")
    actions: list[str] = Field(description="the case actions this account may take")


class CaseView(BaseModel):
    """A case (``bot.cases.case_view``); detail views add messages, events and the petitioner."""

    model_config = ConfigDict(extra="allow")

    number: str
    status: str
    unit: str
    statutory_type: str


class CaseList(BaseModel):
    items: list[dict[str, Any]]
    page: int
    per_page: int
    total: int = Field(description=(
        "the matching cases; with total_exact false, a lower bound (more match: ask "
        "count=exact for the figure)"))
    #: False when more cases match than a bounded count reads (``bot.api.queries``).
    total_exact: bool = True
    #: Pass as ``after`` for the next page (keyset pagination); "" on the last page.
    next: str = ""


class FlaggedMessage(BaseModel):
    """A message flagged for a person that no case holds (``bot.staff.flagged_messages``)."""

    id: int
    channel: str
    sender: str = Field(description="the channel address, masked (phone, e-mail, name)")
    received_at: str
    reason: str = Field(description=(
        "why it was flagged: person, emergency, flood, failed, unreadable; \"\" when its "
        "channel flagged it on arrival (or before reasons were kept)"))
    text: str = Field(description="the first 500 characters, query codes masked")


class FlaggedDetail(BaseModel):
    """One flagged message in its audited single view: the sender shown whole, to call back."""

    id: int
    channel: str
    sender: str = Field(description="the channel address, whole (tel:, mailto:, a chat id)")
    sender_name: str = Field(description="the display name the channel gave, if any")
    contact: str = Field(description=(
        "the phone number or e-mail address to call back when the address is one; \"\" for "
        "a chat id (answer on its channel)"))
    received_at: str
    reason: str = Field(description="why it was flagged, as in the list")
    subject: str = Field(description="a mail's subject, query codes masked; \"\" otherwise")
    text: str = Field(description="the whole text, query codes masked")


class FlaggedList(BaseModel):
    items: list[FlaggedMessage]
    per_page: int
    #: Pass as ``after`` for the next page (keyset pagination); "" on the last page.
    next: str = ""


class Handled(BaseModel):
    id: int
    handled_by: str
    handled_at: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorReply, "description": description}
    for status, description in (
        (401, "no token, or not a valid one"),
        (403, "the account's role does not allow it"),
        (404, "no such case, or not one this account may see"),
        (422, "invalid input"),
    )
}
