"""A reply the dialogue decided, before it becomes an outbox row."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Protocol


class CaseRef(Protocol):
    """What a reply needs of its case: the id for the outbox row, the number for its subject.
    An ORM ``Case`` and the status fast path's ``lookup.CaseStatus`` both are one."""

    @property
    def id(self) -> int | None: ...

    @property
    def number(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply decided by the conversation, before it becomes an outbox row."""

    text: str
    case: CaseRef | None = None
    #: Sent even to an opted-out identity (the one opt-out confirmation).
    ignore_opt_out: bool = False
    language: str = "zh"
    #: Rows of (label, callback data): inline keyboards where the channel has them; other
    #: channels show the labels as text and the citizen answers with a label.
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()


def one_reply(drafts: list[Draft]) -> list[Draft]:
    """The drafts joined into as few messages as possible: a letter gets one answer.

    Drafts with buttons stay apart (the keyboard belongs to its own message); the rest are
    joined in order, each paragraph on its own line, under the first draft's case.
    """
    plain = [d for d in drafts if not d.buttons]
    if len(plain) <= 1:
        return drafts
    joined = Draft("\n\n".join(d.text for d in plain),
                   next((d.case for d in plain if d.case is not None), None),
                   ignore_opt_out=all(d.ignore_opt_out for d in plain),
                   language=plain[0].language)
    return [joined] + [d for d in drafts if d.buttons]


#: An English sentence run into the next by concatenated texts ("…added to it.To handle it"):
#: Chinese sentences need no space between them, English ones do.
_RUN_ON = re.compile(r"(?<=[A-Za-z0-9)][.!?])(?=[A-Z])")


def spaced(draft: Draft) -> Draft:
    """``draft`` with its English sentences apart; Chinese text is left as it is."""
    if draft.language != "en":
        return draft
    text = _RUN_ON.sub(" ", draft.text)
    return draft if text == draft.text else replace(draft, text=text)
