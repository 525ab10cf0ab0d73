"""Completing messages a channel stored before parsing them (``meta["parse"] == "deferred"``).

Mail answers ``250`` once the raw letter is fsync'd and leaves the parse to processing time
(``channels.mail.deferred``). Before the bot decides on such a message, :class:`Completions`
runs the channel's completer on the stored raw bytes (a worker thread, outside any write
transaction, like classification) and writes the attachment files; :func:`apply` then updates
the row and links the attachments inside the deciding transaction. A completer that raises or
overruns its time leaves the row as stored, marked for a human: never lost. A disk that cannot
take the attachment files is the store's failure, not the letter's: the message stays deferred
and the processor tries it again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from bot import flagged
from channels.base import PARSE, PARSE_DEFERRED, Completer, InboundMessage, storable
from storage import Attachment, Message, StoreUnavailable
from storage.files import FileStore

__all__ = ["Completion", "Completions", "apply"]

log = logging.getLogger(__name__)

PARSE_DONE = "done"
PARSE_FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Completion:
    """What the completer made of one stored message. ``parsed`` None: it failed (``problem``)."""

    parsed: InboundMessage | None
    #: sha256 of each of ``parsed.attachments``, already durably on disk.
    digests: tuple[str, ...] = ()
    problem: str = ""


class Completions:
    """The completers by channel name, and where their attachments go."""

    def __init__(self, completers: Mapping[str, Completer], files: FileStore,
                 timeout: float = 30.0) -> None:
        self._completers = dict(completers)
        self._files = files
        self._timeout = timeout

    @staticmethod
    def wanted(message: Message) -> bool:
        """Whether ``message`` was stored with a deferred parse and is not completed yet."""
        return message.meta.get(PARSE) == PARSE_DEFERRED

    def _run(self, completer: Completer, raw: bytes, meta: Mapping[str, str]) -> Completion:
        parsed = completer(raw, meta)
        # Files first, as at intake: a row never names a file that is not on disk.
        try:
            digests = tuple(self._files.put(attachment.data) for attachment in parsed.attachments)
        except OSError as exc:
            # A full or failing disk says nothing about the letter: try it again later.
            raise StoreUnavailable(f"attachment files: {exc.strerror}") from exc
        return Completion(parsed, digests)

    async def complete(self, message: Message) -> Completion | None:
        """The completion of ``message``, or None when it needs none. Never raises for content."""
        if not self.wanted(message):
            return None
        completer = self._completers.get(message.channel)
        if completer is None:
            # Deciding on an empty text would answer nonsense; a person reads the raw letter.
            log.error("no completer for %s message %s; kept raw for a human",
                      message.channel, message.id)
            return Completion(None, problem="no_completer")
        meta = {str(key): str(value) for key, value in message.meta.items()}
        try:
            return await asyncio.wait_for(
                asyncio.to_thread(self._run, completer, message.raw, meta), self._timeout
            )
        except StoreUnavailable:
            raise  # the store, not the letter: the message stays deferred and is retried
        except TimeoutError:
            log.warning("completing message %s timed out; kept raw for a human", message.id)
            return Completion(None, problem="parse_timeout")
        except Exception as exc:  # noqa: BLE001 - the message is kept whatever the parser did
            # The type only: an exception's text may quote the petitioner's message.
            log.warning("completing message %s failed (%s); kept raw for a human",
                        message.id, type(exc).__name__)
            return Completion(None, problem="parse_failed")


def _problems(*values: str) -> str:
    codes = [code for value in values for code in value.split(",") if code]
    return ",".join(dict.fromkeys(codes))


def apply(session: Session, message: Message, completion: Completion) -> None:
    """Write ``completion`` into the locked, still deferred row ``message`` (same transaction)."""
    meta = dict(message.meta)
    parsed = completion.parsed
    if parsed is None:
        meta[PARSE] = PARSE_FAILED
        meta["problems"] = _problems(str(meta.get("problems", "")), completion.problem)
        meta.setdefault(flagged.REASON, flagged.UNREADABLE)
        message.needs_human = True
    else:
        meta.update({key: storable(value) for key, value in parsed.meta.items()})
        meta[PARSE] = PARSE_DONE
        # Storable, or the row would never take the completion and the letter would be
        # retried forever: whatever a completer returns, the store keeps.
        message.text = storable(parsed.text)
        message.subject = storable(parsed.subject)
        message.sender = storable(parsed.sender)
        message.sender_name = storable(parsed.sender_name)
        message.references = [storable(reference) for reference in parsed.references]
        message.auto_generated = parsed.auto_generated
        message.needs_human = parsed.needs_human
        assert message.id is not None  # loaded from the table
        for attachment, digest in zip(parsed.attachments, completion.digests, strict=True):
            session.add(Attachment(
                message_id=message.id, sha256=digest, size=len(attachment.data),
                content_type=storable(attachment.content_type),
                original_name=storable(attachment.filename),
                created_at=message.received_at,
            ))
    message.meta = meta  # a new dict: the JSON column sees the change
    session.add(message)
