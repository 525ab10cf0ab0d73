"""Supplements and follow-ups, tied to the open case.

- "追加材料" alone is a command: the bot names the case and waits for the material.
- A message naming one of the sender's cases (number, or a mail reply threaded on what we
  sent), or that says it supplements, joins that case (else the newest open one).
- A new matter from a sender with an open case: the same matter (``MatterIndex``, sure of
  it) joins it; one likely the same matter, or a short or referring one ("他们的排烟管道直接对着我家窗户") makes the bot ask "是对 XF… 的补充
  吗？" with yes / no buttons, and the answer decides. An accusation is always a new matter.
- While a case is being taken down (its name or contact asked), what goes on with its matter
  joins it and what says it is another matter is registered (bot.dialogue.intake); between
  the two the bot asks, and the particulars are asked again after the answer.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from sqlmodel import col, select

from bot import texts
from bot.dialogue import intake, particulars, questions, slots
from bot.dialogue.draft import Draft
from bot.dialogue.faqreply import faq_reply
from bot.dialogue.goes_on import goes_on_with
from bot.dialogue.handler import Handler
from bot.dialogue.matter import NewMatter
from bot.dialogue.pointer import only_points_back
from bot.dialogue.routestage import stage_notice
from bot.dialogue.turn import Turn
from nlp import Analysis, Intent
from nlp.attached import only_points_at_files
from nlp.caserefs import strip_case_refs
from nlp.normalize import content_chars, normalize
from nlp.particulars import only_someone_elses_number
from storage import Case, Message, Outbox

#: Words of a supplement command; what is left beyond them is the material, if anything.
_COMMAND_WORDS = re.compile(r"我想|我要|我需要|需要|请求|申请|再|另外|还有|追加|补充|增补|提交|上传|发送|"
                            r"材料|证据|说明|情况|内容|一下|资料|照片|图片|文件|add|more|supplement|"
                            r"material|evidence|information|info", re.IGNORECASE)
#: A follow-up refers back ("他们", "还是", "又"): short ones, or these, are asked about.
_REFERS_BACK = re.compile(r"他们|她们|它们|该|这个|那个|这家|那家|还是|仍然|依然|依旧|又|再次|还在|继续|"
                          r"上次|之前|刚才|同一")
_FOLLOW_UP_MAX_CHARS = 40
#: A caption up to this long with pictures or files is material for the open case.
_CAPTION_MAX_CHARS = 80
#: Shorter than this, a message says too little to be a matter of its own: asked about.
_SHORT_CHARS = 20
#: A yes / no typed answer to the supplement question (SMS and mail show the buttons as text).
_YES = frozenset({"是", "是的", "对", "对的", "嗯", "好", "好的", "是补充", "yes", "y", "yeah"})
_NO = frozenset({"不是", "不", "否", "不对", "新的", "新问题", "另一件", "no", "n"})
_BARE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
#: Analyses of messages held for the supplement question, by message id: a "no" registers the
#: message with the judgements it had. Bounded; a held message forgotten (a restart, another
#: server) is answered by asking the citizen to send it again.
_HELD = 512


#: A "no" said at more length: it opens on a no and says the message is another matter
#: ("不是，是另一件事", "不是的，这是新问题，跟飙车没关系").
_NO_OPENING = re.compile(r"^(?:不是|不对|没有|并不是|不不|no)(?:的|啊|呀|哦|呢)?"
                         r"(?=[\W_]|$|是|这|那|我|另|新|跟|和|与|补充)", re.IGNORECASE)
_ANOTHER_MATTER = re.compile(r"另[一外]|别的|新的|新问题|两回事|两码事|不是一回事|没关系|无关|"
                             r"不相干|单独|重新|another|different|new", re.IGNORECASE)
#: A "yes" said at more length ("是的，就是补充那个事", "对，是补充").
_YES_OPENING = re.compile(r"^(?:是|对|嗯|没错|yes\b)", re.IGNORECASE)
_SAME_MATTER = re.compile(r"补充|同一|一回事|一件事|那件事|那个事|就是|还是|上次|刚才|之前|same|add")
#: At most this many content characters besides the yes or no: longer is a message of its own.
_ANSWER_CHARS = 24


def yes_no(text: str, *, at_length: bool = False) -> bool | None:
    """A bare yes or no (True, False; None when it is neither). ``at_length``: also one said
    in a few more words ("不是，是另一件事"), read only as the answer to the bot's own question
    ("是对 XF… 的补充吗？"): elsewhere "有没有新的进展" asks about progress."""
    bare = _BARE.sub("", text.lower())
    if bare in _YES:
        return True
    if bare in _NO:
        return False
    if not at_length:
        return None
    stripped = text.strip()
    if content_chars(stripped) > _ANSWER_CHARS:
        return None
    if _NO_OPENING.match(stripped) or _ANOTHER_MATTER.search(stripped):
        return False
    if _YES_OPENING.match(stripped) and (bare.startswith(("是的", "对的", "没错", "yes"))
                                         or _SAME_MATTER.search(stripped)
                                         or content_chars(stripped) <= 4):
        return True
    return None


#: A "no" at length that has this many content characters beyond its no tells a matter too.
_TOLD_BESIDE_NO = 8


def _tells_another(turn: Turn) -> bool:
    """A "no" to the supplement question that also tells the other matter."""
    rest = _ANOTHER_MATTER.sub("", _NO_OPENING.sub("", turn.text.strip()))
    return turn.analysis.intent is Intent.NEW_PETITION and \
        content_chars(rest) >= _TOLD_BESIDE_NO


def answers_our_question(turn: Turn) -> bool:
    """A yes or no, bare or (while the supplement question is open) at length: the answer to
    the bot's own question, never a status question or a request for help."""
    if yes_no(turn.text) is not None:
        return True
    return yes_no(turn.text, at_length=True) is not None and any(
        case.awaiting.startswith(questions.CONFIRM) for case in turn.open_cases())


def referenced_case(turn: Turn) -> Case | None:
    """A case of this same petitioner named in the text or the mail references."""
    numbers = [ref.number for ref in turn.analysis.case_refs] + [
        r.upper() for r in turn.message.references if r.upper().startswith("XF")]
    for number in numbers:
        case = turn.own_case(number)
        if case is not None:
            return case
    # A mail reply threads on the Message-ID of what we sent: only to this same sender.
    message_ids = [r for r in turn.message.references if r.startswith("<")]
    if message_ids:
        case_id = turn.session.exec(select(Outbox.case_id).where(
            col(Outbox.provider_id).in_(message_ids), Outbox.recipient == turn.identity.urn,
            col(Outbox.case_id).is_not(None))).first()
        if case_id is not None:
            return turn.session.get(Case, case_id)
    return None


def supplement(turn: Turn, case: Case) -> list[Draft]:
    """Material for ``case``; a phone given with it ("13612345678，对了这已经三个月了") is
    taken, and what the case still asks is asked again."""
    return intake.add_material(turn, case)


def _another_matter_while_taking_down(turn: Turn) -> bool:
    """"还有个问题，…" (read as a supplement) while the newest case's particulars are asked:
    registered on its own, not the material of the case being taken down."""
    case = turn.awaiting_case()
    return (case is not None and questions.taking_down(case) and intake.another_matter(turn)
            and not intake.announces_another(turn.text) and referenced_case(turn) is None)


def _another_matter_told(turn: Turn) -> bool:
    """"另外一个，楼道里…" that nlp hears as more material, naming no case and bringing no
    files: it says it is another matter, and tells it; registered on its own after the
    intake as during it."""
    return (turn.analysis.intent is Intent.SUPPLEMENT and referenced_case(turn) is None
            and not turn.carries_files() and intake.another_matter(turn)
            and not intake.announces_another(turn.text) and not intake.refers_back(turn.text))


def tells_a_matter_of_its_own(turn: Turn) -> bool:
    """Long enough to be a matter of its own, not a short or referring follow-up of one
    already told ("而且他们半夜还在后厨剁骨头", "他们的排烟管道直接对着我家窗户")."""
    size = content_chars(turn.text)
    return size > _SHORT_CHARS and not (size <= _FOLLOW_UP_MAX_CHARS
                                        and _REFERS_BACK.search(turn.text))


def is_bare_command(turn: Turn) -> bool:
    """"追加材料", "我要补充证据": a supplement cue with no material in it."""
    rest = _COMMAND_WORDS.sub("", strip_case_refs(turn.text))
    return turn.analysis.intent is Intent.SUPPLEMENT and content_chars(rest) == 0


def party_particulars(turn: Turn) -> bool:
    """Particulars of the party complained of ("那个工头叫李四 手机137…", "房东的电话是136…
    你们打给他"): the matter's material, not the petitioner's contact, nor a matter of its own
    (registered as a second case, and the number kept as the petitioner's, before session 25)."""
    return (turn.analysis.intent is Intent.PARTICULARS
            and only_someone_elses_number(normalize(turn.text)))


class FollowUp:
    """An explicit supplement: "追加材料" (a command), a supplement cue, or a named case."""

    name = "follow_up"

    def check(self, turn: Turn) -> bool:
        if (turn.analysis.intent is not Intent.SUPPLEMENT and referenced_case(turn) is None
                and not party_particulars(turn)):
            return False
        if is_bare_command(turn):
            return True  # a command even with no case to add to: never material, never a case
        if turn.analysis.intent is Intent.GREETING and not turn.carries_files():
            # "收到，谢谢" answering the acknowledgement (a mail reply names the case in its
            # subject and references): thanks, no material to file under the case.
            return False
        if _another_matter_while_taking_down(turn) or _another_matter_told(turn):
            return False
        if (turn.analysis.particulars and particulars.gives_only_particulars(turn)
                and not turn.carries_files()):
            return False  # "更正一下，我叫王小明": a correction of one's details, no material
        if only_points_back(turn.text) and not turn.carries_files():
            return False  # "就是上面说的那个事": points at what was filed, and adds nothing
        if only_points_at_files(turn.text) and not turn.carries_files():
            return False  # "如图", "见附件" with nothing attached: a caption whose file never came
        return turn.latest_open() is not None or referenced_case(turn) is not None

    def handle(self, turn: Turn) -> list[Draft]:
        target = referenced_case(turn) or turn.latest_open()
        if target is None:
            return [Draft(texts.say(turn.language, "no_open_case"))]
        if is_bare_command(turn) and not turn.carries_files():
            target.awaiting = questions.SUPPLEMENT
            turn.session.add(target)
            return [Draft(texts.say(turn.language, "supplement_prompt", number=target.number),
                          target)]
        if not turn.carries_files() and slots.question_form(turn.text):
            # "我拍了几张照片，怎么发给你们" asks how to send the material, and is none.
            answered = faq_reply(turn)
            if answered is not None:
                return answered
        return supplement(turn, target)


class SameMatter:
    """A new matter from a sender with an open case: the same matter joins it; a short or
    referring one is asked about ("是对 XF… 的补充吗？"), and the answer decides."""

    name = "same_matter"

    def __init__(self, matter: NewMatter, chitchat: Handler) -> None:
        self.matter = matter
        self.chitchat = chitchat
        self._held: OrderedDict[int, Analysis] = OrderedDict()

    def check(self, turn: Turn) -> bool:
        if turn.callback.startswith("supp:"):
            return True
        if self._confirming(turn) is not None and (yes_no(turn.text, at_length=True) is not None
                                                   or self._moves_on(turn)
                                                   or self._goes_on(turn)):
            return True
        if self._material(turn) and not turn.analysis.accusation:
            return True  # a picture alone (no text, so no intent) is material too
        from bot.dialogue.chitchat import tells_of_open_case  # (chitchat → status → here)

        if turn.analysis.intent is not Intent.NEW_PETITION and not tells_of_open_case(turn) \
                or turn.analysis.accusation:
            return False
        if turn.message.needs_human:
            return False
        awaiting = turn.awaiting_case()
        if awaiting is not None:
            # The slot row found no answer in it: a repeat of the case being taken down (an
            # angry "我都说了几遍了…") joins it, and so does more of its matter, or the bot asks;
            # what says it is another matter is one of its own (bot.dialogue.intake).
            if self._repeat_of_awaiting(turn) is not None:
                return True
            return (questions.taking_down(awaiting) and not self.chitchat.check(turn)
                    and not intake.another_matter(turn))
        if self.chitchat.check(turn) or _after_new_command(turn):
            return False  # thanks, a question, particulars alone; or "/new": another matter
        if intake.another_matter(turn):
            # "还有一件事 …", "另外 …" not referring back: says it is another matter, after the
            # intake as during it; asking "是对 XF… 的补充吗？" would ask what it just said.
            return False
        return turn.latest_open() is not None

    def handle(self, turn: Turn) -> list[Draft]:
        tapped = re.match(r"^supp:(yes|no):(\d+)$", turn.callback)
        if tapped is not None:
            return self._answer(turn, int(tapped.group(2)), tapped.group(1) == "yes")
        confirming = self._confirming(turn)
        answer = yes_no(turn.text, at_length=True)
        if confirming is not None and answer is False and _tells_another(turn):
            # Another matter told in the reply (read as the answer alone, it was lost). "不是，
            # 是另一件事，…" says the message asked about is not the case's: registered too;
            # "另外我们小区的垃圾没人清运…" says "besides", so the one before was about the case.
            said_no = _NO_OPENING.match(turn.text.strip()) is not None
            held = self._answer(turn, confirming, not said_no, quietly=True)
            return (held if said_no else []) + self.matter.register(turn)
        if confirming is not None and answer is not None:
            return self._answer(turn, confirming, answer)
        if confirming is not None and self._goes_on(turn):
            # "学校的电话一直打不通" after "孩子下周就开学了 急死了" was asked about: a second
            # fragment, the question left unanswered — the citizen is still telling the matter
            # asked about, and both join it (one reply; staff can still split them).
            case = next(c for c in turn.open_cases() if questions.confirming(c) == confirming)
            self._answer(turn, confirming, True, quietly=True)
            return supplement(turn, case)
        if confirming is not None:
            # A new matter instead of a yes or no: the message asked about is not left
            # unregistered (nothing lost; staff can still merge it), and this one goes on.
            return self._answer(turn, confirming, False, quietly=True) + self.handle(turn)
        if self._material(turn):
            target = turn.latest_open()
            assert target is not None  # _material() found it
            return supplement(turn, target)  # pictures with a caption: material for the case
        awaiting = self._repeat_of_awaiting(turn)
        if awaiting is not None:
            turn.attach(awaiting, "repeat_attached")
            # (With the next step of a legal route it tells it has reached: "仲裁早就裁决了
            # 厂里就是拖着不给" goes to enforcement.)
            return [Draft(texts.say(turn.language, "repeat_attached", number=awaiting.number)
                          + questions.ask(turn.language, questions.pending(awaiting)), awaiting),
                    *stage_notice(turn.language, turn.analysis, awaiting)]
        taking = turn.awaiting_case()
        if taking is not None and questions.taking_down(taking):
            if intake.continues(turn, taking):
                return supplement(turn, taking)  # "物业说这不归他们管，让找街道"
            return self._ask(turn, taking)  # "还有，小区里的快递柜收费太贵了": which?
        same = turn.services.matters.open_repeat(
            turn.session, turn.petitioner.id or 0, turn.text, turn.analysis)
        if same is not None and same.sure:
            turn.attach(same.case, "repeat_attached")
            return [Draft(texts.say(turn.language, "repeat_attached", number=same.case.number),
                          same.case), *stage_notice(turn.language, turn.analysis, same.case)]
        going_on = goes_on_with(turn)
        if going_on is not None:
            return supplement(turn, going_on)  # "这家饭馆的油烟还是…": the one open case's, unasked
        if same is not None:
            # Likely the same matter, but another problem or demand at the same place reads
            # alike: the petitioner says, rather than a new matter being swallowed.
            return self._ask(turn, same.case)
        target = turn.latest_open()
        assert target is not None  # check() found one
        if not tells_a_matter_of_its_own(turn):
            return self._ask(turn, target)
        return self.matter.register(turn)

    @staticmethod
    def _repeat_of_awaiting(turn: Turn) -> Case | None:
        """The case still asking for the petitioner's name or contact, when this message tells
        its matter again (the model's "same", sure or not: the petitioner is in the middle of
        telling it). None while the bot awaits another answer (yes or no, material, details)."""
        case = turn.awaiting_case()
        if case is None or not set(questions.pending(case)) <= {"name", "contact"}:
            return None
        same = turn.services.matters.open_repeat(
            turn.session, turn.petitioner.id or 0, turn.text, turn.analysis)
        return case if same is not None and same.case.id == case.id else None

    @staticmethod
    def _material(turn: Turn) -> bool:
        """Pictures or files with a short caption, from a sender with an open case."""
        return (content_chars(turn.text) <= _CAPTION_MAX_CHARS and not turn.message.needs_human
                and turn.latest_open() is not None and turn.carries_files())

    def _ask(self, turn: Turn, case: Case) -> list[Draft]:
        message_id = turn.message.id or 0
        self._held[message_id] = turn.analysis
        while len(self._held) > _HELD:
            self._held.popitem(last=False)
        # The particulars still asked stay asked behind the question (bot.dialogue.questions).
        asked = [item for item in questions.pending(case) if item in questions.PERSONAL]
        case.awaiting = ",".join([f"{questions.CONFIRM}{message_id}", *asked])
        turn.session.add(case)
        return [questions.confirm_question(turn.language, case, message_id)]

    def _confirming(self, turn: Turn) -> int | None:
        """The message id the bot asked about, when its question is still open."""
        for case in turn.open_cases():
            asked = questions.confirming(case)
            if asked is not None:
                return asked
        return None

    def _goes_on(self, turn: Turn) -> bool:
        """No answer to the question, but another fragment told as the first was: short or
        referring back, not saying it is another matter, no accusation, thanks or question."""
        return (turn.analysis.intent is Intent.NEW_PETITION and not turn.analysis.accusation
                and not turn.message.needs_human and not turn.carries_files()
                and not tells_a_matter_of_its_own(turn) and not intake.another_matter(turn)
                and not self.chitchat.check(turn) and not self._names_another(turn))

    def _names_another(self, turn: Turn) -> bool:
        """The fragment names a thing, place, party or building that neither the case asked
        about nor the message asked about names ("我家楼下的路灯也坏了" after "孩子下周就开学了"
        on a school-place case): not more of what was being told, so not joined unasked."""
        confirming = self._confirming(turn)
        case = next((c for c in turn.open_cases() if questions.confirming(c) == confirming),
                    None)
        held = turn.session.get(Message, confirming) if confirming is not None else None
        if case is None:
            return False
        matters = turn.services.matters
        parts = matters.signature(turn.text, turn.analysis).parts
        named = {n.text for n in parts.names} | set(parts.buildings) | set(parts.things)
        if not named:
            return False
        known: set[str] = set()
        signed = matters.signature_of(turn.session, case)
        if signed is not None:
            known |= {n.text for n in signed.parts.names} | set(signed.parts.buildings) \
                | set(signed.parts.things)
        if held is not None and held.text:
            told = matters.signature(held.text, self._held.get(confirming or 0)
                                     or turn.analysis).parts
            known |= {n.text for n in told.names} | set(told.buildings) | set(told.things)
        return not named <= known

    def _moves_on(self, turn: Turn) -> bool:
        """No answer to the question but a new matter of some length: the citizen moved on."""
        return (turn.analysis.intent is Intent.NEW_PETITION and not turn.analysis.accusation
                and not turn.message.needs_human
                and content_chars(turn.text) > _FOLLOW_UP_MAX_CHARS)

    def _answer(self, turn: Turn, message_id: int, yes: bool,
                quietly: bool = False) -> list[Draft]:
        held = turn.session.get(Message, message_id)
        case = next((c for c in turn.open_cases() if questions.confirming(c) == message_id),
                    None)
        if held is None or case is None or held.sender != turn.message.sender:
            return [Draft(texts.say(turn.language, "no_such_case"))]
        # The particulars asked before the question: asked again with the answer (a yes), or
        # by the new case (a no).
        asked = questions.still_unknown(turn, questions.pending(case)[1:])
        case.awaiting = ",".join(asked)
        turn.session.add(case)
        if yes:
            held_turn = _as(turn, held, self._held.pop(message_id, turn.analysis))
            return supplement(held_turn, case)
        analysis = self._held.pop(message_id, None)
        if analysis is None:
            return [Draft(texts.say(turn.language, "supplement_resend")
                          + (questions.ask(turn.language, asked) if asked else ""))]
        before = len(turn.registered)
        registered = self.matter.register(_as(turn, held, analysis))
        if len(turn.registered) > before:
            case.awaiting = ""  # the new case asks for them now: one question, not two
        return registered if quietly else \
            [Draft(texts.say(turn.language, "supplement_declined"))] + registered


def _after_new_command(turn: Turn) -> bool:
    """The sender's message before this one was ``/new``."""
    previous = turn.previous_text()
    return previous is not None and previous.strip().lower().startswith(("/new", "／new"))


def _as(turn: Turn, message: Message, analysis: Analysis) -> Turn:
    """The turn of the held message, answered now."""
    return Turn(session=turn.session, message=message, analysis=analysis,
                identity=turn.identity, petitioner=turn.petitioner, language=turn.language,
                now=turn.now, services=turn.services, lookups=turn.lookups,
                registered=turn.registered)
