"""What the bot is waiting for on a case (``Case.awaiting``) and how it asks it.

``Case.awaiting`` holds the Art 19 items asked, comma-separated ("name,contact"), plus two
dialogue states of their own: ``supplement`` (after "追加材料": the next message is the
material) and ``confirm:<message id>`` (the bot asked "是对 XF… 的补充吗？" about that message).
A confirm comes first and may be followed by the particulars still asked
("confirm:42,contact"): asking about a message does not drop the question before it.

A module of its own so that every row can ask again what is pending (the status row too)
without importing the slot-answer row.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue import particulars
from bot.dialogue.draft import Draft
from bot.dialogue.turn import Turn
from storage import Case

SUPPLEMENT = "supplement"
CONFIRM = "confirm:"
#: The petitioner's own particulars: known on the petitioner, whichever case asked for them.
PERSONAL = ("name", "contact")


def pending(case: Case) -> list[str]:
    return [item for item in case.awaiting.split(",") if item]


def ask(language: str, items: list[str]) -> str:
    """One question for all ``items`` (the single-item wording when there is one)."""
    if len(items) == 1:
        return texts.say(language, "ask_" + items[0])
    return texts.say(language, "ask_items", items=particulars.listing(language, items))


def taking_down(case: Case) -> bool:
    """The case is being taken down: registered, and only the petitioner's name or contact
    is still asked (no material, details or yes / no awaited)."""
    items = pending(case)
    return bool(items) and all(item in PERSONAL for item in items)


def confirming(case: Case) -> int | None:
    """The id of the message the bot asked "是对 XF… 的补充吗？" about on ``case``, if any."""
    items = pending(case)
    if items and items[0].startswith(CONFIRM):
        return int(items[0][len(CONFIRM):] or 0)
    return None


def still_unknown(turn: Turn, items: list[str]) -> list[str]:
    """The personal ``items`` the petitioner has still not given (other items kept as they
    are): a phone given in any message answers every case's question for it."""
    known = {"name": bool(turn.petitioner.name),
             "contact": bool(turn.petitioner.contact) or turn.sender_is_contact}
    return [item for item in items if not known.get(item, False)]


def confirm_question(language: str, case: Case, message_id: int, prefix: str = "") -> Draft:
    """"这条消息是对 XF… 的补充吗？" about message ``message_id``, with yes / no buttons."""
    return Draft(prefix + texts.say(language, "supplement_question", number=case.number), case,
                 buttons=(((texts.say(language, "yes"), f"supp:yes:{message_id}"),
                           (texts.say(language, "no"), f"supp:no:{message_id}")),))
