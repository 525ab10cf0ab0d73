"""Emergency first, whatever state the dialogue is in (recall first: a miss can cost a life).

The citizen is told the number to call for the kind of emergency before anything else; the
message then becomes (or joins) a case flagged for a person at once. It is never a slot value.
"""

from __future__ import annotations

from bot import cases, texts
from bot.dialogue import slots
from bot.dialogue.chitchat import only_particulars
from bot.dialogue.commands import PASSED_ON
from bot.dialogue.draft import Draft
from bot.dialogue.followup import referenced_case, tells_a_matter_of_its_own
from bot.dialogue.matter import NewMatter
from bot.dialogue.particulars import address_feature, only_an_address
from bot.dialogue.turn import Turn
from nlp import EMERGENCY_KINDS, Intent
from storage import Case


def _an_address_asked_for(turn: Turn) -> bool:
    """The bot asked for a contact and the reply is a written address and nothing else
    ("幸福路12号3栋201室"), and only its parts moved the emergency judgement: numbers and place
    words, which the recall-first model hears faintly as danger on a form it rarely saw. Any
    other word among the reasons ("打人"), or a stronger signal, is still an alarm."""
    pending = turn.awaiting_case()
    return (pending is not None and "contact" in slots.pending(pending)
            and only_an_address(turn.text)
            and all(address_feature(term) for term in turn.analysis.emergency_terms))


def advice(language: str, kind: str, confidence: float = 1.0) -> str:
    """The number to call for ``kind``; the general advice (every number, the crisis line among
    them) for an unknown kind or a faint signal: most faint alarms are false (dev: 423 calm
    messages to 79 emergencies under SURE), and "请您一定珍惜生命" for "我明天拍个照片发给你们看看"
    tells a citizen they were misread, while every number still reaches one who was not."""
    if kind in EMERGENCY_KINDS and confidence >= SURE:
        return texts.say(language, "emergency_" + kind)
    return texts.say(language, "emergency")


class Emergency:
    name = "emergency"

    def __init__(self, matter: NewMatter) -> None:
        self.matter = matter

    def check(self, turn: Turn) -> bool:
        # A message that is only a name or a phone number with a filler word around it
        # ("好吧给你们留个号码 138…") cannot tell of danger, whatever the recall-first model says;
        # nor can an explicit command ("/lang en"): a rule, not a guess (a command that carries
        # the citizen's own words on to the dialogue is still read).
        if turn.command is not None and turn.command[0] not in PASSED_ON:
            return False
        analysis = turn.analysis
        # A faint signal (under FAINT, the floor the recall-first threshold sits on) in a message
        # the judgements are sure tells no matter ("你好，is anyone handling my report": status
        # 0.9, violence 0.03) is the model's noise on a form it rarely saw, not a danger told.
        if (analysis.emergency_confidence < FAINT and analysis.intent in NOT_A_MATTER
                and analysis.intent_confidence >= SURE_INTENT):
            return False
        if analysis.emergency and analysis.emergency_confidence < SURE and _an_address_asked_for(turn):
            return False
        return analysis.emergency and not (turn.learned and only_particulars(turn))

    def handle(self, turn: Turn) -> list[Draft]:
        first = Draft(advice(turn.language, turn.analysis.emergency_kind,
                             turn.analysis.emergency_confidence))
        pending = turn.awaiting_case()
        if pending is not None:
            # Mid-dialogue: the case being talked about goes to a person too (recall first).
            pending.needs_human = True
            turn.session.add(pending)
            cases.record(turn.session, pending, "bot", "emergency_in_dialogue", turn.now,
                         kind=turn.analysis.emergency_kind, message_id=turn.message.id)
        same = None if turn.analysis.accusation else _open_matter(turn)
        if same is not None:
            # News of danger in a matter already open ("今天又有人摔了，流了很多血"): that case
            # goes to a person at once, rather than a second case about the same thing.
            same.needs_human = True
            turn.attach(same, "emergency_follow_up", kind=turn.analysis.emergency_kind)
            return [first, Draft(texts.say(turn.language, "repeat_attached", number=same.number),
                                 same)]
        latest = None
        if not turn.analysis.accusation:  # an accusation is always a matter of its own
            if (turn.analysis.intent in NOT_A_MATTER or _despair_only(turn)
                    or (turn.analysis.emergency_confidence < SURE
                        and not (slots.new_matter(turn) and tells_a_matter_of_its_own(turn)))):
                latest = turn.latest_open()
            elif pending is not None and not slots.new_matter(turn):
                latest = pending  # a short reply to the bot's question ("不敢留名，怕被报复")
        if latest is not None:
            # Danger heard in a message that is not a matter ("不用你们管了" taking a matter
            # back, a status question, thanks) or an unsure alarm: the person who reads it is
            # the one handling the sender's open case, not a clerk opening a second one.
            turn.attach(latest, "emergency_follow_up", kind=turn.analysis.emergency_kind)
            self.matter.flag_emergency(turn, latest)
            noted = Draft(texts.say(turn.language, "emergency_noted", number=latest.number), latest)
            # "不想留名" alarms the recall-first model; the decline is still respected.
            declined = slots.respect_decline(turn, latest) if latest is pending else []
            return [first, noted, *declined]
        return [first] + self.matter.register(turn, advised=True)


#: Below this, the recall-first alarm is unsure ("而且他们半夜还在后厨剁骨头" 0.09): from a sender
#: with an open case, a short or referring message joins that case — advised and flagged for a
#: person all the same — rather than opening a second case that is most likely a false alarm's;
#: a matter told at length ("另外还有个事，我家孩子上学的校车超载…") is a case of its own.
SURE = 0.5
#: A signal this faint is ignored in a message whose intent is sure (≥ SURE_INTENT) and tells no
#: matter; any stronger one is an alarm in every state of the dialogue.
FAINT = 0.05
SURE_INTENT = 0.85
#: Intents that tell no matter of their own: with an emergency signal they go to the sender's
#: open case (flagged for a person), and only a sender with none gets a new case.
NOT_A_MATTER = frozenset({
    Intent.WITHDRAW, Intent.STATUS_QUERY, Intent.LIST_CASES, Intent.RATING, Intent.GREETING,
    Intent.QUESTION, Intent.PARTICULARS, Intent.HELP, Intent.BOOKING,
})


def _despair_only(turn: Turn) -> bool:
    """A threat to oneself that tells no matter of its own ("算了我不想活了，告了也白告"): the
    despair is about the sender's open matter, so that case's handler is the person to reach,
    not a clerk opening a second, empty case whose reply would be a registration number."""
    if turn.analysis.emergency_kind != "self_harm" or turn.analysis.legal_route:
        return False
    parts = turn.services.matters.signature(turn.text, turn.analysis).parts
    return not (parts.names or parts.things or parts.buildings or turn.analysis.places)


def _open_matter(turn: Turn) -> Case | None:
    """The open case this message is about: named, said to be a supplement ("今天他们又堵门了"
    judged a supplement), or the same matter by the matter index."""
    named = referenced_case(turn)
    if named is not None and named.status in cases.OPEN_STATUSES:
        return named
    if turn.analysis.intent is Intent.SUPPLEMENT and turn.latest_open() is not None:
        return turn.latest_open()
    repeat = turn.services.matters.open_repeat(
        turn.session, turn.petitioner.id or 0, turn.text, turn.analysis)
    return repeat.case if repeat is not None else None  # a person reads it: no need to ask
