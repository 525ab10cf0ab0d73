"""A message that only points at pictures or files, with none attached ("如图", "见附图", "照片
发你们了"): the file did not arrive. Said so, and the question that stands is asked again.

Answered as a slot value it was "no valid phone number" (while the contact was asked), a name
"如图", an empty case of its own, or "已将补充材料加入…" for material that never came. Whatever
the bot waits for — a name, a contact, the details, material — the answer is the same: nothing
came with this message on this channel; send it again, and what is still missing.
"""

from __future__ import annotations

from datetime import timedelta

from bot import texts
from bot.dialogue.draft import Draft
from bot.dialogue.questions import CONFIRM, SUPPLEMENT, ask, pending
from bot.dialogue.turn import Turn
from nlp.attached import only_points_at_files
from storage import Case

#: How long after a message with files a bare "如图" still points at them (a caption sent as
#: the next message: WeChat has no caption on a picture; a Telegram album's words may come apart).
CAPTION_AFTER_FILES = timedelta(minutes=10)


class MissingFiles:
    name = "missing_files"

    def check(self, turn: Turn) -> bool:
        # (A caption with its pictures is material, the follow-up row's.)
        return (not turn.analysis.emergency and only_points_at_files(turn.text)
                and not turn.carries_files())

    def handle(self, turn: Turn) -> list[Draft]:
        language = turn.language
        if turn.files_came_just_before(CAPTION_AFTER_FILES):
            return self._caption_after_its_files(turn)
        said = texts.say(language, "files_not_arrived")
        case, asked = _still_asked(turn)
        if case is not None and asked and SUPPLEMENT not in asked:
            return [Draft(said + ask(language, asked), case)]
        target = case if case is not None and asked else turn.latest_open()
        if target is not None:
            # The open case's material is what was meant: its prompt, and the next message
            # with files joins it.
            target.awaiting = SUPPLEMENT
            turn.session.add(target)
            return [Draft(said + texts.say(language, "supplement_prompt", number=target.number),
                          target)]
        return [Draft(said + texts.say(language, "new_prompt"))]

    @staticmethod
    def _caption_after_its_files(turn: Turn) -> list[Draft]:
        """"如图" right after the picture: the picture was the message, and has been handled
        (material for the open case, or the matter's first words); these words add nothing
        and ask for nothing: say it came, and ask again what is still asked."""
        language = turn.language
        said = texts.say(language, "files_just_received")
        case, asked = _still_asked(turn)
        if case is not None and asked and SUPPLEMENT not in asked:
            return [Draft(said + ask(language, asked), case)]
        return [Draft(said, case if case is not None else turn.latest_open())]


def _still_asked(turn: Turn) -> tuple[Case | None, list[str]]:
    """The case waiting on an answer, and what it still asks (a confirmation aside)."""
    case = turn.awaiting_case()
    if case is None:
        return None, []
    return case, [item for item in pending(case) if not item.startswith(CONFIRM)]
