"""What is never a case: greetings and thanks, questions about the service (answered from
``bot.faq`` when one of its entries matches), and a message that only gives the petitioner's
particulars (an unprompted phone number by SMS)."""

from __future__ import annotations

import re

from bot import texts, workflow
from bot.dialogue import feedback, particulars, slots, status
from bot.dialogue.draft import Draft
from bot.dialogue.faqreply import faq_reply
from bot.dialogue.secrecy import asks_for_secrecy, keep_secret
from bot.dialogue.settled import settled_then_asked
from bot.dialogue.status import names_when_asked, words_told
from bot.dialogue.turn import Turn
from bot.lawroutes import LEGAL_CONFIDENCE, LEGAL_ROUTES
from nlp import Intent
from nlp.courtesy import CALLS, GREETINGS, THANKS
from nlp.disappointment import only_disappointment
from nlp.inaction import only_abuse
from nlp.intents import THANKS_SETTLED, greeting_alone
from nlp.normalize import content_chars
from nlp.progress import ENGLISH_OUTCOME
from nlp.routes import legal_route, route_stage
from storage import Case


class ChitChat:
    name = "chitchat"

    def check(self, turn: Turn) -> bool:
        if turn.message.needs_human:
            return False  # the channel could not read it: a person registers it
        if _particulars_alone(turn):
            return True  # whatever nlp's intent: "那就写王先生吧" reads like a question
        if names_when_asked(turn):
            return False  # "wangfang" to "your name?" (question 0.28): the slot row's answer
        if asks_for_secrecy(turn):
            return True  # "请一定帮我保密 不然我工作就没了" (a new matter 0.54 to the model)
        if _declines_alone(turn):
            return True  # "我就不留名字了" before any matter: no matter of its own
        if _outcome_before_filing(turn):
            return True  # "隔壁那家洗车店会被罚款吗" (a new matter 0.84): asked, not told
        if turn.cases() and only_abuse(turn.analysis.text or turn.text):
            # "你们这些狗官 收了钱不办事" with a case here: how they feel about the bureau,
            # answered as disappointment is (nlp.inaction.only_abuse), not asked whether it is
            # more of the matter, nor an accusation of bribery registered.
            return True
        intent = turn.analysis.intent
        if settled_then_asked(turn):
            # "之前的路已经修好了 谢谢 现在想问问办低保要什么条件": the matter told is done with;
            # the question is answered, not registered as a complaint in question form.
            return True
        if intent is Intent.QUESTION and may_be_a_matter(turn):
            # Registered: a complaint lost costs more than a question registered; but a
            # question about the sender's open matter ("能不能不让院长知道是谁举报的？") is
            # answered and filed under it, not a second case.
            return _open_case_asked_about(turn) is not None
        if intent is Intent.QUESTION and told_not_asked(turn):
            return False  # "举报乡里的会计做假账" (question 0.54): an accusation to register
        if tells_of_open_case(turn):
            return False  # "主要是早上六点到九点最严重": more of the open matter (SameMatter)
        if (intent is Intent.GREETING and may_be_a_matter(turn)
                and THANKS_SETTLED not in turn.analysis.intent_terms):
            # "Hello, ... the KTV downstairs is very loud every night ... Thanks." (greeting
            # 0.46, a new matter 0.18): a letter opened and closed politely is no greeting, as a
            # question this long that may be a matter is registered (below). Thanks for
            # something put right, nothing left open (nlp.thanks_settled), is the greeting the
            # rule read, though the model's new matter stays beside it (session 27, intent32).
            return False
        if intent in (Intent.GREETING, Intent.QUESTION):
            return True
        if intent is Intent.PARTICULARS:
            # A matter with them goes on to be registered; a change of them is no matter.
            return only_particulars(turn) or _particulars_changed(turn)
        if _short_question(turn):
            return True
        return bool(turn.learned) and only_particulars(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        intent, language = turn.analysis.intent, turn.language
        if settled_then_asked(turn):
            intent = Intent.QUESTION  # read as progress or a greeting, it asks after settling
        if _particulars_alone(turn):
            return acknowledge(turn)
        if asks_for_secrecy(turn):
            return keep_secret(turn)
        if _outcome_before_filing(turn):
            # "那家烧烤店会不会被查封" before anything is filed: what becomes of the other party
            # is the handling unit's to decide by law, once told the matter — said, and asked
            # to tell it (not the procedure, nor the privacy entry for "我要是投诉了 那个工厂会
            # 不会被罚款", nor a case of the question).
            return [Draft(texts.say(language, "outcome_before_filing"))]
        declined = slots.declines_particulars(turn) if _declines_alone(turn) else []
        if declined:
            # "那就不留名了" before telling the matter: kept, so the matter is not asked for it.
            slots.remember_declined(turn, declined)
            return [Draft(texts.say(language, "declined_before_matter",
                                    items=particulars.listing(language, declined)))]
        if turn.cases() and (only_disappointment(turn.analysis.text or turn.text)
                             or only_abuse(turn.analysis.text or turn.text)):
            # "算了不指望你们了", "你们就是摆设": how they feel about the bureau, answered as
            # that (not "好的。", not the procedure), with where their matter stands.
            case = turn.latest_open()
            if case is not None:
                return [Draft(texts.say(language, "noted_disappointed", number=case.number), case)]
        if intent is Intent.GREETING and slots.question_form(turn.text) \
                and content_chars(turn.text) > _GREETING_QUESTION_CHARS \
                and not greeting_alone(turn.analysis.text or turn.text):
            # "那什么时候能装好？" (greeting 0.55): a question longer than "在吗？", "你好吗？" is
            # answered as the question it is, never with "您好！请描述您的问题". A call that is
            # only greeting words ("请问有人在线吗", "工作人员在吗") is no such question.
            intent = Intent.QUESTION
        if intent is Intent.GREETING and not turn.learned:
            if thanks(turn.text):
                return [Draft(texts.say(language, "thanks_reply"))]
            noted = _acknowledged(turn)
            return noted or [Draft(texts.say(language, "greeting"))]
        if intent is Intent.QUESTION or _short_question(turn):
            asked_about = _open_case_asked_about(turn) if may_be_a_matter(turn) else None
            if asked_about is not None:
                # About the sender's own matter, so not another office's service.
                turn.attach(asked_about, "question")
                return [Draft(turn.services.faq.specific(turn.text, language)
                              or texts.say(language, "question_filed", number=asked_about.number),
                              asked_about)]
            route = legal_route_asked(turn)
            entry = turn.services.faq.entry(turn.text, turn.analysis) if route else None
            asked = turn.analysis.text or turn.text
            if route and (entry is None or entry.id not in _ROUTE_ENTRIES
                          or (_PETITION_INSTEAD.search(asked) and _A_DECISION.search(asked))):
                # "想问一下劳动仲裁要交钱吗", "不服处罚决定怎么申请复议": the route's own
                # procedure, not this service's fee or 复查 (nor "another office's service":
                # a petition cannot replace the route). Asked whether a petition may replace
                # a route that has decided ("仲裁输了 能上访吗"), the route's own next step over
                # the general entry (which answers "已经在打官司了还能信访吗" as it should).
                stage = route_stage(turn.analysis.text or turn.text, route)
                key = "legal_route_answer_" + route
                if stage and texts.has(language, f"{key}_{stage}"):
                    key = f"{key}_{stage}"  # "复议维持了 我还能怎么办": the next step
                return [Draft(texts.say(language, key)
                              + ("" if language == "zh" else " ")
                              + texts.say(language, "legal_route_answer_tail"))]
            outcome = open_case_questioned(turn) if _OUTCOME.search(turn.text) else None
            if outcome is not None:
                # "那个饭店会不会被关掉": what becomes of the party the open case is against,
                # not another office's service however sure the category is of "饭店".
                turn.attach(outcome, "question")
                return [Draft(texts.say(language, "question_filed", number=outcome.number)
                              + ("" if language == "zh" else " ")
                              + status.status_line(outcome, language), outcome)]
            found = faq_reply(turn)
            if found is not None:
                return found
            answered = _answer_asked_about(turn)
            if answered is not None:
                # "那什么时候能装好？" right after an answer asks about that answer: filed under
                # it for the clerk who wrote it, not met with the service's procedure.
                turn.attach(answered, "question")
                return [Draft(texts.say(language, "question_filed", number=answered.number),
                              answered)]
            questioned = open_case_questioned(turn)
            if questioned is not None:
                # "这水到底能不能喝", "这个事是哪个部门在管" from someone whose matter is open:
                # a question about that matter, which only its handlers can answer — filed
                # under it, with where it stands; the service's procedure answers nothing.
                turn.attach(questioned, "question")
                return [Draft(texts.say(language, "question_filed", number=questioned.number)
                              + ("" if language == "zh" else " ")
                              + status.status_line(questioned, language), questioned)]
            return [Draft(turn.services.faq.answer(turn.text, language, turn.analysis))]
        if not turn.learned:
            return [Draft(texts.say(language, "greeting"))]
        return acknowledge(turn)


#: A salutation or a call ("你好", "在吗", "喂"): what opens a conversation, unlike an
#: acknowledgement of what the bot said ("好吧 我再等等", "好的 知道了", "ok").
_SALUTATION = re.compile(rf"(?<![a-z])(?:{GREETINGS}|{CALLS})(?![a-z])")


def _acknowledged(turn: Turn) -> list[Draft]:
    """A "greeting" that greets nobody, from a petitioner with a case on file, acknowledges
    what the bot last said: answered with where their case stands, never with the opening
    greeting that asks them to describe a problem (they did)."""
    if _SALUTATION.search(turn.text.lower()) or not turn.cases():
        return []
    language = turn.language
    answered = feedback.fresh_answer(turn)
    if answered is not None and not workflow.has_event(turn.session, answered, "rate"):
        return [Draft(texts.say(language, "noted_rating", number=answered.number), answered)]
    case = turn.latest_open()
    if case is not None:
        return [Draft(texts.say(language, "noted_on_file", number=case.number), case)]
    return [Draft(texts.say(language, "noted_closed"))]


#: "在吗？", "有人吗？", "你好吗？": greetings written as questions are no longer than this.
_GREETING_QUESTION_CHARS = 4


def _declines_alone(turn: Turn) -> bool:
    """Only a decline of particulars ("不想留名，楼下餐馆油烟大" is a matter told anonymously:
    the matter row's), with no case being taken down to decline them on."""
    return (slots.only_declines(turn.text) and turn.awaiting_case() is None
            and bool(slots.declines_particulars(turn)))


#: A question about one's particulars ("地址要写到门牌号吗") gives none.
_ASKS = re.compile(r"[?？]|吗|呢|么|怎|哪|能不能|可不可以|是否")


def _particulars_alone(turn: Turn) -> bool:
    """The message gives particulars and nothing else, and asks nothing."""
    return (bool(turn.analysis.particulars) and _ASKS.search(turn.text) is None
            and only_particulars(turn))


def acknowledge(turn: Turn) -> list[Draft]:
    """Say what was kept ("已记录您提供的…"), on the open case's timeline when there is one (a
    correction as one): particulars never open a case. Items already on file are named too."""
    language = turn.language
    given = turn.analysis.particulars
    items = list(turn.learned) or [item for item, value in (
        ("name", given.name), ("contact", given.phone or given.address),
        ("id_number", given.id_number)) if value]
    listed = particulars.listing(language, items)
    case = turn.latest_open()
    if case is not None:
        action = "particulars_corrected" if particulars.corrects(turn.text) else "particulars_given"
        turn.attach(case, action, item=",".join(items))
        return [Draft(texts.say(language, "particulars_added", items=listed,
                                number=case.number), case)]
    return [Draft(texts.say(language, "particulars_noted", items=listed))]


#: Thanks and their fillers: a thanks is answered as one, not with the opening greeting.
_THANKS = re.compile(rf"谢谢|感谢|多谢|辛苦|麻烦(?:你|您)|thank|(?<![a-z]){THANKS}(?![a-z])",
                     re.IGNORECASE)


def thanks(text: str) -> bool:
    return _THANKS.search(text) is not None


#: A question at least this long (Chinese characters and Latin words) that nlp also reads as a
#: new matter with at least this probability is registered: "register everything" (Art 22)
#: weighs a complaint in question form ("工地天天半夜施工，这合理吗？") above a question filed.
#: Chosen on the dev phrasings: it moves mostly complaints and few true questions.  The
#: probability was 0.1 on the C = 30 intent head's scale; 0.055 on the sharper C = 300 head's
#: (session 24, thresh29: as many right outcomes by label over the training phrasings for no
#: more wrong ones; docs/NLP.md).
MATTER_QUESTION_MIN_WORDS = 16
MATTER_QUESTION_MIN_PROBABILITY = 0.055


#: The FAQ entries that answer a question about a legal route as such ("法院判了还能上访吗").
_ROUTE_ENTRIES = frozenset({"legal_routes", "legal_aid"})


def legal_route_asked(turn: Turn) -> str:
    """The legal route (诉讼, 仲裁, 行政复议) a question is about, when nlp's route judgement is as
    sure as it must be to move a case (bot.lawroutes); else ""."""
    analysis = turn.analysis
    sure = analysis.legal_route_confidence >= LEGAL_CONFIDENCE
    # A route told to have decided ("复议维持了 我还能怎么办", route 0.19) names its route by
    # a closed grammar: the next step is the answer, however unsure the model is.
    sure = sure or bool(route_stage(analysis.text or turn.text, analysis.legal_route))
    if sure and analysis.legal_route in LEGAL_ROUTES:
        return analysis.legal_route
    return _petition_instead(analysis.text or turn.text)


#: Asking whether a petition may be made instead ("能上访吗", "可以来信访吗", "还能找你们反映吗").
_PETITION_INSTEAD = re.compile(
    r"(?:能|可以|可不可以|能不能|还能|还可以|该不该|要不要|是否可以|是不是可以|允许)(?:再)?(?:来|去)?"
    r"(?:上访|信访|投诉|反映|找你们|找信访|走信访|告状)|(?:上访|信访)(?:有用|管用|行不行|可以吗|能行吗)|"
    r"\b(?:can|could|may) i (?:petition|complain|appeal to you)", re.IGNORECASE)
#: A decision of the route named ("判决不公平", "仲裁结果不满意"): the route's next step is the
#: answer; "已经在打官司了还能信访吗" names none, and the general entry answers it.
_A_DECISION = re.compile(r"判决|判了|裁定|裁决|仲裁结果|复议决定|复议结果|处罚决定|决定书")
#: Named this strongly by the route's own words ("仲裁" 3, "法院"+"判决" 5, "复议" 2.5).
_NAMED_WEIGHT = 2.5


def _petition_instead(text: str) -> str:
    """"仲裁结果不满意 能上访吗", "法院判决不公 我可以来信访吗": a route's decision named and
    whether a petition may replace it asked. The model hears the petition words (信访程序中);
    the route named is what the answer is about: its next step, and that a petition does not
    replace it (Art 31; 不予受理 under Art 21, 22)."""
    if _PETITION_INSTEAD.search(text) is None:
        return ""
    named = legal_route(text)
    return named.route if named.route in LEGAL_ROUTES and named.weight >= _NAMED_WEIGHT else ""


def told_not_asked(turn: Turn) -> bool:
    """An accusation written as a statement ("举报乡里的会计做假账", "村主任把补助款吞了"): nlp's
    intent can lean to a question on a short text, but nothing in it asks (no question mark,
    no question word), and an accusation lost costs more than a question registered (Art 30).
    One asked ("举报村干部要实名吗") is still answered."""
    return turn.analysis.accusation and not slots.question_form(turn.text) \
        and _ASKS.search(turn.text) is None


#: What asks, in any position: a question mark or particle, a question word, "A不A" ("能不能",
#: "有没有", "是不是").
_ASKS_ANYWHERE = re.compile(r"[?？吗呢么]|怎|哪|什么|啥|谁|为何|多久|多少|几|(.)[不没]\1|是否|"
                            r"请问|问一?下|想问|想了解|咨询|请教|打听|"
                            r"\b(?:what|when|who|why|how|where|which|is|are|can|do|does)\b",
                            re.IGNORECASE)
#: The model's second thoughts that such a statement is not asking nor greeting (a matter, a
#: supplement, even a grade: "一般晚上七八点最多" is question 0.70, a rating 0.30).  0.1 on the
#: C = 30 intent head's scale, 0.17 on the C = 300 head's (thresh29, docs/NLP.md).
_TELLS_BESIDE_A_QUESTION = 0.17
#: A statement this short is too little to read: the question's answer stays.
_TELLS_MIN_CHARS = 6


def tells_of_open_case(turn: Turn) -> bool:
    """A statement the model reads as a question ("主要是早上六点到九点最严重": question 0.57,
    a supplement 0.24) from a sender with a case open: nothing in it asks, so it tells more,
    most likely of the open matter — asked about ("是对 XF… 的补充吗？") like any fragment,
    never answered with the service's procedure."""
    analysis = turn.analysis
    if analysis.intent is not Intent.QUESTION or analysis.particulars or analysis.accusation \
            or turn.message.needs_human:
        return False
    if content_chars(turn.text) < _TELLS_MIN_CHARS or _ASKS_ANYWHERE.search(turn.text):
        return False
    beside = sum(p for intent, p in analysis.intent_alternatives
                 if intent not in (Intent.QUESTION, Intent.HELP, Intent.GREETING))
    if beside < _TELLS_BESIDE_A_QUESTION or thanks(turn.text):
        return False
    return turn.latest_open() is not None and turn.awaiting_case() is None


def may_be_a_matter(turn: Turn) -> bool:
    analysis = turn.analysis
    words = words_told(turn.text)
    second = dict(analysis.intent_alternatives).get(Intent.NEW_PETITION, 0.0)
    return words >= MATTER_QUESTION_MIN_WORDS and second >= MATTER_QUESTION_MIN_PROBABILITY


def _answer_asked_about(turn: Turn) -> Case | None:
    """The case answered a moment ago that a short question no FAQ entry answers follows on
    from: it names nothing the case does not, and is about no other office's service."""
    case = feedback.fresh_answer(turn)
    if case is None or words_told(turn.text) >= MATTER_QUESTION_MIN_WORDS:
        return None
    if turn.services.faq.about_another_service(turn.analysis):
        return None
    return None if feedback.names_another_matter(turn, case) else case


#: Words pointing at the asker's own matter without naming it ("这个事", "我那个问题", "这水",
#: "俺那事儿"): a demonstrative or "my" before a matter word, or before a one-character thing.
#: What becomes of the other party ("他们会被罚款吗", "对方能不能赔", "那个饭店会不会被关掉"):
#: the open matter's outcome, pointed at by the party it is against.
_OUTCOME_WORDS = (
    r"(?:会|能|会不会|能不能|该不该|要不要|有没有|可不可以|是否|应该|用不用|得|要)(?:被|受到|得到|给|要)?"
    r"(?:罚|处罚|处理|查处|查封|关停|关掉|关门|封|拆|拘|抓|吊销|整改|赔|追责|问责|批评|警告|停业|停工)|"
    + ENGLISH_OUTCOME)
_OUTCOME = re.compile(_OUTCOME_WORDS, re.IGNORECASE)
#: A sanction on another party asked about, pointed at ("那家烧烤店会不会被查封", "隔壁工地能不能
#: 被罚款"): with no case open, asked before the matter is told ("will they be fined" is the
#: status row's, nlp.progress). No fire on
#: the labelled phrasings (session 21, docs/NLP.md): "企业不交社保会被罚吗" (the law, no party
#: pointed at) and "会不会被抓" (the asker) are other questions.
_OTHER_PARTY_OUTCOME = re.compile(
    r"(?:那|这|对方|他们|他家|她家|老板|隔壁|楼下|楼上|对门)[^，。！？,.!?\s]{0,10}"
    r"(?:会不会|会|能不能|能|该不该|有没有|可不可以|是否)(?:被|受到)"
    r"(?:罚|处罚|查处|查封|关停|关掉|关门|封|拆|拘|抓|吊销|追责|问责|停业|取缔|曝光|处理)")
_OWN_MATTER = re.compile(
    r"(?:我|俺|咱)?(?:这|那)(?:个|件)?(?:事|问题|情况|案子)|"
    r"(?:我|俺|咱)(?:们|家)?(?:的|这个|那个|这件|那件)(?:事|问题|案子|投诉|反映)|"
    r"(?:这|那)(?:个)?(?:水|路|灯|楼|墙|树|房|车|店|厂|气|味)|my (?:case|complaint|report)|"
    r"(?:this|that) (?:case|complaint|problem|issue)|"
    # What the citizen is to do for it ("到时候来检查需要我在家吗", "要我配合什么吗").
    r"(?:需要|要|得)我(?:在家|在场|到场|出面|配合|提供|准备|签字|去|做|过去)|"
    r"\bdo i (?:need|have) to (?:be|do|come|sign)|" + _OUTCOME_WORDS, re.IGNORECASE)


#: A question of another party's outcome with more than this told beside it tells the matter.
_OUTCOME_QUESTION_MAX_CHARS = 20


def _outcome_before_filing(turn: Turn) -> bool:
    """What becomes of another party, asked in few words by a sender with no case open
    ("那家烧烤店会不会被查封", "隔壁那家洗车店会被罚款吗")."""
    return (not turn.analysis.emergency and not turn.analysis.accusation
            and _OTHER_PARTY_OUTCOME.search(turn.analysis.text or turn.text) is not None
            and words_told(turn.text) <= _OUTCOME_QUESTION_MAX_CHARS
            and not turn.open_cases())


def open_case_questioned(turn: Turn) -> Case | None:
    """The open case a short question no FAQ entry answers is about: the only open case that
    covers what the question names ("热水器那件谁在管"), or, naming nothing, the only open case
    when the question points at "this matter" ("这个事是哪个部门在管", "这水还能不能喝").

    Not a question about another office's service, nor one naming a thing, place or party no
    open case is about ("你们管不管公积金"): those keep the procedure's or the FAQ's answer."""
    open_cases = turn.open_cases()
    if not open_cases or words_told(turn.text) >= MATTER_QUESTION_MIN_WORDS:
        return None
    if turn.services.faq.about_another_service(turn.analysis) \
            and not _OUTCOME.search(turn.text):
        return None
    if turn.names_a_matter():
        covering = [case for case in open_cases
                    if not feedback.names_another_matter(turn, case)]
        if len(covering) == 1 and (_OWN_MATTER.search(turn.text) or len(open_cases) == 1):
            return covering[0]
        return None
    if _OWN_MATTER.search(turn.text) and len(open_cases) == 1:
        return open_cases[0]
    return None


def _open_case_asked_about(turn: Turn) -> Case | None:
    """The sender's open case this question is about (the matter model's "same")."""
    if turn.latest_open() is None:
        return None
    same = turn.services.matters.open_repeat(
        turn.session, turn.petitioner.id or 0, turn.text, turn.analysis)
    return same.case if same is not None else None


def _short_question(turn: Turn) -> bool:
    """A question too short to carry a matter ("你们几点上班？"): answered, never a case.

    A floor under nlp's intent, like ``status.asks_progress``; longer questions may be
    complaints in question form ("噪音这么大有没有人管？") and go on to the new matter, and so
    does a short one that names what it is about ("物业费凭什么一年涨两次？", "井盖丢了没人管吗"):
    a complaint told in few words is still one to register (Art 22)."""
    return (turn.analysis.intent is Intent.NEW_PETITION and not turn.analysis.emergency
            and not turn.analysis.accusation
            and content_chars(turn.text) < slots.MIN_DETAIL_CHARS
            and slots.asks_something(turn) and not turn.names_a_matter())


#: nlp is this sure the message gives particulars: with nothing of a matter named beside them,
#: the words around the number say why it changed ("旧号停用了", "手机丢了"), not a matter.
_SURE_PARTICULARS = 0.9


def _particulars_changed(turn: Turn) -> bool:
    """A petitioner with a case on file gives a phone, address or ID number in words that say
    it changed and name no thing, place or party of a matter: new particulars for the file,
    never a case."""
    analysis = turn.analysis
    given = analysis.particulars
    if analysis.intent_confidence < _SURE_PARTICULARS or analysis.emergency \
            or analysis.accusation or not (given.phone or given.address or given.id_number):
        return False
    if not turn.cases() or not particulars.says_a_change(turn.text):
        return False  # "138…这个号码天天打电话骚扰我" gives a number and tells a matter
    return not turn.names_a_matter()


def only_particulars(turn: Turn) -> bool:
    """Nothing but particulars and the words introducing them ("我叫孙八，电话139…")."""
    return particulars.gives_only_particulars(turn)
