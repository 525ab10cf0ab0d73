"""The Art 19 items the bot still needs (name, contact, facts), asked in one message, and the
answers to that question: validated, and a value that does not fit is answered, not stored.

What ``Case.awaiting`` holds is described in :mod:`bot.dialogue.questions`. A reply that
fills nothing but tells more of the matter ("还有就是物业一直不管") is material of the case
being taken down (:mod:`bot.dialogue.intake`), and the question stands.
"""

from __future__ import annotations

import re

from sqlmodel import select

from bot import cases, texts
from bot.dialogue import intake, particulars
from bot.dialogue.draft import Draft
from bot.dialogue.pointer import only_points_back
from bot.dialogue.questions import (
    CONFIRM,
    PERSONAL,
    SUPPLEMENT,
    ask,
    confirm_question,
    confirming,
    pending,
)
from bot.dialogue.routestage import stage_notice
from bot.dialogue.secrecy import secrecy_beside
from bot.dialogue.status import counts_no_cases, status_line
from bot.dialogue.turn import Turn
from nlp import Intent, surname_only
from nlp.courtesy import ACKNOWLEDGEMENTS, CLOSINGS, GREETINGS, THANKS
from nlp.disappointment import only_disappointment
from nlp.inaction import only_abuse
from nlp.normalize import content_chars
from nlp.particulars import pinyin_name, surname_told, writes_for
from storage import Case, Message

#: Fewer content characters than this say too little to be the facts of a matter.
MIN_DETAIL_CHARS = 12
#: A reply that fills nothing, read as a matter, with this many content characters or more
#: tells more of it ("物业一直不管"); shorter, or read otherwise, it was meant as the value.
MIN_TOLD_CHARS = 5
# A reply that asks something back ("为什么要姓名？", "你们什么时候处理"): answered, never a value.
#: (A-not-A asks too: "你们是不是机器人", "能不能快点", "有没有人管".)
_QUESTION_WORDS = re.compile(r"吗|呢|为什么|为啥|凭什么|怎么|什么|哪|几时|多久|是否|([\u4e00-\u9fff])[不没]\1|"
                             # Said as people say them: "你们要我名字干嘛", "有啥用", "咋办"
                             r"干嘛|干吗|干啥|做啥|啥用|咋|"
                             r"有没有|why|what|how|when", re.IGNORECASE)
_QUESTION_MAX_CHARS = 30
#: A question about time or progress: answered with the case's status and next deadline.
_ASKS_WHEN = re.compile(r"多久|多长时间|什么时候|啥时候|几时|几天|多少天|进展|进度|怎么样了|结果|期限|"
                        r"how long|when", re.IGNORECASE)
#: A question about the particulars asked for ("为什么要留电话", "隐私会泄露吗"): answered with
#: Art 19's reason and the privacy. It names them or their keeping: "凭什么不予支持" asks why
#: of something else.
_ASKS_WHY = re.compile(r"隐私|泄露|保密|安全|姓名|名字|真名|实名|电话|手机|号码|地址|身份|信息|留|"
                       r"name|phone|number|address|private|privacy", re.IGNORECASE)
_THANKED = re.compile(THANKS)
#: An instant-messaging account offered as the contact.
_MESSENGER = re.compile(r"微信|威信|vx|wx|v信|wechat|qq|抖音号|钉钉", re.IGNORECASE)
#: The particles a thanks is said with ("谢谢啦", "多谢哈", "辛苦了呀"): they add nothing to it.
_PARTICLES = r"(?:啦|了|呀|哈|啊|哦|喔|嘛|哟|咯|噢)*"
_CLOSED = re.compile(rf"(?:(?:{CLOSINGS}|{THANKS}){_PARTICLES})+")
#: Greetings, thanks and signing off ("好的 没别的事了 拜拜", "就这些 再见"): never an answer
#: to "your name?", and while the bot asks what happened they tell nothing (they were filed as
#: the matter's details).
_SIGNING_OFF = (r"没(?:有)?(?:别的|其他|其它)?(?:事情?|问题)?了|就(?:这些|这样)了?吧?|先这样吧?|"
                r"暂时没(?:有)?了|再见|拜拜|回见|bye(?:bye)?|goodbye")
_SIGNED_OFF = re.compile(rf"(?:(?:{THANKS}|{ACKNOWLEDGEMENTS}|{GREETINGS}|{_SIGNING_OFF}){_PARTICLES})+")


#: "不用回复了", "不需要联系我": the opening that says no answer is wanted (the decline of the
#: contact the answer would go to, :data:`_NO_REPLY_WANTED`).
_NO_REPLY = (r"^(?:那|那就|算了|我)?(?:就)?(?:不用|不需要|不必|无需|别)(?:再)?(?:给我|跟我)?"
             r"(?:回复|回话|回信|回电话?|联系|通知|打电话|告诉我结果)")
#: A particular waved off: "名字就算了", "电话就免了", "姓名保密", "名字不重要" (said of one's own).
_WAVED_OFF = (r"(?:姓名|名字|真名|电话|手机号?|号码|联系方式|地址)(?:我)?(?:就|也|还是|嘛)?"
              r"(?:算了|免了|省了|不用了|不必了|保密|不重要|无所谓|没必要)")
#: A reply that declines the particulars asked for ("不方便说", "不想留名", "匿名可以吗"):
#: respected, never asked again for that case (Art 19 asks; a petitioner may still decline).
_DECLINES = re.compile(
    r"不方便|不想(?:说|留|讲|告诉|透露|给)|不愿意?(?:说|留|讲|告诉|透露|给)|不敢(?:说|留)|"
    r"不(?:留|给|说|讲)(?:名|姓|电话|手机|号码|联系|了|行)|不告诉|不透露|匿名|实名不了|"
    r"保密吧|rather not|anonymous|prefer not|"
    # The particular waved off ("名字就算了", "电话就免了", "姓名保密"), or a refusal said alone
    # to the question ("不说", "不给", "无可奉告"): a short reply that gives nothing.
    rf"{_WAVED_OFF}|"
    r"^(?:我|俺)?(?:就|偏|也)?(?:不(?:说|讲|给|留|写)|无可奉告|保密|秘密)(?:了|啦|吧|呢|哈)?[\s,，。.!！~～]*$|"
    # "不用了，谢谢" said to the question and nothing else: no need to give them.
    r"^(?:那|那就|算了)?不用(?:了|啦)?(?:吧|啦)?[\s,，。.!！]*(?:谢谢|谢了|多谢|thanks?)?[\s。.!！]*$|"
    # No answer wanted (its own pattern says which item).
    + _NO_REPLY,
    re.IGNORECASE)
_DECLINE_MAX_CHARS = 20
#: A decline with its reason ("我不想留电话，怕被打击报复") may say more: still a decline.
_DECLINE_REASON = re.compile(r"怕|担心|因为|万一|免得|省得|报复|骚扰|泄露|afraid|because|fear",
                             re.IGNORECASE)
_REASONED_DECLINE_MAX_CHARS = 40
#: A decline that names the particular it declines ("不想留电话", "号码就不留了"): in a reply as
#: long as a matter, what tells it from "老板不想给工资" (a matter with a decline's words).
_PARTICULAR = r"(?:姓名|名字|真名|电话|手机号?|号码|联系方式|地址|phone|number|name|address)"
_DECLINES_A_PARTICULAR = re.compile(
    rf"(?:不想|不愿意?|不敢|不方便|不能|不|别)(?:留|给|说|讲|告诉|透露|写)(?:你们)?(?:我的)?"
    rf"(?:真实)?{_PARTICULAR}|{_PARTICULAR}(?:就|先|还是|也)?(?:(?:不想|不愿意?|不|别)"
    rf"(?:留|给|说|讲|告诉|写|透露)|不方便)|匿名|anonymous|rather not give|prefer not to give",
    re.IGNORECASE)
_DECLINES_CONTACT = re.compile(r"电话|手机|号码|联系|地址|phone|number|address", re.IGNORECASE)
_DECLINES_NAME = re.compile(r"名|姓|name", re.IGNORECASE)
#: "不用回复了": the answer is not wanted, so the contact it would go to is not asked for; a
#: name is still asked (registration is by name, Art 17), and the matter is handled the same.
_NO_REPLY_WANTED = re.compile(
    _NO_REPLY + r"(?:我)?(?:了|啦|吧|哈)*"
    r"[\s,，。.!！]*(?:谢谢|谢了|多谢|thanks?)?[\s。.!！]*$", re.IGNORECASE)
_ANONYMOUS = re.compile(r"匿名|anonymous", re.IGNORECASE)
#: A decline that names what it declines, "名" / "姓" alone included ("不留名了").
_NAMES_A_DECLINE = re.compile(rf"{_DECLINES_A_PARTICULAR.pattern}|不(?:留|给|说|讲|写)(?:名|姓)",
                              re.IGNORECASE)


def asks_something(turn: Turn) -> bool:
    """The message is a question back to the bot (nlp's judgement, or its question form)."""
    if turn.analysis.intent in (Intent.QUESTION, Intent.HELP):
        return True
    if turn.analysis.particulars:
        return False
    return question_form(turn.text)


def question_form(text: str) -> bool:
    """Written as a question: a question mark, or a short text with a question word."""
    text = text.strip()
    return text.endswith(("?", "？")) or (
        content_chars(text) <= _QUESTION_MAX_CHARS and _QUESTION_WORDS.search(text) is not None)


def missing(turn: Turn, case: Case | None, first_text: str) -> list[str]:
    """Art 19's items still missing for ``case``: name, contact, the facts and reasons.
    ``case`` None: a case about to be registered from ``first_text`` alone (no other message
    filed under it, so a short text is all the facts there are)."""
    items = []
    declined = turn.petitioner.declined.split(",")
    if not turn.petitioner.name and "name" not in declined:
        items.append("name")
    if not turn.petitioner.contact and not turn.sender_is_contact and "contact" not in declined:
        items.append("contact")
    if content_chars(first_text) < MIN_DETAIL_CHARS and (case is None
                                                        or not _has_details(turn, case)):
        items.append("details")
    return items


def _tells_another_thing(turn: Turn, case: Case) -> bool:
    """The reply names things (the matter index's: 路灯, 下水道, 油烟) and none of the case's own,
    which names some: details add to a case's thing ("东门那个路灯，电动车撞上护栏了") or tell
    where and since when ("在人民路上，一个星期了"), never only of another thing."""
    matters = turn.services.matters
    things = set(matters.signature(turn.text, turn.analysis).parts.things)
    if not things:
        return False
    signed = matters.signature_of(turn.session, case)
    own = set(signed.parts.things) if signed is not None else set()
    return bool(own) and not things & own


def _has_details(turn: Turn, case: Case) -> bool:
    written = turn.session.exec(select(Message.text).where(Message.case_id == case.id))
    return sum(content_chars(t) for t in written) >= MIN_DETAIL_CHARS * 2


class SlotAnswers:
    """An answer to the bot's own question on the case waiting for one."""

    name = "slots"

    def check(self, turn: Turn) -> bool:
        case = turn.awaiting_case()
        if case is None:
            return False
        items = [i for i in pending(case) if not i.startswith(CONFIRM)]
        if not items:
            return False
        if confirming(case) is not None:
            # The yes or no is the same-matter row's; particulars given (or declined) meanwhile
            # are taken here, and the question about the message stands.
            return bool(_declined(turn, items)) or (
                bool(turn.learned) and particulars.gives_only_particulars(turn))
        if _courtesy(turn):
            return True  # no value ("谢谢" would even pass for a name): the question stands
        if turn.analysis.accusation:
            return False  # an accusation is always a matter of its own
        if "details" in items and SUPPLEMENT not in items and _another_matter_told(turn):
            return False  # "还有个事，…" while the details are asked: registered on its own
        if "details" in items and SUPPLEMENT not in items and new_matter(turn) \
                and _tells_another_thing(turn, case):
            # "我们楼下的下水道堵了" days after "小区门口的路灯坏了" was asked for its details:
            # another matter, registered on its own, not the street light's details.
            return False
        if "details" in items or SUPPLEMENT in items:
            return True  # free text is the answer; a question is answered instead
        if turn.carries_files():
            return False  # pictures are material for the case, not a name
        if _declined(turn, items) and (not new_matter(turn)
                                       or _DECLINES_A_PARTICULAR.search(turn.text)):
            return True  # "我不想留电话，怕被打击报复": a decline, however long its reason
        if _another_matter_told(turn):
            return False  # "另外一件事，…": registered on its own
        if particulars.place_of_matter(turn.text):
            return True  # "就在人民路和中山路交叉口": where the matter is, told after it
        if set(turn.learned) & set(items) and writes_for(turn.analysis.text or turn.text):
            # "我老公叫冯建军 他上班没空 我帮他发的": whose matter it is, and why another writes.
            return True
        # Name or contact: a new matter is never taken as one (the same-matter row decides
        # whether it goes on with the case), but the particulars it gives were kept already
        # (Conversation.respond).
        return not new_matter(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        case = turn.awaiting_case()
        assert case is not None  # check() found it
        confirm = confirming(case)
        drafts = self._answer_to_question(turn, case)
        if confirm is not None and case.awaiting.startswith(CONFIRM):
            # Particulars given while "是对 XF… 的补充吗？" is open: that question stands too.
            drafts.append(confirm_question(turn.language, case, confirm))
        return drafts

    def _answer_to_question(self, turn: Turn, case: Case) -> list[Draft]:
        asked = [i for i in pending(case) if not i.startswith(CONFIRM)]
        kept = [i for i in pending(case) if i.startswith(CONFIRM)]
        language = turn.language
        declined = respect_decline(turn, case)
        if declined:
            return declined
        if _courtesy(turn):
            # "好的", "嗯嗯", "谢谢" while the bot waits: not the opening greeting again, the
            # pending question again.
            welcome = texts.say(language, "you_are_welcome") if _THANKED.search(turn.text.lower()) else ""
            if SUPPLEMENT in asked:
                return [Draft(welcome + texts.say(language, "supplement_prompt",
                                                  number=case.number), case)]
            return [Draft(welcome + ask(language, asked), case)]
        if "contact" in asked and _MESSENGER.search(turn.text) and "contact" not in turn.learned:
            # "加我微信吧 chen_jh1980": an account the bureau cannot write to; said, and asked again.
            return [Draft(texts.say(language, "contact_messenger") + ask(language, asked), case)]
        # "那就写王先生吧" may read as a question; particulars alone are the answer.
        if asks_something(turn) and not (turn.learned and particulars.gives_only_particulars(turn)) \
                and not ("name" in asked and (particulars.latin_name_in_chinese(turn.text.strip())
                                              or pinyin_name(turn.text))):
            if SUPPLEMENT in asked:
                return [Draft(turn.services.faq.answer(turn.text, language, turn.analysis) + texts.say(
                    language, "supplement_prompt", number=case.number), case)]
            # "我叫石磊 这个会不会让厂子知道": the question is answered, and what it gave beside
            # is not asked for again.
            still = _given_beside_a_question(turn, case, asked)
            return [Draft(_answer(turn, case, asked) + (ask(language, still) if still else ""),
                          case)]
        filled: list[str] = [i for i in turn.learned if i in asked]
        if (not filled and "details" not in asked and SUPPLEMENT not in asked
                and particulars.place_of_matter(turn.text)):
            # Where the matter is ("就在人民路和中山路交叉口", "地点是二中南门对面"): the case's
            # material, not the petitioner's address, and the question stands.
            return intake.add_material(turn, case)
        if "name" in asked and "name" not in filled and _surname(turn.text):
            # "我姓周": thanked by it and asked for the full name; not the matter's details.
            return [Draft(_not_fitting(turn, asked, case), case)]
        # The whole answer first: "我叫欧阳金丝雀" is a name the text reader cuts short.
        if "name" in asked and particulars.answer_name(turn) and "name" not in filled:
            filled.append("name")
        if ("contact" in asked and "contact" not in filled
                and not particulars.place_of_matter(turn.text)  # "在幸福路": where, not whose
                and particulars.answer_contact(turn)):
            filled.append("contact")
        if ("contact" in asked and "name" not in asked and not filled and not turn.learned
                and turn.petitioner.name in ("", turn.message.sender_name.strip())
                and particulars.answer_name(turn)):
            # "张建华" for "your phone or address?": a name typed is better than none or the
            # channel's display name, and kept; the contact is asked again, not answered with
            # "no valid number". A name the citizen gave before is not replaced.
            filled.append("name")
        # Details are what the reply tells beyond the particulars it gave: "周建国" answers the
        # name, not what happened.
        told = _beyond_particulars(turn, turn.petitioner.name if "name" in filled else "",
                                   cues=True)
        # "更正一下，我叫王小明" while material is awaited corrects a particular: no material.
        only_particulars = bool(turn.learned) and particulars.gives_only_particulars(turn)
        for free in ("details", SUPPLEMENT):
            if (free in asked and content_chars(told) >= 2 and not only_particulars
                    and not only_points_back(told)):
                filled.append(free)
        if not filled and not turn.learned:
            if "details" in asked and only_points_back(turn.text):
                # "就是上面那个", "同上": what was told is all there is; the question stands.
                return [Draft(ask(language, asked), case)]
            if intake.announces_another(turn.text):
                # "另外还有件事": the other matter is yet to come; the question stands.
                return [Draft(texts.say(language, "new_prompt"), case)]
            if _tells_more(turn):
                return intake.add_material(turn, case)  # "还有就是物业一直不管"
            return [Draft(_not_fitting(turn, asked, case), case)]
        turn.attach(case, "supplement" if SUPPLEMENT in filled else "intake_answer",
                    item=",".join(filled or turn.learned))
        still = missing(turn, case, "x" * MIN_DETAIL_CHARS)  # name and contact, as now known
        remaining = [i for i in asked if i not in filled
                     and (i in still or i not in ("name", "contact"))]
        case.awaiting = ",".join(kept + remaining)
        turn.session.add(case)
        # "我叫李四 你们别告诉他是我举报的": the name is taken and the request answered.
        secrecy = secrecy_beside(turn, case)
        if SUPPLEMENT in filled:
            return [Draft(secrecy + texts.say(language, "supplement_added", number=case.number),
                          case), *stage_notice(language, turn.analysis, case)]
        if SUPPLEMENT in remaining:  # particulars given while material is awaited
            return [Draft(secrecy + texts.say(language, "particulars_added", number=case.number,
                                              items=particulars.listing(language, turn.learned))
                          + texts.say(language, "supplement_prompt", number=case.number), case)]
        if remaining:
            return [Draft(secrecy + ask(language, remaining), case)]
        return [Draft(secrecy + texts.say(language, "intake_complete", number=case.number), case)]


def _given_beside_a_question(turn: Turn, case: Case, asked: list[str]) -> list[str]:
    """The items still to ask once the particulars a question came with are kept: those it
    gave are filled on the case (its timeline says so) and never asked for again."""
    filled = [i for i in turn.learned if i in asked]
    if not filled:
        return asked
    # Recorded, not filed under the case: the message is a question, not the matter's material.
    cases.record(turn.session, case, turn.message.sender, "intake_answer", turn.now,
                 message_id=turn.message.id, item=",".join(filled))
    still = missing(turn, case, "x" * MIN_DETAIL_CHARS)
    remaining = [i for i in asked if i not in filled and (i in still or i not in ("name", "contact"))]
    case.awaiting = ",".join([i for i in pending(case) if i.startswith(CONFIRM)] + remaining)
    turn.session.add(case)
    return remaining


def _tells_more(turn: Turn) -> bool:
    """A reply that fills nothing and tells more of the matter in a few words ("还有就是物业一直
    不管", "他说少算了二十三平米"): read as a matter or a supplement, and longer than a name."""
    told = turn.analysis.intent in (Intent.NEW_PETITION, Intent.SUPPLEMENT) or (
        turn.analysis.intent is Intent.LIST_CASES and counts_no_cases(turn))  # "一共三十多户"
    return told and content_chars(_beyond_particulars(turn)) >= MIN_TOLD_CHARS


def _courtesy(turn: Turn) -> bool:
    """Thanks, an acknowledgement, a greeting or a letter's closing and nothing else; or
    emoji and punctuation alone ("😡", "🙏🙏"), which hold no name nor number either."""
    bare = re.sub(r"[\W_]+", "", turn.text.lower())
    if not bare:
        return turn.text.strip() != ""  # (a danger in them is the emergency row's first)
    # A closing is a closing whatever the model makes of "此致 敬礼！" (a new matter at 0.4).
    return _CLOSED.fullmatch(bare) is not None or (
        turn.analysis.intent is Intent.GREETING and _SIGNED_OFF.fullmatch(bare) is not None)


def respect_decline(turn: Turn, case: Case) -> list[Draft]:
    """If this reply declines particulars the bot asked for on ``case``, stop asking for them
    and say so (an empty list when it declines nothing)."""
    asked = [i for i in pending(case) if not i.startswith(CONFIRM)]
    declined = _declined(turn, asked)
    if not declined:
        return []
    turn.attach(case, "particulars_declined", item=",".join(declined))
    given = [i for i in turn.learned if i in asked]  # "姓名就不说了 电话136…": the phone kept
    case.awaiting = ",".join(i for i in pending(case) if i not in declined and i not in given)
    turn.session.add(case)
    remember_declined(turn, declined)
    # The one not declined is still asked ("不想留电话" while the name is asked too).
    still = [i for i in pending(case) if i in PERSONAL]
    # Without a contact the result cannot be told; with one ("电话136…" beside the decline, or
    # the SMS sender's own number), saying so would tell the citizen they were not heard.
    reachable = turn.sender_is_contact or ("contact" not in declined
                                           and bool(turn.petitioner.contact))
    return [Draft(texts.say(turn.language, "particulars_declined_reachable" if reachable
                            else "particulars_declined",
                            items=particulars.listing(turn.language, declined))
                  + (ask(turn.language, still) if still else ""), case)]


def remember_declined(turn: Turn, declined: list[str]) -> None:
    """Keep on the petitioner what they will not give, so no later matter asks for it again."""
    petitioner = turn.petitioner
    kept = [item for item in petitioner.declined.split(",") if item]
    added = [item for item in declined if item in PERSONAL and item not in kept]
    if added:
        petitioner.declined = ",".join(kept + added)
        turn.session.add(petitioner)


#: A clause of a matter's own message, and who else it may be about ("他不愿留名字").
_CLAUSES = re.compile(r"[\n。！!；;，,？?]+")
_SOMEONE_ELSE = re.compile(r"[他她]|对方|物业|老板|领导|村里|单位")


def declines_within(turn: Turn) -> list[str]:
    """The particulars a matter told at length declines in a clause of its own ("我不方便留
    名字，希望你们去查一查", "电话就不留了"): only what a clause names, so a letter that says
    so is not asked for it after the matter is registered."""
    declined: list[str] = []
    # A clause is a piece of the text and the pattern reads no context (no anchor, no
    # look-around): a text it finds nothing in has no clause it finds anything in, and most
    # matters decline nothing (issue 17).
    if _NAMES_A_DECLINE.search(turn.text) is None:
        return declined
    for clause in _CLAUSES.split(turn.text):
        if question_form(clause) or _SOMEONE_ELSE.search(clause) or not _NAMES_A_DECLINE.search(clause):
            continue
        if _ANONYMOUS.search(clause):
            return ["name", "contact"]
        declined += [item for item, words in (("name", _DECLINES_NAME), ("contact", _DECLINES_CONTACT))
                     if words.search(clause) and item not in declined]
    return declined


#: The whole of a message that only declines a particular it names, or asks to stay anonymous
#: ("名字我就不写了", "我要匿名"): a closed grammar, so nothing else can hide in it.
_ONLY_DECLINES = re.compile(
    r"(?:那|那就|那我|我|俺|算了)?(?:就|还是|也|先)?"
    r"(?:(?:不想|不愿意?|不要|不打算|不方便|不|别)(?:留|写|给|说|报|透露)(?:我的)?(?:真实)?"
    r"(?:名字|姓名|名|姓|真名|电话|号码|手机号?|联系方式)"
    r"|(?:我的)?(?:真实)?(?:名字|姓名|真名|电话|号码|手机号?|联系方式)我?(?:就|也|还是|先)?"
    r"(?:不想|不愿意?|不要|不方便|不|别)(?:留|写|给|说|报|透露)"
    r"|(?:要|想|选择)?匿名(?:反映|投诉|举报|吧)?"
    r"|(?:姓名|名字|真名|电话|手机号?|号码|联系方式)(?:我)?(?:就|也|还是)?"
    r"(?:算了|免了|省了|不用了|不必了|保密|不重要|无所谓|没必要)"
    r"|(?:就|偏|也)?(?:不(?:说|讲|给|留|写)|无可奉告|保密))"
    r"(?:了|啦|吧|哈|啊|行吗|可以吧|好吧)*")
_NOT_WORDS = re.compile(r"[\W_]+")


def only_declines(text: str) -> bool:
    """The message declines a particular it names and says nothing else."""
    return _ONLY_DECLINES.fullmatch(_NOT_WORDS.sub("", text)) is not None


def declines_particulars(turn: Turn) -> list[str]:
    """The name and contact a short message, asked before any matter, says in so many words it
    will not give ("那就不留名了", "我匿名"): what to keep from asking. Not a question about
    it ("可以匿名吗": the FAQ's), nor "现在不方便" (no particular named)."""
    if question_form(turn.text) or not _NAMES_A_DECLINE.search(turn.text):
        return []
    return _declined(turn, ["name", "contact"])


def _another_matter_told(turn: Turn) -> bool:
    """The message says it is another matter and tells it ("另外一件事，…"), giving none of
    the particulars asked."""
    return (turn.analysis.intent in (Intent.NEW_PETITION, Intent.SUPPLEMENT) and not turn.learned
            and intake.another_matter(turn) and not intake.announces_another(turn.text))


def declines_what_is_asked(turn: Turn) -> bool:
    """A short reply declining the particulars the bot waits for ("不想说", "不方便讲")."""
    case = turn.awaiting_case()
    asked = [i for i in pending(case) if i in PERSONAL] if case is not None else []
    return bool(asked) and bool(_declined(turn, asked))


#: A number given beside a decline, in digits or said in characters ("一三六…"): no word of it.
_A_NUMBER = re.compile(r"[\d+\-\s]{7,}|[零〇一幺二两三四五六七八九]{7,12}")


def _declined(turn: Turn, asked: list[str]) -> list[str]:
    """The asked particulars a short reply declines to give: the ones it names, or all the
    name and contact items asked when it names none ("不方便说")."""
    text = turn.text.strip()
    if not _DECLINES.search(text):
        return []
    if turn.learned:
        # "姓名就不说了，电话136…": one particular given, the other declined in so many words
        # (named: "不方便说 13600001111" declines nothing it gives).
        if not _DECLINES_A_PARTICULAR.search(text):
            return []
        asked = [i for i in asked if i not in turn.learned]
        text = _A_NUMBER.sub("", text)
    size = content_chars(text)
    if size > _DECLINE_MAX_CHARS and not (
            size <= _REASONED_DECLINE_MAX_CHARS and _DECLINE_REASON.search(text)
            and _DECLINES_A_PARTICULAR.search(text)):
        return []  # longer: only one that names what it declines and why
    personal = [i for i in asked if i in ("name", "contact")]
    if _NO_REPLY_WANTED.search(text):
        return [i for i in personal if i == "contact"]
    if _ANONYMOUS.search(text):
        return personal
    named = [i for i in ("name", "contact")
             if (_DECLINES_NAME if i == "name" else _DECLINES_CONTACT).search(text)]
    # One not asked may be named: "我不方便留电话" by mail, where the reply goes to the letter's
    # address and only the name is asked, declines the phone, not the name.
    return [i for i in named if i in personal] or named or personal


#: Words that only introduce a particular ("我叫", "电话", "地址是"): no detail of a matter.
_PARTICULAR_CUES = re.compile(r"(?:我叫|我是|本人|姓名|名字|联系电话|电话|手机号?|号码|联系方式|住址|地址"
                              r"|家住)[是为:：]?")


def new_matter(turn: Turn) -> bool:
    """A substantive petition beyond the particulars it gives (not an answer to a question)."""
    if turn.analysis.intent not in (Intent.NEW_PETITION, Intent.SUPPLEMENT):
        return False
    return content_chars(_beyond_particulars(turn)) >= MIN_DETAIL_CHARS


def _beyond_particulars(turn: Turn, name: str = "", *, cues: bool = False) -> str:
    """The message without the particulars it gives (and ``name``, a bare name it answered
    with), and with ``cues`` without the words that introduce them."""
    given = turn.analysis.particulars
    rest = turn.analysis.text or turn.text  # normalized, as the particulars were read
    for value in (given.name, name, given.address, given.id_number):
        if value:
            rest = rest.replace(value, "")
    if cues:
        rest = _PARTICULAR_CUES.sub("", rest)
    return re.sub(r"[\d+\-\s]{7,}", "", rest)


def _answer(turn: Turn, case: Case, asked: list[str]) -> str:
    """The answer to a question asked back while the bot waits: about time, the case's own
    status and deadline; a question ``bot.faq`` answers, its answer (before the particulars'
    reason: "可以打电话反映吗" names the phone but asks about channels); about the particulars,
    why Art 19 asks for them; else the procedure."""
    if _ASKS_WHEN.search(turn.text):
        return status_line(case, turn.language) + "\n"
    if turn.services.faq.about_another_service(turn.analysis) and not _about(turn, case):
        return texts.say(turn.language, "other_service_answer")
    specific = turn.services.faq.specific(turn.text, turn.language)
    if specific is not None:
        return specific
    if {"name", "contact"} & set(asked) and _ASKS_WHY.search(turn.text):
        return texts.say(turn.language, "why_particulars")
    return texts.say(turn.language, "question_answer")


def _about(turn: Turn, case: Case) -> bool:
    """The question is of ``case``'s own kind ("路灯这种事归哪个部门修？" while a street light's
    case is taken down): about that matter, not another office's service."""
    return bool(case.category) and case.category == turn.analysis.category


def _surname(text: str) -> str:
    """A surname given alone ("张", "我姓周"), or in a clause of its own ("我姓林 电话在下面")."""
    # ("名字叫我老刘就行": the name asked for, then the surname one goes by.)
    return surname_only(_NAME_WORD.sub("", text.strip(), count=1)) or surname_told(text)


_NAME_WORD = re.compile(r"^(?:名字|姓名|称呼)(?:的话|嘛)?[\s,，:：]*(?:就|你们)?")


def _not_fitting(turn: Turn, asked: list[str], case: Case) -> str:
    language = turn.language
    if only_disappointment(turn.analysis.text or turn.text) \
            or only_abuse(turn.analysis.text or turn.text):
        # "你们就是摆设" while the name is asked: how they feel, not a name that does not fit.
        return texts.say(language, "disappointed_still_asked", number=case.number) \
            + ask(language, asked)
    if "name" in asked:
        surname = _surname(turn.text)
        if surname:
            return texts.say(language, "surname_only", surname=surname)
        return texts.say(language, "not_a_name", value=turn.text.strip()[:20])
    return texts.say(language, "not_a_contact")
