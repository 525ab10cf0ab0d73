"""What the citizen wants from this message: a new petition, a status query, a rating, ...

Rules first, where a guess is not acceptable: commands such as STOP carry legal weight (carriers
require honouring them), and a whole message that is a command word, a grade, a greeting or a
bare case number is read as exactly that.  Everything else is the dialogue model's judgement
(:mod:`nlp.dialogue_model`), which generalizes to wordings no rule lists; without a model the
older cue rules below decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from nlp.caserefs import CaseRef, strip_case_refs
from nlp.commands import HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS, SLASH_MEANINGS, STATUS_WORDS
from nlp.dialogue_lexicon import grievance_cues_in, rhetorical_cues_in
from nlp.normalize import content_chars
from nlp.optout import STOP_IN_OTHER_WORDS, asks_to_stop
from nlp.own_decision import objects_to_own_decision
from nlp.public_service import asks_of_a_public_service
from nlp.rating import parse_rating
from nlp.thanks_settled import thanks_for_a_settled_matter

if TYPE_CHECKING:
    from nlp.dialogue_model import Judgement


class Intent(StrEnum):
    """The citizen's purpose; the bot dispatches on it."""

    NEW_PETITION = "new_petition"
    STATUS_QUERY = "status_query"
    SUPPLEMENT = "supplement"
    RATING = "rating"
    HELP = "help"
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    GREETING = "greeting"  # greetings, thanks, acknowledgements: chit-chat, never a case
    LIST_CASES = "list_cases"
    APPEAL = "appeal"  # asks for 复查 / 复核 of an answer it received
    BOOKING = "booking"  # leader reception days (领导接访日) or booking one (预约接访)
    QUESTION = "question"  # a question about the service or the procedure, not a matter
    PARTICULARS = "particulars"  # only gives the petitioner's name / phone / ID / address
    WITHDRAW = "withdraw"  # takes a matter back (撤回)


@dataclass(frozen=True, slots=True)
class IntentResult:
    """An intent with its confidence in [0, 1], the cue terms that decided it, and a grade."""

    intent: Intent
    confidence: float
    terms: tuple[str, ...]
    rating: int | None = None
    #: The next most likely intents, best first (only the model ranks them).
    alternatives: tuple[tuple[Intent, float], ...] = ()


# Whole-message keywords, defined once for every channel in nlp/commands.py (carriers' STOP
# family and the Chinese "TD"/"退订"); they only count when they are the entire message.
_OPT_OUT = OPT_OUT_WORDS
_OPT_IN = OPT_IN_WORDS
_SLASH = {f"/{name}": Intent(meaning) for name, meaning in SLASH_MEANINGS.items()}
_HELP_WORDS = HELP_WORDS
_GREETING = re.compile(
    r"(?:你好|您好|你们好|大家好|在吗|在不在|有人吗|谢谢|谢谢你|谢谢您|谢谢你们|感谢|多谢|非常感谢|"
    r"好的|好|收到|知道了|明白了|辛苦了|麻烦了|再见|拜拜|早上好|上午好|中午好|下午好|晚上好|嗨|哈喽|"
    r"hi|hello|hey|there|thanks|thankyou|thank|you|ok|okay|bye|goodbye|good|morning|evening|"
    # "Good afternoon" (a grade 0.58 to the model), "领导好", "谢谢老师", "辛苦了同志": the
    # greeting's other times of day and the forms of address it is said to (session 26, short31)
    r"afternoon|night|day|everyone|all|sir|madam|同志|领导|老师|师傅|"
    # "工作人员在吗", "有人在线吗", "您好 请问有人在吗": a call for someone, answered as one
    # (not the service hours' entry); the particles said with it ("你好呀", "谢谢啊")
    r"有人在吗|有人在线吗|有人在线|有没有人|在线吗|工作人员|客服|请问|啊|呀|呢)+"
)
_LIST = re.compile(
    r"(?:查看|查询|查|看看|列出)?(?:一下)?(?:我的|我)(?:所有|全部)?(?:的)?"
    r"(?:案件|投诉|信访件|信访|工单|诉求|事项|反映|件)(?:列表|清单|记录|有哪些)?"
    r"|(?:案件|投诉|工单|信访件)(?:列表|清单)"
    r"|(?:list|show)?(?:all)?(?:my)?(?:cases|complaints|petitions|tickets)"
)
_STATUS_CUES = re.compile(
    r"进度|进展|怎么样了|咋样了|如何了|到哪了|到哪一步|到什么程度|处理结果|办理结果|办理情况|处理情况|"
    r"有结果|有回复|有答复|回复了吗|答复了吗|处理了吗|处理没|办了吗|办了没|受理了吗|受理没|有人管吗|"
    r"状态|查询|查一下|查下|查查"
)
_EN_STATUS = re.compile(
    r"\b(?:where(?:'s| is)? my|status|progress|any (?:update|news)|what happened|check my|"
    r"track)\b",
    re.IGNORECASE,
)
_SUPPLEMENT_START = re.compile(r"^(?:再|另外|还有|我想|我要)?(?:补充|追加|增补)")
_SUPPLEMENT_ANYWHERE = re.compile(r"补充材料|追加材料|补充说明|补充一下|补充证据|追加证据|补充情况|补充内容")
_EN_SUPPLEMENT = re.compile(r"\b(?:add(?:itional)? (?:info|information|details|evidence)|supplement)\b", re.IGNORECASE)
_COMPLAINT_CUES = re.compile(r"投诉|举报|反映|要求|希望|建议|请求|解决|问题|咨询|严重|拖欠|违法|违规")
# A short message that asks about a result but also demands something ("对处理结果不满意，要求
# 重新调查") is a new request, not a status question.
_DEMAND_CUES = re.compile(r"要求|不满意|不服|投诉|举报|申请|请求|控告|复查|复核")
_NON_CONTENT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff/]+")

#: What a request to stop or restart messages names in other words than the carriers': the
#: messages, their sending, or stopping and starting ("别再给我发短信了", "关掉提醒", "莫发了",
#: "恢复"). The model alone hears "不想讲" (a decline to answer the bot's question) as opting
#: out (0.84, session 17): a decline names none of these, and keeps the model's next guess.
# (号 but not 号码: "请回拨这个号码" names a number to call, not messages to stop.)
#: 发, 收, 停 and 订 count only as our sending, receiving, stopping or subscribing, not as 发生,
#: 收物业费, 停止办理 or another's 会员 / 套餐 (the model heard "不要再发生这种事了" 0.999,
#: "别再收物业费了" 0.91, "不要停止办理" 0.96, "退订了会员还在扣钱" 0.93 as opting out: session
#: 26, short31).
_MESSAGES = re.compile(r"发(?!生|展|现|布|放|票|工资|钱|货|证|愁)|通知|短信|消息|信息|简讯|推送|提醒|"
                       r"订阅|退订(?!了?的?(?:会员|套餐|业务|服务|包))|订$|订了$|联系|打扰|"
                       r"收(?:到|这|那|呢|啲|了|$|你|短信|消息|信息|讯息|通知|推送)|讯息|号(?!码)|"
                       r"停(?:了$|掉|发|推|$|止(?:发|推|通知|提醒|短信|消息|接收|$))|关|取消|恢复|开|"
                       r"接|t掉|td|end|stop|start|send|sms|message|notif|unsub|^[nt]$")
#: Intents the model may decide only with at least :data:`_CONFIDENT` confidence.
_CONFIDENT_ONLY = frozenset({Intent.OPT_OUT, Intent.OPT_IN})
_CONFIDENT = 0.8

# A status question is short; a long message that mentions "进度" is a complaint about delay.
_STATUS_MAX_CHARS = 30
_EN_STATUS_MAX_WORDS = 12


def _bare(text: str) -> str:
    """Lower-cased ``text`` with punctuation and spaces removed (slashes kept for commands)."""
    return _NON_CONTENT.sub("", text.lower())


def _result(intent: Intent, confidence: float, *terms: str, rating: int | None = None) -> IntentResult:
    return IntentResult(intent, confidence, tuple(term for term in terms if term), rating)


def detect_intent(text: str, case_refs: tuple[CaseRef, ...] = (),
                  judgement: Judgement | None = None,
                  emergency: Judgement | None = None) -> IntentResult:
    """Classify normalized ``text``; ``case_refs`` are the references already found in it.

    ``judgement``: the dialogue model's intent for the text; it decides whatever the rules for
    whole messages leave open (None: the cue rules decide).  ``emergency``: the model's
    emergency judgement of the same text (the label guide makes a danger a matter).
    """
    bare = _bare(text)
    stars = _stars(text)
    if stars is not None:
        # "⭐⭐⭐⭐", "★★★☆☆": the stars a rating shows, as the whole message (session 26).
        return _result(Intent.RATING, 0.95, text.strip(), rating=stars)
    if not bare:
        # Empty, or punctuation only: "?" asks for help, anything else is a nudge.
        if "?" in text:
            return _result(Intent.HELP, 0.6, "?")
        return _result(Intent.GREETING, 0.2)
    for decided in (_command(bare), _whole_message(bare)):
        if decided is not None:
            return decided
    if case_refs and _only_a_status_request(strip_case_refs(text)):
        # A case number and nothing else ("where is this one?"), or with the status word and a
        # code, right or wrong ("查询 XF2026-000001 WR2NG222"): a look-up, whatever a model says.
        return _result(Intent.STATUS_QUERY, 0.95, *(ref.number for ref in case_refs))
    if judgement is not None:
        judged = _judged(judgement, case_refs, emergency,
                         names_messages=_MESSAGES.search(bare) is not None)
        if judged.intent is Intent.HELP and asks_of_a_public_service(text):
            # "医保异地就医备案怎么弄啊": a procedure of government asked, not how to work the
            # bot (LABEL_GUIDE.md rule 10): a question, and the rules below may still read it
            # (docs/NLP.md, session 27, intent32).
            judged = _as_intent(judged, judgement, Intent.QUESTION, PUBLIC_SERVICE)
        if (judgement.label == Intent.NEW_PETITION.value and judged.intent is Intent.NEW_PETITION
                and not _danger(emergency) and thanks_for_a_settled_matter(text)):
            # "前几天停电是你们帮忙联系的电力公司 现在都正常了 辛苦了": thanks for something put
            # right, nothing left open, is a greeting (rule 11; session 27, intent32).
            return _as_intent(judged, judgement, Intent.GREETING, THANKS_SETTLED)
        if judged.intent in _ASKING_ONLY and asks_to_come_in(text):
            # "我明天想去你们那 几点去合适", "can I come in person tomorrow": the writer's own
            # visit asked for as a question is a request to book one (LABEL_GUIDE.md rule 8).
            return _as_intent(judged, judgement, Intent.BOOKING, VISIT)
        if (judgement.label == Intent.NEW_PETITION.value and judged.intent is Intent.NEW_PETITION
                and not _danger(emergency) and asks_either_way(text)):
            # "垃圾清运费是按户收还是按人收": which of two ways a charge or a benefit is reckoned
            # is a question of rule (rule 12), unless a problem of the writer's is told with it.
            return _as_intent(judged, judgement, Intent.QUESTION, EITHER_WAY)
        step_in = _ASKS_TO_STEP_IN.search(text) if judged.intent in _ASKING_ONLY else None
        if step_in is not None:
            # "能不能管管那个烧烤摊" (question 0.6): asking someone to step in is a matter to
            # act on, not a question to answer. Over every phrasing file, 190 of the 192
            # messages with 管管/管一管/管一下 are new petitions (two chase a filed one: a status
            # question, which this does not touch).
            return replace(judged, intent=Intent.NEW_PETITION, terms=judged.terms + (step_in.group(),),
                           confidence=round(dict(judgement.ranked).get(Intent.NEW_PETITION.value, 0.0), 4))
        if judged.intent in _ASKS_ONLY and own_grievance_asked(text, judgement, judged.intent):
            # "请问一下 我们单位拖欠了我两个月工资 我该找哪个部门": the writer's own grievance with
            # a question after it is a matter (LABEL_GUIDE.md rule 12), docs/NLP.md session 21.
            return _as_intent(judged, judgement, Intent.NEW_PETITION, OWN_GRIEVANCE)
        if judged.intent in _ASKS_ONLY and objects_to_own_decision(text):
            # "对区政府的拆迁决定不服 可以申请行政复议吗": one's own decision objected to, a route
            # asked: a matter with the route's notice (rule 12), however sure the model is of a
            # question (docs/NLP.md, session 25, model30).
            return _as_intent(judged, judgement, Intent.NEW_PETITION, OWN_DECISION)
        if judged.intent in _ASKS_ONLY:
            impatient = impatient_when(text)
            if impatient is not None:
                # "这个工资到底什么时候能发": never a question about the service (docs/NLP.md,
                # session 22, probe26).
                return _as_intent(judged, judgement, impatient, IMPATIENT_WHEN)
        return judged
    if case_refs:
        return _with_case_refs(text, case_refs)
    return _by_cues(text, bare)


#: A query-code attempt beside a case number: one token of letters and figures.
_CODE_TOKEN = re.compile(r"^[0-9A-Za-z]{4,12}$")


def _only_a_status_request(rest: str) -> bool:
    """What is left beside the case numbers is nothing, a status word, or a code attempt."""
    words = [w for w in re.split(r"[\s,，:：;；]+", rest) if w and not _CODE_TOKEN.match(w)]
    bare = _bare("".join(words))
    return not bare or bare in STATUS_WORDS


#: Intents that leave a message without a case.  A danger the model is this sure of
#: (P(an emergency) at least :data:`_DANGER_IS_A_MATTER`) is a new matter instead: the label
#: guide (``nlp/corpus/LABEL_GUIDE.md``, rule 12) makes an emergency a new petition unless it is
#: purely a question about procedure, and a cry for help read as a question or a thanks would
#: get an answer and no case.  A status question, a supplement or an appeal keeps its intent:
#: those reach the open case, which the emergency reply does not depend on.
_NO_CASE_INTENTS = frozenset({Intent.QUESTION, Intent.GREETING, Intent.HELP, Intent.RATING,
                              Intent.WITHDRAW, Intent.PARTICULARS, Intent.BOOKING,
                              Intent.LIST_CASES})
#: Chosen leaving one author out (docs/NLP.md).
_DANGER_IS_A_MATTER = 0.2


#: The model's asking intents that a request to step in overrides.
_ASKING_ONLY = frozenset({Intent.QUESTION, Intent.HELP, Intent.GREETING})
#: "管管", "管一管", "管一下" (not 城管管…, nor 管一下子): someone asked to step in.
_ASKS_TO_STEP_IN = re.compile(r"(?<!城)管一?管|(?<!城)管一下(?!子)")


#: The reason shown when :func:`own_grievance_asked` made a question a new petition.
OWN_GRIEVANCE = "〈own_grievance〉"
#: The reason shown when :func:`nlp.own_decision.objects_to_own_decision` did.
OWN_DECISION = "〈own_decision〉"


#: The reasons shown when a help read became a question of a public service
#: (:func:`nlp.public_service.asks_of_a_public_service`), and a new petition read became a
#: greeting of thanks (:func:`nlp.thanks_settled.thanks_for_a_settled_matter`).
PUBLIC_SERVICE = "〈public_service〉"
THANKS_SETTLED = "〈thanks_settled〉"


#: The reason shown when :func:`impatient_when` decided a question.
IMPATIENT_WHEN = "〈impatient_when〉"
#: "到底 / 究竟 … 什么时候 / 啥时候 / 多久": when, asked out of patience.
_IMPATIENT_WHEN = re.compile(r"(?:到底|究竟).{0,8}(?:什么时候|啥时候|何时|几时|多久|多长时间)")
#: The bureau's own handling asked after ("到底什么时候给答复", "街道到底啥时候来人"): progress.
_HANDLING_ASKED = re.compile(
    r"答复|回复|结果|处理|反映|你们|来人|警察|回音|办理|通知|说法|进展|进度|报修|催|上次|问过")


def impatient_when(text: str) -> Intent | None:
    """What normalized ``text`` asks when it asks *when* out of patience ("到底…什么时候"):
    progress of a handling already under way (a status query) when it names one (答复, 结果,
    你们, 来人…), else the writer's own thing owed or broken ("这个工资到底什么时候能发",
    "暖气到底啥时候修": a new petition); None when it does not ask that way. Over the labelled
    phrasing files (dev aside) the pattern is in 64 texts, none a question or a help request:
    of the 31 without handling words 26 are new petitions, of the 33 with them 27 status
    queries (docs/NLP.md, session 22, probe26)."""
    if _IMPATIENT_WHEN.search(text) is None:
        return None
    return Intent.STATUS_QUERY if _HANDLING_ASKED.search(text) else Intent.NEW_PETITION


#: The model's intents that :func:`own_grievance_asked` may turn into a new petition.
_ASKS_ONLY = frozenset({Intent.QUESTION, Intent.HELP})
#: P(a new petition) at least this share of the asking intent's P (issue 15, session 21: chosen
#: on the unjoined authors' files and dev, docs/NLP.md "Session 21, helper intent25").
_GRIEVANCE_SHARE = 0.4
#: The particulars of one problem (nlp.dialogue_lexicon.GRIEVANCE_CUES).
_PARTICULAR_CUES = frozenset({"g_place", "g_party", "g_when", "g_harmed", "g_amount"})
#: A general, hypothetical or procedural ask, or the service asked about, or a grievance denied:
#: any of them leaves the model's question alone ("一般多久能修好", "如果…", "想了解一下",
#: "是物业负责还是市政负责", "要办哪些手续", "怎么重新申请", "不是投诉", "你们这能…").
_GENERAL_ASK = re.compile(
    r"一般|通常|如果|假如|假设|要是|万一|的话|一旦|倘若|想了解|了解一下|咨询|打听|问问|只是问|就是问|"
    r"规定|政策|流程|材料|标准|条件|手续|哪些|还是|归哪|归谁|需要什么|要带|准备|打算|"
    r"(?:怎么|如何).{0,2}申请|不是投诉|不投诉|不是要投诉|不是我|你们这|你们那")


def own_grievance_asked(text: str, judgement: Judgement, asked: Intent) -> bool:
    """Whether normalized ``text``, which the model reads as a question (or a request for help),
    is the writer's own grievance told as a question, by LABEL_GUIDE.md's rule 12 ("请问一下
    我们单位拖欠了我两个月工资 我该找哪个部门", "我家门口被人倒了一车建筑垃圾 该找哪个部门来清"):
    a particular of one problem (a place, a party, a time, a harm, an amount, or a problem
    state), told in the writer's own voice or of their own place, with no general, hypothetical
    or procedural ask beside it, and the model's P(a new petition) at least
    :data:`_GRIEVANCE_SHARE` of its P for ``asked``, the asking intent it chose."""
    ranked = dict(judgement.ranked)
    if ranked.get(Intent.NEW_PETITION.value, 0.0) < _GRIEVANCE_SHARE * ranked.get(asked.value, 1.0):
        return False
    text = text.lower()
    if _GENERAL_ASK.search(text):
        return False
    grievance = grievance_cues_in(text, True)
    if "g_hypothetical" in grievance or "g_procedure" in grievance:
        return False
    rhetorical = rhetorical_cues_in(text, True)
    if not any(cue in _PARTICULAR_CUES for cue in grievance) and "r_problem" not in rhetorical:
        return False
    return "r_own" in rhetorical or "g_place" in grievance


#: The reasons shown when :func:`asks_to_come_in` or :func:`asks_either_way` decided.
VISIT = "〈visit〉"
EITHER_WAY = "〈either_way〉"
#: The writer's own coming over, asked ("我能去现场说吗", "星期三我能来找你们吗", "可以去信访局现场
#: 登记吗", "May I visit your office"), and what makes it a visit to arrange rather than a
#: question of procedure: a day or hour, 当面, a booking, or a matter too long for the phone.
_COME_IN = re.compile(
    r"(?:我|俺|咱|我们|俺们)[^，。,.?？！!\s]{0,6}?(?:能|想|可以|可不可以|能不能|要|打算)"
    r"[^，。,.?？！!\s]{0,4}?(?:去|来|过去|过来|到)(?:你们|恁|信访|现场|窗口|大厅|那|这|找你们|当面)"
    r"|^(?:请问)?(?:能|可以)(?:去|来|到)(?:你们|信访|现场|窗口|大厅)"
    r"|\b(?:can|may|could) (?:i|we) (?:come|visit|drop by)\b")
_TO_ARRANGE = re.compile(
    r"明天|明个|后天|今天|上午|下午|周[一二三四五六日天末]|星期|礼拜|下周|这周|几点|哪天|当面|预约|约|排号|"
    r"说不清|讲不清|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"week|in person")
#: Whether one must come, or how, or what to bring: a question of procedure ("需要本人去现场吗",
#: "网上提交和去现场有区别吗", "去信访局得带哪些东西"), and hypotheticals.
_MUST_COME = re.compile(
    r"需要(?:我|本人)|需不需要|要不要(?:本人|亲自|去|到)|必须|一定要|非得|还是|区别|一样|用不用|还用|"
    r"本人到场|要带|得带|带什么|带哪些|委托|怎么走|咋个走|公交|如果|要是|do i (?:need|have)")


def asks_to_come_in(text: str) -> bool:
    """Whether normalized ``text`` asks, as a question, for the writer to come in person
    ("我明天想去你们那 几点去合适") with a time, 当面 or a booking named — a visit to book
    (LABEL_GUIDE.md rule 8) — and not whether one must come or how (a question of procedure)."""
    text = text.lower()
    return (_COME_IN.search(text) is not None and _TO_ARRANGE.search(text) is not None
            and _MUST_COME.search(text) is None)


#: "按户还是按人", "按月收还是按季度收": which of two ways something is reckoned.
_EITHER_WAY = re.compile(r"按[^，。,.?？！!\s]{0,6}还是")
#: A problem's particulars beside the either-or make it the writer's matter again ("我家的补偿
#: 按人头算还是按面积算 他们给我少算了两万").
_PROBLEM_CUES = frozenset({"g_party", "g_when", "g_harmed", "g_amount"})


def asks_either_way(text: str) -> bool:
    """Whether normalized ``text`` asks which of two ways a charge, a benefit or a place is
    reckoned ("垃圾清运费是按户收还是按人收") and tells no problem of the writer's beside it."""
    text = text.lower()
    if _EITHER_WAY.search(text) is None:
        return False
    grievance = grievance_cues_in(text, True)
    return (_PROBLEM_CUES.isdisjoint(grievance)
            and "r_problem" not in rhetorical_cues_in(text, True))


def _danger(emergency: Judgement | None) -> bool:
    """The model's emergency judgement raises a danger (it makes an asking intent a matter)."""
    return (emergency is not None and bool(emergency.label)
            and emergency.confidence >= _DANGER_IS_A_MATTER)


def _as_intent(judged: IntentResult, judgement: Judgement, intent: Intent,
               term: str) -> IntentResult:
    """``judged`` made ``intent`` for ``term``: the model's P of it, and the next most likely
    intents after it (the intent the model chose first among them)."""
    ranked = dict(judgement.ranked)
    alternatives = ((judged.intent, judged.confidence),) + tuple(
        (Intent(label), p) for label, p in judgement.ranked
        if label not in (intent.value, judged.intent.value))[:2]
    return replace(judged, intent=intent, terms=judged.terms + (term,),
                   confidence=round(ranked.get(intent.value, 0.0), 4), alternatives=alternatives)


def _judged(judgement: Judgement, case_refs: tuple[CaseRef, ...],
            emergency: Judgement | None = None, *, names_messages: bool = True) -> IntentResult:
    intent = Intent(judgement.label)
    if intent in _NO_CASE_INTENTS and _danger(emergency):
        intent = Intent.NEW_PETITION
    if intent in _CONFIDENT_ONLY and (judgement.confidence < _CONFIDENT or not names_messages):
        # Opting out or in changes what we may send: the carriers' words are rules above, and
        # a request in other words ("别再给我发短信了") counts only when the model is sure.
        ranked = [label for label, _ in judgement.ranked if Intent(label) not in _CONFIDENT_ONLY]
        intent = Intent(ranked[0]) if ranked else Intent.NEW_PETITION
    probability = dict(judgement.ranked).get(intent.value, 0.0)
    alternatives = tuple((Intent(label), p) for label, p in judgement.ranked
                         if label != intent.value)[:3]
    return IntentResult(intent, round(probability, 4),
                        judgement.terms + tuple(ref.number for ref in case_refs),
                        alternatives=alternatives)


def greeting_alone(text: str) -> bool:
    """Whether normalized ``text`` is only greetings, thanks, calls and forms of address (the
    whole-message greeting rule): "请问有人在线吗" is a call, not a question to answer."""
    return _GREETING.fullmatch(_bare(text)) is not None


#: One to five filled stars, then hollow ones up to five in all ("★★★☆☆"), and nothing else.
_STARS = re.compile(r"(?P<filled>[⭐★🌟]{1,5})(?P<hollow>[☆✩]{0,4})")
_NOT_A_STAR = re.compile(r"[\s\ufe0f]+")


def _stars(text: str) -> int | None:
    """The grade a message of stars alone gives (its filled stars), else None. Over the
    labelled training phrasings it is 5 messages, all ratings (docs/NLP.md, session 26)."""
    match = _STARS.fullmatch(_NOT_A_STAR.sub("", text))
    if match is None or len(match.group("filled")) + len(match.group("hollow")) > 5:
        return None
    return len(match.group("filled"))


def _command(bare: str) -> IntentResult | None:
    if bare in _OPT_OUT:
        return _result(Intent.OPT_OUT, 0.99, bare)
    if asks_to_stop(bare):
        # "别给我发短信了", "以后不用通知我了", "退订了", "bie fa le": a stop in other words is
        # as binding as the keyword (nlp/optout.py; docs/NLP.md, session 26, short31).
        return _result(Intent.OPT_OUT, 0.97, STOP_IN_OTHER_WORDS)
    if bare in _OPT_IN:
        return _result(Intent.OPT_IN, 0.99, bare)
    if bare in _SLASH:
        return _result(_SLASH[bare], 0.99, bare)
    if bare in _HELP_WORDS or bare.lstrip("/") in _HELP_WORDS:
        return _result(Intent.HELP, 0.95, bare)
    if bare in STATUS_WORDS:
        return _result(Intent.STATUS_QUERY, 0.95, bare)
    return None


#: "Where is my case?", "any update on my complaint", "is anyone handling my report": the
#: status question in English, whole (spaces and punctuation gone), answered by rule like
#: "查询" — a model that reads its question form as a question about the service would
#: leave the most common question unanswered.
_EN_STATUS = re.compile(
    r"(?:hi|hello|hey|你好|您好)?(?:where(?:is|s)|what(?:s|is)the(?:status|progress)(?:of|on)|"
    r"any(?:updates?|news|progress)(?:on|about|with|for)?|statusof|progressof|howis|"
    r"whathappened(?:to|with)|is(?:anyone|anybody|someone)(?:handling|workingon|lookingat|"
    r"dealingwith))(?:my|the|our)(?:case|complaint|report|petition|matter|ticket)s?(?:please|pls)?")


def _whole_message(bare: str) -> IntentResult | None:
    if _EN_STATUS.fullmatch(bare):
        return _result(Intent.STATUS_QUERY, 0.9, bare)
    rating = parse_rating(bare)
    if rating is not None:
        return _result(Intent.RATING, 0.95, bare, rating=rating)
    if _LIST.fullmatch(bare):
        return _result(Intent.LIST_CASES, 0.9, bare)
    if _GREETING.fullmatch(bare):
        return _result(Intent.GREETING, 0.9, bare)
    return None


def _with_case_refs(text: str, case_refs: tuple[CaseRef, ...]) -> IntentResult:
    rest = strip_case_refs(text)
    numbers = tuple(ref.number for ref in case_refs)
    supplement = _SUPPLEMENT_START.search(_bare(rest)) or _SUPPLEMENT_ANYWHERE.search(rest)
    if supplement:
        return _result(Intent.SUPPLEMENT, 0.95, supplement.group(0), *numbers)
    content = content_chars(rest)
    if content <= _STATUS_MAX_CHARS:
        cue = _STATUS_CUES.search(rest) or _EN_STATUS.search(rest)
        return _result(Intent.STATUS_QUERY, 0.95 if cue or not content else 0.8,
                       cue.group(0) if cue else "", *numbers)
    # A long message quoting its case number adds facts to that case.
    return _result(Intent.SUPPLEMENT, 0.7, *numbers)


def _by_cues(text: str, bare: str) -> IntentResult:
    supplement = _SUPPLEMENT_START.search(bare)
    if supplement is None and len(bare) <= 60:
        supplement = _SUPPLEMENT_ANYWHERE.search(bare)
    if supplement is not None:
        return _result(Intent.SUPPLEMENT, 0.85, supplement.group(0))
    content = content_chars(text)
    status = _STATUS_CUES.search(bare)
    if status is not None and content <= _STATUS_MAX_CHARS and not _DEMAND_CUES.search(bare):
        return _result(Intent.STATUS_QUERY, 0.85, status.group(0))
    words = text.split()
    english = _EN_STATUS.search(text)
    if english is not None and len(words) <= _EN_STATUS_MAX_WORDS:
        return _result(Intent.STATUS_QUERY, 0.85, english.group(0).lower())
    english = _EN_SUPPLEMENT.search(text)
    if english is not None:
        return _result(Intent.SUPPLEMENT, 0.75, english.group(0).lower())
    if content < 2:
        return _result(Intent.GREETING, 0.3)
    complaint = tuple(match.group(0) for match in _COMPLAINT_CUES.finditer(bare))
    if complaint:
        return _result(Intent.NEW_PETITION, 0.9, *dict.fromkeys(complaint))
    # Longer free text is a petition even without a cue word; short text is a weak guess the
    # bot should confirm ("请详细描述您的诉求").
    confidence = 0.8 if content >= 12 else 0.5
    return _result(Intent.NEW_PETITION, confidence)
