"""Status and list requests, in any words: the sender's own cases need no code; any other case
needs its number and query code, and guesses are throttled per sender and per case number.

One open case: its status. Several: a short list to pick from (buttons where the channel has
them; elsewhere the numbers, and the citizen replies with one). Never a new case.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from bot import cases, lookup, texts
from bot.clock import local_date
from bot.dialogue import questions
from bot.dialogue.alarm import alarmed
from bot.dialogue.draft import Draft
from bot.dialogue.faqreply import answer_with_status
from bot.dialogue.followup import answers_our_question
from bot.dialogue.particulars import latin_name_in_chinese
from bot.dialogue.secrecy import asks_for_secrecy
from bot.dialogue.settled import settled_then_asked
from bot.dialogue.turn import Turn
from nlp import Intent
from nlp.caserefs import CODE_ALPHABET, CODE_MIN_LENGTH
from nlp.courtesy import CALLS, GREETINGS
from nlp.intents import impatient_when
from nlp.normalize import content_chars, normalize
from nlp.particulars import pinyin_name
from nlp.progress import asks_only_progress
from nlp.waited import waited_on_own_request
from storage import Case, Message, Outbox, StatusAttempt

#: Failed status guesses per sender per hour before the bot stops answering them.
GUESS_LIMIT = 10
GUESS_WINDOW = timedelta(hours=1)
#: Failed code checks on one case number, from all senders together, within GUESS_WINDOW:
#: many identities (SIM farms, bot accounts) guessing one case's code are stopped too.
CASE_GUESS_LIMIT = 20
#: Open cases listed to pick from.
CHOICES = 8
#: Words asking how a matter stands, in a short message (see :func:`asks_progress`).
_PROGRESS = re.compile(r"怎么样|咋样|怎样了|进展|进度|如何了|咋回事|到哪|哪一步|动静|消息|下文|结果|"
                       r"处理了[吗没]|办了[吗没]|管了[吗没]|有人管|回复|答复|受理了|办理状态|办理情况|"
                       r"(?:查询|查)(?:一下)?(?:我的)?(?:办理|处理|案件|投诉|事项)?(?:状态|情况)")
_PROGRESS_MAX_CHARS = 20
#: ...unless it objects to a result ("对处理结果不满意怎么办"): that asks about 复查 or rates an
#: answer, and goes on to the appeal, rating or question it is.
_OBJECTS = re.compile(r"不满意|不服|不认可|不同意|不接受")
#: ...or is read a new matter this surely by a sender with no case here, though it names no thing
#: the matter lexicon knows ("信访了两年 答复一个比一个敷衍 我还要反映", "我们家楼道的灯坏了快俩月 有没有
#: 人管啊": a progress word in a matter told, not a progress question; helper newmatter31). Over
#: the labelled phrasings (dev and held-out aside) the floor meets 34 texts read so with no thing
#: named, all labelled new_petition (30 calm, 4 emergencies); at 0.6 a status question joins.
_SURE_MATTER = 0.8
#: ...or says no answer is wanted ("不用回复了", "结果不用告诉我"): the decline it is.
_NOT_WANTED = re.compile(r"(?:不用|不需要|不必|无需|别)(?:再)?(?:给我|跟我)?(?:回复|答复|回话|告诉我|通知)|"
                         r"结果(?:就)?(?:不用|不需要|不必)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
#: See :func:`tells_a_matter`.
_TELLS_MIN_CHARS = 12
#: The same floor as a question that may be a matter (chitchat): 0.1 on the C = 30 intent
#: head's scale, 0.055 on the C = 300 head's (thresh29, docs/NLP.md).
_TELLS_MIN_CONFIDENCE = 0.055
#: See :func:`urges_open_case`: with a case open, a status question is taken over a question
#: about the service unless the question is this many times likelier on the words alone. The
#: training phrasings hold about 1.5 questions per status question (3,400 / 2,322), a prior the
#: model's odds carry; from someone whose matter is open the ratio turns round (what they
#: write next is mostly about that matter), so the odds move by a few times that: 5.
_OPEN_CASE_ODDS = 5.0
#: An ultimatum longer than this tells more than the threat: its own row reads it.
_ULTIMATUM_MAX_WORDS = 30


def names_when_asked(turn: Turn) -> bool:
    """A reply that is a name in Latin letters ("Wang Fang", "wangfang") while the bot waits for
    the name: the dialogue model, trained on Chinese, reads pinyin words as anything at all."""
    case = turn.awaiting_case()
    return case is not None and "name" in case.awaiting.split(",") \
        and (latin_name_in_chinese(turn.text.strip()) or bool(pinyin_name(turn.text)))


#: Two ideographs in a row: the words a status question may name its matter by.
_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
#: The words of asking about one's matter itself, which name no matter ("我的投诉进展如何",
#: "我反映的那个问题呢"): taken out with the progress words before the pairs are read.
_ASKING_WORDS = re.compile(
    r"我的|我们|我家|俺的|我|你们|投诉|反映|举报|信访|诉求|上访|来信|提交|报过?|问题|事情?|情况|"
    r"那个|那件|这个|这件|那些|一下|问下|问问|请问|麻烦|如何|怎么|咋|现在|已经|到底|有没有|有人|"
    r"处理|办理|解决|看了|去看|去了|"
    # how many, which name none of them ("我的两个事情都怎么样了": 两个 is in "坏了两个月了")
    r"[一二两三四五六七八九十几多]+(?:个|件|次|条|项|份)|都|全部|所有|各个|每个")


def named_case(turn: Turn, open_cases: list[Case]) -> Case | None:
    """The one open case a status question names by its matter's words ("遛狗那件怎么样了",
    "问下井盖的事"): the only case whose first message shares a two-character word with the
    question once its progress words are taken out. None when it names none, or several."""
    words = _ASKING_WORDS.sub(" ", _PROGRESS.sub(" ", turn.analysis.text or turn.text))
    asked = set(_PAIR.findall(words))
    if not asked:
        return None
    sharing = [case for case in open_cases if asked & set(_PAIR.findall(_first_text(turn, case)))]
    return sharing[0] if len(sharing) == 1 else None


#: "学校门口那个呢", "烧烤店的事呢？": a matter named and asked after, and nothing more.
#: "X呢？" asks "and what about X?"; with an interrogative word it asks something else
#: ("你们是哪个部门的？", "那这个要多久呢").
_ASKS_AFTER = re.compile(r"呢\W*$")
_INTERROGATIVE = re.compile(r"哪|什么|啥|谁|怎|为何|为什么|多久|多少|几")
_ASKS_AFTER_MAX_CHARS = 12


def asks_after_a_named_case(turn: Turn) -> bool:
    """"And what about X?" ("菜场那件呢", "井盖的事呢？"), X naming one of the sender's open
    cases by its matter's words: asks how that one stands, whatever intent nlp gave it."""
    analysis = turn.analysis
    if analysis.intent not in (Intent.NEW_PETITION, Intent.QUESTION, Intent.GREETING,
                               Intent.SUPPLEMENT) or alarmed(analysis) or analysis.particulars \
            or analysis.accusation:
        return False
    if content_chars(turn.text) > _ASKS_AFTER_MAX_CHARS \
            or _ASKS_AFTER.search(turn.text.strip()) is None \
            or _INTERROGATIVE.search(turn.text) is not None:
        return False
    open_cases = turn.open_cases()
    return bool(open_cases) and named_case(turn, open_cases) is not None


def _first_text(turn: Turn, case: Case) -> str:
    return normalize(_first_message(turn, case))


def _first_message(turn: Turn, case: Case) -> str:
    """The text of the first message filed under ``case``, as written ("" for none)."""
    return turn.session.exec(select(Message.text).where(
        Message.case_id == case.id, Message.direction == "in").order_by(col(Message.id))).first() or ""


def asks_progress(turn: Turn) -> bool:
    """A short message about progress that the judgements took for a new matter.

    A floor under nlp's intent, not a replacement: the most common question a petitioner asks
    ("我的投诉怎么样了") must never open a case, whatever a model says. Only short texts with
    no facts, no particulars and no emergency qualify; the status answer costs nothing.
    """
    analysis = turn.analysis
    # A greeting or a question around it ("领导好，查询办理状态") asks about progress too.
    if analysis.intent not in (Intent.NEW_PETITION, Intent.QUESTION, Intent.GREETING) \
            or alarmed(analysis) or analysis.particulars:
        return False
    if asks_only_progress(analysis.text or turn.text):
        # "when will you reply", "any news?": the English words of asking (nlp.progress).
        return not _complaint_as_a_question(turn)
    if not (content_chars(turn.text) <= _PROGRESS_MAX_CHARS
            and _PROGRESS.search(turn.text) is not None and _OBJECTS.search(turn.text) is None
            and _NOT_WANTED.search(turn.text) is None):
        return False
    return not _complaint_as_a_question(turn)


def _complaint_as_a_question(turn: Turn) -> bool:
    """"路灯坏了两个月没人管 这有人管吗": read as a new matter, naming the thing it is about (or
    read so at ``_SURE_MATTER``, naming none the lexicon knows), from a sender with no case here — a complaint put as a question, not a question about the
    progress of one (there is none to report, and "please describe the problem" would throw
    away the problem just described). With a case on file the floor holds: it is likelier about
    that one. "上回说的垃圾站的事有进展没" is read as a status question and never comes here."""
    if turn.analysis.intent is not Intent.NEW_PETITION:
        return False
    parts = turn.services.matters.signature(turn.text, turn.analysis).parts
    if not (parts.things or parts.buildings or parts.names) \
            and turn.analysis.intent_confidence < _SURE_MATTER:
        return False
    return not turn.cases()


#: A call and nothing else ("有人吗", "在吗？", "喂 有人在吗", "hello? anyone there").
_CALL_ALONE = re.compile(
    rf"(?:{GREETINGS}|{CALLS}|请问|您|你|们|好|啊|呀|呢|哈|嘛|吗|么|了|吧|"
    r"anyone|anybody|someone|is|are|you|there|still|hello|hi|hey|[\s\W_])+")


def calls_on_open_case(turn: Turn) -> bool:
    """"有人吗" from a sender whose matter is open here: they want to know it is being seen to.
    Answered with where it stands (and the bot's own question, if one is pending), never with
    the opening greeting that asks them to describe a problem they have told."""
    text = turn.text.strip().lower()
    if not text or turn.analysis.particulars or alarmed(turn.analysis) \
            or _CALL_ALONE.fullmatch(text) is None \
            or re.search(rf"{CALLS}|anyone|anybody|someone|there", text) is None:
        return False
    return bool(turn.open_cases())


def urges_open_case(turn: Turn) -> bool:
    """A short question that may be a status question, from a sender with a case open.

    The judgements read a message alone, and alone "你们能不能快点" is a question (0.64) before
    it is a status question (0.24). From someone with a matter open here, being asked about
    progress is far likelier than a question about the service, so the odds move towards
    status by ``_OPEN_CASE_ODDS``; the status answer costs the citizen nothing if it was not
    that, and a question answered with the procedure leaves them still waiting.
    """
    analysis = turn.analysis
    if analysis.intent is not Intent.QUESTION or alarmed(analysis) or analysis.particulars:
        return False
    if words_told(turn.text) > _PROGRESS_MAX_CHARS:
        return False
    status = dict(analysis.intent_alternatives).get(Intent.STATUS_QUERY, 0.0)
    if status * _OPEN_CASE_ODDS < analysis.intent_confidence:
        return False
    return bool(turn.open_cases())


#: Who is handling it: which unit or office, which person ("是哪个单位在办", "转给哪个部门了",
#: "现在谁在跟进"). The status line names the unit a case was sent to.
_WHO_HANDLES = re.compile(
    r"(?:哪个|哪一个|哪家|哪|什么)(?:单位|部门|机关|科室|局)(?:在|来|负责)?(?:办|管|负责|处理|跟进|接手|查)|"
    r"(?:转|交|派|分|送)(?:给|到)了?(?:哪|什么)|谁(?:在|来)?(?:办|管|负责|处理|跟进|经手)|"
    r"经办人|承办人|负责人是谁|责任单位|"
    r"who(?:'s| is) (?:handling|dealing with|responsible)|which (?:department|office|unit)",
    re.IGNORECASE)


def asks_who_handles(turn: Turn) -> bool:
    """A short question who handles the matter, from a sender with a case open: the status
    line says (the unit it was sent to, or that it awaits review). Naming a thing no open case
    is about ("公积金归哪个部门管"), it is a question about another matter, left to the FAQ."""
    analysis = turn.analysis
    if alarmed(analysis) or analysis.particulars or analysis.accusation \
            or analysis.intent in (Intent.WITHDRAW, Intent.APPEAL, Intent.RATING):
        return False
    if words_told(turn.text) > _PROGRESS_MAX_CHARS or _WHO_HANDLES.search(turn.text) is None:
        return False
    open_cases = turn.open_cases()
    if not open_cases or turn.services.faq.about_another_service(analysis):
        return False
    # Words left beside the asking ("办护照找哪个部门管") name what is asked about: one of
    # the open cases' matters, or another office's business.
    left = _ASKING_WORDS.sub(" ", _WHO_HANDLES.sub(" ", _PROGRESS.sub(
        " ", analysis.text or turn.text)))
    asked = set(_PAIR.findall(left))
    return not asked or len([case for case in open_cases
                             if asked & set(_PAIR.findall(_first_text(turn, case)))]) == 1


#: "帮我查一下手机号138…反映的事": a look-up by a phone number or an ID number.
_LOOKS_UP = re.compile(r"查|问问|看看|打听")
#: ...of a matter filed: what someone "反映的事" is, not a matter told ("油烟很大这事").
_A_MATTER = re.compile(r"(?:反映|投诉|举报|信访|提交|报)过?的?(?:事|问题|案|进度|结果|情况)")


def looks_up_by_particulars(turn: Turn) -> bool:
    """A status question that names whose matter by a phone or ID number, not by its number
    and query code. Never a case; only the code opens a case to someone."""
    given = turn.analysis.particulars
    if not (given.phone or given.id_number) or turn.analysis.case_refs \
            or turn.analysis.intent is Intent.NEW_PETITION:
        return False  # (a matter told with a phone and "请查一下" is a matter)
    return _LOOKS_UP.search(turn.text) is not None and _A_MATTER.search(turn.text) is not None \
        and words_told(turn.text) <= _PROGRESS_MAX_CHARS * 2


#: A query code sent alone ("MPDD5U77", "查询码：MPDD5U77"): typed as shown, upper case.
_CODE_ALONE = re.compile(rf"(?:查询码|查询|code)?[:：\s]*([{CODE_ALPHABET}]{{{CODE_MIN_LENGTH}}})[。.!！\s]*")


def code_alone(turn: Turn) -> str:
    """The query code a message is made of alone, else "". A code of letters alone (one in ten
    codes drawn) may be a word typed in capitals ("THANKYOU"): taken only when it is the code
    of one of the sender's own cases."""
    found = _CODE_ALONE.fullmatch(turn.text.strip())
    if found is None:
        return ""
    code = found.group(1)
    if any(c.isdigit() for c in code) or own_case_by_code(turn, code) is not None:
        return code
    return ""


def own_case_by_code(turn: Turn, code: str) -> Case | None:
    """The sender's own case whose query code ``code`` is (only theirs are tried: no guess at
    anyone else's), else None."""
    hasher = turn.services.hasher
    return next((case for case in turn.cases()[:10]
                 if hasher.verify(case.number, code, case.code_hash)), None)


def ultimatum_on_open_case(turn: Turn) -> bool:
    """"再不管我就去北京上访" from a sender with a matter open: about that matter, which is
    late in their eyes. Told its status and read by a person, never a second case (a longer
    message tells a matter of its own and goes on)."""
    return (turn.analysis.threatens_escalation and words_told(turn.text) <= _ULTIMATUM_MAX_WORDS
            and bool(turn.open_cases()))


def tells_a_matter(turn: Turn) -> bool:
    """A progress question from someone with no case here, that itself tells a matter.

    "网约车司机接单后拒载，投诉没有回音" asks about a complaint made elsewhere (to a platform, a
    company, a hotline) and tells the whole matter while doing so. With no case of theirs on
    file there is nothing to report, and "please describe the problem" would throw away what
    they just described: it goes on to be registered. It takes more than a bare question
    (``_TELLS_MIN_CHARS``) and a new matter as the judgement's clear second reading
    (``_TELLS_MIN_CONFIDENCE``; a pure progress question puts it near 0).
    """
    analysis = turn.analysis
    if analysis.case_refs:
        return False
    if _UNHANDLED.search(turn.text) and _names_its_thing(turn):
        # "违建举报了没人管" (status 0.91): a thing and that nobody deals with it, however short.
        return not turn.cases()
    if waited_on_own_request(analysis.text or normalize(turn.text)):
        # "我的低保申请交上去三个月了还没批下来", "报的修等了一个月没人来" (status 0.9+): one's own
        # request lodged elsewhere, a span waited and nothing yet, told, not asked (nlp.waited).
        # With no case here there is no progress of ours to report: it is a complaint of the
        # office's inaction. Over the training phrasings: new_petition 81, status_query 15
        # (the guide's "delay, no new facts"; with a case here they are still answered so).
        return not turn.cases()
    if impatient_when(analysis.text or turn.text) is Intent.NEW_PETITION and _names_its_thing(turn):
        # "俺那个养老补贴到底啥时候能给俺打到卡上" (status 0.89) with no case here: one's own
        # thing owed, asked after out of patience, is the matter itself (nlp.intents).
        return not turn.cases()
    if words_told(turn.text) < _TELLS_MIN_CHARS:
        return False
    if not any(intent is Intent.NEW_PETITION and confidence >= _TELLS_MIN_CONFIDENCE
               for intent, confidence in analysis.intent_alternatives):
        return False
    return not turn.cases()


#: That nobody deals with it: said of a thing, a complaint whatever else it asks.
_UNHANDLED = re.compile(r"没(?:有)?人(?:管|理|处理|修|问|过问|来|上门|联系|回复|答复|回应|搭理)|"
                        r"(?:都|也|就是)不(?:管|理|处理)|不管不问|没(?:有)?(?:下文|回音|动静|来人|回复|答复|回应)|"
                        r"没(?:见|看见|看到)?(?:有)?人来")


def _names_its_thing(turn: Turn) -> bool:
    parts = turn.services.matters.signature(turn.text, turn.analysis).parts
    return bool(parts.things or parts.buildings)


#: A status question with at least this reading as a question may be one about the service.
#: 0.05 on the C = 30 intent head's scale, 0.026 on the C = 300 head's (thresh29, docs/NLP.md).
_QUESTION_READING = 0.026


def _may_ask_about_the_service(turn: Turn) -> bool:
    """Read as a question at all ("办好了会通知我吗": status 0.59, question 0.22), not only as
    a status question ("我的投诉怎么样了": the FAQ's nearest entry would be a wrong answer)."""
    analysis = turn.analysis
    if analysis.intent is Intent.QUESTION:
        return True
    return dict(analysis.intent_alternatives).get(Intent.QUESTION, 0.0) >= _QUESTION_READING


def words_told(text: str) -> int:
    """How much a message tells: its Chinese characters, and a Latin word counted as one
    ("is anyone handling my report" is a short question, not twenty-odd characters of facts)."""
    return len(_HAN.findall(text)) + len(_LATIN_WORD.findall(text))


def status_line(case: Case | lookup.CaseStatus, language: str) -> str:
    """The status answer: ``bot.lookup``'s, the one status path."""
    return lookup.status_line(case if isinstance(case, lookup.CaseStatus)
                              else lookup.of_case(case), language)


def tell(turn: Turn, case: Case | lookup.CaseStatus) -> Draft:
    """The status answer to the case's own petitioner (or a holder of its code), on the turn's
    day. A case past its deadline is said to be late, and the asking is a 催办: recorded on
    the case, which goes to a person (a citizen chasing a late case wants one, not a date)."""
    status = case if isinstance(case, lookup.CaseStatus) else lookup.of_case(case)
    today = local_date(turn.now)
    if status.overdue(today):
        held = case if isinstance(case, Case) else turn.session.get(Case, status.id)
        if held is not None:
            held.needs_human = True
            turn.session.add(held)
            cases.record(turn.session, held, turn.identity.urn, "overdue_queried", turn.now,
                         deadline=str(status.next_deadline()), message_id=turn.message.id)
    return Draft(lookup.status_line(status, turn.language, today), case)


_ASKS = re.compile(r"[?？吗么呢几哪啥]|多少|什么|有没有|看看|列|查", re.IGNORECASE)
#: What one's cases are called when a list of them is asked for ("我有几个案件", "我的所有投诉").
_CASE_WORDS = re.compile(r"案|投诉|事|诉求|反映|举报|件|单|编号|记录|信访|case|complaint|report",
                         re.IGNORECASE)


def counts_no_cases(turn: Turn) -> bool:
    """A statement with a count in it that names no case and asks nothing ("我们一共三十多户",
    list-cases 0.99 to the model): the list of one's cases is asked, never told."""
    text = turn.text
    return _ASKS.search(text) is None and _CASE_WORDS.search(text) is None


def choose(turn: Turn, open_cases: list[Case]) -> Draft:
    """A short list of the sender's open cases to pick from, each with the first words the
    citizen wrote of it: a number and a status alone do not tell two matters apart."""
    shown = open_cases[:CHOICES]
    lines = [texts.say(turn.language, "choose_case_short", count=len(open_cases))] + [
        f"{index}. {c.number} {texts.status_name(turn.language, c.status)}{_gist(turn, c)}"
        for index, c in enumerate(shown, start=1)]
    return Draft("\n".join(lines), buttons=tuple(((c.number, f"case:{c.number}"),)
                                               for c in shown))


#: How much of a case's first message the list shows.
_GIST_CHARS = 14


def _gist(turn: Turn, case: Case) -> str:
    words = " ".join(_first_message(turn, case).split())
    if not words:
        return ""
    return f"（{words[:_GIST_CHARS]}{'…' if len(words) > _GIST_CHARS else ''}）"


#: A pick from that list by its place ("1", "第一个", "第2件", "选二"): read only right after it.
_ORDINAL = re.compile(r"(?:选|要|查|看|就)?(?:第)?([1-9]|[一二三四五六七八九])(?:个|件|条|项|号)?"
                      r"(?:吧|啊|的|那个|那件|事项)?[\s。.!！]*")
_NUMERALS = "一二三四五六七八九"


def picked_from_list(turn: Turn) -> Case | None:
    """The case a reply picks by its place in the list of open cases the bot just sent, if it
    is one ("第一个" after "您有 2 件办理中的事项…"): told that case's status."""
    found = _ORDINAL.fullmatch(turn.text.strip())
    if found is None:
        return None
    open_cases = turn.open_cases()
    place = found.group(1)
    index = int(place) if place.isdigit() else _NUMERALS.index(place) + 1
    if len(open_cases) < 2 or index > min(len(open_cases), CHOICES):
        return None
    last = turn.session.exec(select(Outbox.text).where(Outbox.recipient == turn.message.sender)
                             .order_by(col(Outbox.id).desc())).first()
    header = texts.say(turn.language, "choose_case_short", count=len(open_cases))
    return open_cases[index - 1] if last is not None and last.startswith(header) else None


class Status:
    name = "status"

    def check(self, turn: Turn) -> bool:
        if turn.command is not None:
            return turn.command[0] in ("status", "cases", "list")
        if picked_from_list(turn) is not None:
            return True  # "第一个" right after the list of one's open cases
        if turn.analysis.intent is Intent.STATUS_QUERY and tells_a_matter(turn):
            return False
        if not turn.open_cases() and settled_then_asked(turn):
            # "去年反映的路灯已经修好了，非常感谢。现在想问一下：老年卡在哪里办理？" (status 0.43)
            # with no case open: no progress to tell; the question is the chit-chat row's.
            return False
        if asks_for_secrecy(turn):
            return False  # "千万别让领导知道是我反映的": the privacy answer (bot.dialogue.secrecy)
        if answers_our_question(turn):
            return False  # 是 / 不是 answer the bot's own question, never ask about progress
        if names_when_asked(turn):
            return False  # "Li Na" to "your name?": a name, whatever a model made of it
        if turn.analysis.intent is Intent.LIST_CASES and counts_no_cases(turn):
            return False  # "我们一共三十多户": a count told, not one's cases asked for
        return turn.analysis.intent in (Intent.STATUS_QUERY, Intent.LIST_CASES) \
            or asks_progress(turn) or asks_after_a_named_case(turn) or urges_open_case(turn) \
            or ultimatum_on_open_case(turn) or asks_who_handles(turn) or calls_on_open_case(turn) \
            or looks_up_by_particulars(turn) or bool(code_alone(turn))

    def handle(self, turn: Turn) -> list[Draft]:
        drafts = self._answer(turn)
        if drafts and calls_on_open_case(turn):
            # "在吗", "有人吗": greeted, and told where the matter stands.
            drafts[0] = replace(drafts[0], text=texts.say(turn.language, "call_answered")
                                + drafts[0].text)
        return drafts

    def _answer(self, turn: Turn) -> list[Draft]:
        wants_list = turn.analysis.intent is Intent.LIST_CASES or (
            turn.command is not None and turn.command[0] in ("cases", "list"))
        if wants_list:
            return self._list(turn)
        picked = picked_from_list(turn)
        if picked is not None:
            return [tell(turn, picked)]
        if turn.analysis.case_refs:
            return self._by_reference(turn)
        code = code_alone(turn)
        if code:
            # The sender's own case whose code it is, else how to send it with its number.
            own = own_case_by_code(turn, code)
            if own is not None:
                return [tell(turn, own)]
            return [Draft(texts.say(turn.language, "code_needs_number", code=code))]
        if looks_up_by_particulars(turn) \
                and turn.identity.urn != f"tel:{turn.analysis.particulars.phone}":
            # Whoever sends a number may not be its owner (the sender's own phone is theirs:
            # their cases follow): the way to query a case with its code.
            return [Draft(texts.say(turn.language, "status_by_particulars"))]
        mine = turn.cases()
        if not mine:
            # With no case there is no status to give; a question about the service that read
            # as a status question ("一般信访事项多久能有答复", "查询码找不到了") gets its answer.
            if not _may_ask_about_the_service(turn):
                return [Draft(texts.say(turn.language, "no_open_case"))]
            # "噪音投诉一般要多久才有结果啊": the entry that answers it, else the procedure's
            # time limits (what a question about progress with no case wants to know).
            # ("帮我查下我的社保交了几年": another office's, and said so.)
            return [Draft(turn.services.faq.answer(turn.text, turn.language, turn.analysis))]
        if _may_ask_about_the_service(turn):
            # "受理了是什么意思，下一步呢": the entry about one's own matter answers, with the
            # status line after it; other entries leave the status answer alone.
            entry = turn.services.faq.entry(turn.text, turn.analysis)
            if entry is not None and entry.with_status and turn.open_cases():
                return answer_with_status(turn, entry)
        open_cases = turn.open_cases()
        named = named_case(turn, open_cases) if len(open_cases) > 1 else None
        if len(open_cases) > 1 and named is None:
            return [choose(turn, open_cases)]
        case = named or (open_cases[0] if open_cases else mine[0])
        told = tell(turn, case)
        if turn.analysis.threatens_escalation:
            case.needs_human = True
            turn.session.add(case)
            cases.record(turn.session, case, turn.identity.urn, "escalation_threatened",
                         turn.now, message_id=turn.message.id)
            drafts = [replace(told, text=told.text + texts.say(turn.language, "ultimatum_heard"))]
            # "你们不办我就去省信访局": what the rules say of going higher, where an entry has it.
            rules = turn.services.faq.specific(turn.text, turn.language, turn.analysis)
            return [Draft(rules, case), *drafts] if rules else drafts
        return [replace(told, text=told.text + _still_asked(turn))]

    def _list(self, turn: Turn) -> list[Draft]:
        mine = turn.cases()
        if not mine:
            return [Draft(texts.say(turn.language, "no_open_case"))]
        lines = [texts.say(turn.language, "list_header")] + [
            texts.say(turn.language, "list_item", number=c.number,
                      status=texts.status_name(turn.language, c.status))
            for c in mine[:10]]
        return [Draft("\n".join(lines))]

    def _by_reference(self, turn: Turn) -> list[Draft]:
        session, now, urn, language = turn.session, turn.now, turn.identity.urn, turn.language
        hasher = turn.services.hasher
        if _throttled(session, urn, now):
            return [Draft(texts.say(language, "throttled"))]
        # A sender with no case here at all ("XF2025-000123 办得怎么样了") is told, inside each
        # "not found", where else to ask and how to file here (one reply per reference, the same
        # whatever the number typed: tests/privacy/test_enumeration.py).
        none_here = not turn.cases()
        not_found = texts.say(language, "no_such_case_none_here" if none_here else "no_such_case")
        replies: list[Draft] = []
        for ref in turn.analysis.case_refs[:3]:
            case = lookup.by_number(session, ref.number)
            if case is not None and case.petitioner_id == turn.petitioner.id:
                replies.append(tell(turn, case))
                continue
            if _throttled(session, urn, now):
                # Each reference is a guess: three in one message are three, not one.
                replies.append(Draft(texts.say(language, "throttled")))
                break
            if _case_throttled(session, ref.number, now):
                # Whether or not the case exists: the answer says nothing about that.
                replies.append(Draft(texts.say(language, "throttled")))
                continue
            stored_hash = case.code_hash if case is not None else hasher.hash("-", "-")
            # Verify even when there is no such case, so both answers take the same time.
            valid = hasher.verify(ref.number, ref.code or "", stored_hash)
            session.add(StatusAttempt(sender=urn, case_number=ref.number, succeeded=valid,
                                      at=now))
            session.flush()  # the next reference's throttle counts this guess (no autoflush)
            if case is not None and valid and ref.code:
                cases.record(session, case, urn, "status_with_code", now)
                replies.append(tell(turn, case))
            else:
                replies.append(Draft(not_found))
        return replies if none_here else replies + _own_cases_beside(turn, replies)


def _own_cases_beside(turn: Turn, replies: list[Draft]) -> list[Draft]:
    """A number not found ("XF2025-000001" typed for XF2026-000001, a digit wrong), from a sender
    with cases of their own here: the cases they have, which need no code. Said whatever the
    number typed, so it tells nothing of whether that number exists."""
    if not any(draft.case is None and draft.text == texts.say(turn.language, "no_such_case")
               for draft in replies):
        return []
    told = {draft.case.id for draft in replies if draft.case is not None}
    open_cases = [case for case in turn.open_cases() if case.id not in told]
    if not open_cases:
        return []
    if len(open_cases) > 1:
        return [choose(turn, open_cases)]
    own = tell(turn, open_cases[0])
    return [replace(own, text=texts.say(turn.language, "own_case_instead") + own.text)]


def _still_asked(turn: Turn) -> str:
    """The name or contact the case being taken down still asks ("办完了会通知我吗" while the
    phone is asked): the status answers the question, and the bot's own question stands."""
    case = turn.awaiting_case()
    if case is None or not questions.taking_down(case):
        return ""
    still = questions.still_unknown(turn, questions.pending(case))
    return "\n" + questions.ask(turn.language, still) if still else ""


def _throttled(session: Session, sender: str, now: datetime) -> bool:
    return _failed_guesses(session, StatusAttempt.sender == sender, now) >= GUESS_LIMIT


def _case_throttled(session: Session, number: str, now: datetime) -> bool:
    return _failed_guesses(session, StatusAttempt.case_number == number, now) >= CASE_GUESS_LIMIT


def _failed_guesses(session: Session, whose: Any, now: datetime) -> int:
    """Failed code checks matching ``whose`` (a sender, or a case number) in GUESS_WINDOW."""
    return session.exec(
        select(func.count()).select_from(StatusAttempt).where(
            whose,
            StatusAttempt.succeeded == False,
            col(StatusAttempt.at) >= now - GUESS_WINDOW,
        )
    ).one()
