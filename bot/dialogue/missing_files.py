"""A message that only points at pictures or files, with none attached ("如图", "见附图", "照片
发你们了"): the file did not arrive. Said so, and the question that stands is asked again.

Answered as a slot value it was "no valid phone number" (while the contact was asked), a name
"如图", an empty case of its own, or "已将补充材料加入…" for material that never came. Whatever
the bot waits for — a name, a contact, the details, material — the answer is the same: nothing
came with this message on this channel; send it again, and what is still missing.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue.draft import Draft
from bot.dialogue.questions import CONFIRM, SUPPLEMENT, ask, pending
from bot.dialogue.turn import Turn
from nlp.attached import only_points_at_files


class MissingFiles:
    name = "missing_files"

    def check(self, turn: Turn) -> bool:
        # (A caption with its pictures is material, the follow-up row's.)
        return (not turn.analysis.emergency and only_points_at_files(turn.text)
                and not turn.carries_files())

    def handle(self, turn: Turn) -> list[Draft]:
        language = turn.language
        said = texts.say(language, "files_not_arrived")
        case = turn.awaiting_case()
        asked = [item for item in pending(case) if not item.startswith(CONFIRM)] \
            if case is not None else []
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
