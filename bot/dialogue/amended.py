"""A correction of one's particulars told in words, in any state: never a case, never material.

"门牌号搞错了，应该是19号", "哦小区名字错了，是和美小区", "号码倒数第二位是3不是2", "电话留错了，刚那
个是我儿子的" (read by bot.dialogue.amendment, word for word). What the bot does:

- the complete value given with it ("电话最后一位是8，13812340008"): kept already (particulars.learn),
  acknowledged as the chitchat row acknowledges particulars alone;
- a part of the address on file, unambiguous (the one house number, the one 小区, the part named
  after 不是): put in place, and said so, inviting the whole address if it is still wrong;
- anything else — a digit of a phone by its place (a misread place would keep a wrong number
  that looks right), a number called wrong with no new one, two parts of one kind: the complete
  value is asked for.

Either way the message is filed under the petitioner's open case (the one the bot is asking
about first), so a clerk reads the citizen's own words. A part of an address when none is on
file corrects the matter's place ("说错了，是19号不是9号" of the road told): material for the
open case, as a supplement.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue import particulars, questions
from bot.dialogue.amendment import ADDRESS, ID_NUMBER, NAME, PHONE, Amendment, amended_address, read
from bot.dialogue.chitchat import acknowledge
from bot.dialogue.draft import Draft
from bot.dialogue.followup import supplement
from bot.dialogue.turn import Turn
from storage import Case

#: Which kept particular (``Turn.learned``) each corrected item is.
_KEPT_AS = {PHONE: "contact", ADDRESS: "contact", NAME: "name", ID_NUMBER: "id_number"}


def told(turn: Turn) -> Amendment | None:
    """The correction this message is, and nothing else; a place given for another with no
    particular named ("说错了，是下坝村，不是上坝村") only when the wrong one is the address on
    file (else it corrects the matter, told before)."""
    amendment = read(turn.analysis.text or turn.text)
    if amendment is None or amendment.named:
        return amendment
    address = particulars.current_address(turn.petitioner.contact)
    return amendment if address and all(old in address for old in amendment.old) else None


class Amended:
    name = "amended"

    def check(self, turn: Turn) -> bool:
        # The text first: reading it costs no SQL, the attachments one statement (issue 17).
        if turn.message.needs_human or told(turn) is None:
            return False
        return not turn.carries_files()  # material with a caption

    def handle(self, turn: Turn) -> list[Draft]:
        amendment = told(turn)
        assert amendment is not None  # check() read it
        if all(_KEPT_AS[item] in turn.learned for item in amendment.items):
            return acknowledge(turn)  # the whole new value came with it
        case = turn.awaiting_case() or turn.latest_open()
        if amendment.items == (ADDRESS,) and amendment.new:
            current = particulars.current_address(turn.petitioner.contact)
            if not current and case is not None:
                return supplement(turn, case)  # no address on file: the matter's place
            amended = amended_address(current, amendment)
            if amended:
                return self._applied(turn, case, amended)
        return self._ask(turn, case, amendment)

    @staticmethod
    def _applied(turn: Turn, case: Case | None, address: str) -> list[Draft]:
        turn.petitioner.contact = particulars.with_address(turn.petitioner.contact, address)
        turn.session.add(turn.petitioner)
        turn.learned = (*turn.learned, "contact")
        if case is None:
            return [Draft(texts.say(turn.language, "amendment_applied"))]
        turn.attach(case, "particulars_corrected", item="contact", told=True)
        return [Draft(texts.say(turn.language, "amendment_applied_case", number=case.number)
                      + _still_asked(turn, case, ()), case)]

    @staticmethod
    def _ask(turn: Turn, case: Case | None, amendment: Amendment) -> list[Draft]:
        language = turn.language
        items = particulars.listing(language, amendment.items)
        hint = texts.say(language, "amendment_hint_" + amendment.items[0])
        if case is None:
            return [Draft(texts.say(language, "amendment_ask", items=items, hint=hint))]
        # The citizen's words on the case: a clerk who calls them knows the number on file is
        # wrong even if the corrected one never comes.
        turn.attach(case, "particulars_correction_told", item=",".join(amendment.items))
        return [Draft(texts.say(language, "amendment_ask_case", number=case.number, items=items,
                                hint=hint)
                      + _still_asked(turn, case, [_KEPT_AS[item] for item in amendment.items]), case)]


def _still_asked(turn: Turn, case: Case, asked_now: tuple[str, ...] | list[str]) -> str:
    """The bot's own question on ``case`` still open (the name, while a phone is corrected):
    asked again, not left behind; the particular just asked for in full is not asked twice."""
    still = [item for item in questions.pending(case)
             if item in ("name", "contact") and item not in asked_now]
    return questions.ask(turn.language, still) if still else ""
