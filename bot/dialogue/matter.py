"""A new matter: registered as a case, unless it repeats an open one (attached, Art 19) or one
concluded by 复核 (not accepted again, Art 36). The last row of the dialogue table.

The case keeps every judgement of its first message with its confidence and the words behind
it (a ``judged`` event), so that triage sees why the bot did what it did.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from sqlmodel import select

from bot import cases, catalogue, texts
from bot.dialogue import particulars, questions, slots
from bot.dialogue.alarm import SURE, alarmed
from bot.dialogue.draft import Draft
from bot.dialogue.routestage import legal_route_notice, stage_notice
from bot.dialogue.turn import Turn
from bot.firewall import ACCUSATION
from bot.lawroutes import LEGAL_CONFIDENCE
from bot.routing import RoutingDecision
from nlp import Analysis
from nlp.particulars import surname_told
from nlp.police import property_crime
from nlp.praise import praises
from nlp.routes import DISCIPLINE, LITIGATION, private_loan, route_stage
from storage import Case, CaseEvent

#: Characters of each of several matters shown in its event (the message keeps the whole).
_PART_SHOWN = 120
#: A matter that also asks for a lawyer or legal aid ("去哪里找律师", "请不起律师"); a complaint
#: about one ("律师费被骗了") asks for none.
ASKS_FOR_A_LAWYER = re.compile(r"[请找聘雇](?:个|一个|不起)?律师|律师.{0,4}(?:找|请|哪)|法律援助|法律咨询|"
                               r"need a lawyer|legal aid|legal advice|hire a lawyer", re.IGNORECASE)


def judgements(analysis: Analysis) -> dict[str, Any]:
    """Each judgement with its confidence and the words that drove it (the triage view)."""
    return {
        "intent": {"value": str(analysis.intent), "confidence": round(analysis.intent_confidence, 3),
                   "terms": list(analysis.intent_terms),
                   "alternatives": [[str(i), round(c, 3)] for i, c in analysis.intent_alternatives]},
        "emergency": {"value": analysis.emergency_kind or ("yes" if analysis.emergency else "no"),
                      "confidence": round(analysis.emergency_confidence, 3),
                      "terms": list(analysis.emergency_terms)},
        "accusation": {"value": "yes" if analysis.accusation else "no",
                       "confidence": round(analysis.accusation_confidence, 3),
                       "terms": list(analysis.accusation_terms), "accused": list(analysis.accused)},
        "legal_route": {"value": analysis.legal_route or "",
                        "confidence": round(analysis.legal_route_confidence, 3),
                        "terms": list(analysis.legal_route_terms)},
        # A rule (nlp.ultimatum): sure when it fires, with no words of a model behind it.
        "escalation_threat": {"value": "yes" if analysis.threatens_escalation else "no",
                              "confidence": 1.0 if analysis.threatens_escalation else 0.0,
                              "terms": []},
        "category": {"value": analysis.category,
                     "confidence": round(analysis.category_confidence, 3),
                     "terms": list(analysis.category_terms)},
    }


#: Two namings of an accused are one when they share this many characters in a row ("街道办主任"
#: in "饭店老板是街道办主任" and "怀疑街道办主任"; "副镇长" in "镇的副镇长" and "李副镇长").
_SAME_ACCUSED_RUN = 3


def open_accusation_about(turn: Turn) -> Case | None:
    """The sender's open 检举控告 whose first message named the same accused as this accusation
    does, if any (newest first)."""
    accused = turn.analysis.accused if turn.analysis.accusation else ()
    if not accused:
        return None
    for case in turn.open_cases():
        if case.statutory_type != ACCUSATION and case.legal_route != DISCIPLINE:
            continue
        named = _accused_named(turn, case)
        # (Or named the same, however short: "村长" again after "给了村长的亲戚".)
        if any(mine == theirs or _shared_run(mine, theirs) >= _SAME_ACCUSED_RUN
               for mine in accused for theirs in named):
            return case
    return None


def _accused_named(turn: Turn, case: Case) -> list[str]:
    """The accused the case's judgements read from its first message, and the units staff
    recorded as accused."""
    judged = turn.session.exec(select(CaseEvent.details).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "judged")).first()
    read = (judged or {}).get("accusation", {}).get("accused", [])
    return [str(name) for name in read] + list(case.accused_units)


def _shared_run(first: str, second: str) -> int:
    """The length of the longest run of characters the two share."""
    return SequenceMatcher(None, first, second, autojunk=False).find_longest_match().size


class NewMatter:
    name = "new_matter"

    def check(self, turn: Turn) -> bool:
        return True  # the fallback

    def handle(self, turn: Turn) -> list[Draft]:
        return self.register(turn)

    def register(self, turn: Turn, *, advised: bool = False) -> list[Draft]:
        """Register the message as a case (or attach a repeat); ``advised``: the emergency
        advice was given already."""
        session, message, analysis = turn.session, turn.message, turn.analysis
        services, language = turn.services, turn.language
        petitioner_id = turn.petitioner.id or 0
        if turn.lookups is not None and turn.lookups.cases.get(petitioner_id) == []:
            # A petitioner the batch knows has no case (most often one new in it): the repeat
            # checks have nothing to read (issue 17).
            services.matters.no_cases(session, petitioner_id)
        repeat = None if message.needs_human or analysis.accusation else \
            services.matters.open_repeat(session, petitioner_id, message.text, analysis)
        if repeat is not None and repeat.sure:
            # Art 19: a matter already accepted or in progress is not a new case. (An unsure
            # one was asked about first, in SameMatter, or is registered: nothing swallowed.)
            turn.attach(repeat.case, "repeat_attached")
            if analysis.emergency:
                self.flag_emergency(turn, repeat.case)
            return [Draft(texts.say(language, "repeat_attached", number=repeat.case.number),
                          repeat.case), *stage_notice(language, analysis, repeat.case)]
        same_accused = None if message.needs_human or repeat is not None else \
            open_accusation_about(turn)
        if same_accused is not None:
            # More against the same official ("我怀疑街道办主任收了好处" after "饭店老板是街道办
            # 主任的小舅子"): the 检举控告 open on them, which goes to 纪检监察 alone, not a
            # second one (nor the first complaint, which may go to the accused's own office).
            turn.attach(same_accused, "accusation_follow_up")
            return [Draft(texts.say(language, "repeat_attached", number=same_accused.number),
                          same_accused)]
        concluded = None if message.needs_human or analysis.emergency else \
            services.matters.concluded_repeat(session, petitioner_id, message.text, analysis)
        if concluded is not None:
            # Art 36: after 复核, the same facts and reasons are not accepted again.
            turn.attach(concluded, "repeat_after_final")
            return [Draft(texts.say(language, "not_again", number=concluded.number), concluded)]
        # Everything known before the case exists goes into its one insert: the judgements,
        # the routing proposal, the emergency flag and the Art 19 items still missing (each
        # used to be an UPDATE of the row just inserted; issue 17).
        decision = services.routing.decide(analysis)
        if not message.needs_human:
            particulars.sender_name(turn)
            slots.remember_declined(turn, slots.declines_within(turn))
        wanted = [] if message.needs_human else slots.missing(turn, None, message.text)
        events = cases.Events()  # register, judged, emergency, route_proposed: one statement
        created = cases.register(
            session, services.store, services.deadlines,
            identity=turn.identity, message=message, category=analysis.category,
            confidence=analysis.category_confidence, now=turn.now, events=events,
            judged={"statutory_type": analysis.statutory_type,
                    "legal_route": analysis.legal_route or "",
                    "emergency": analysis.emergency, "place": decision.place,
                    "route_unit": decision.unit, "route_level": decision.level,
                    "route_reasons": list(decision.reasons), "awaiting": ",".join(wanted)}
            # An ultimatum to go higher or public is no alarm, but a person reads it at once;
            # several matters in one message are split by a person (one case each).
            | ({"needs_human": True} if analysis.emergency or analysis.threatens_escalation
               or analysis.several else {}))
        case = created.case
        turn.registered.append(case)
        if case.emergency:
            turn.flagged.add(case.id or 0)  # registered flagged, with its emergency event
        self._judge(turn, case, decision, events)
        if message.needs_human:
            return [Draft(texts.say(language, "received_for_human", number=case.number), case)]
        due = case.acceptance_due.isoformat() if case.acceptance_due else ""
        drafts = [Draft(texts.say(language, "ack", number=case.number, code=created.code,
                                  due=due), case)]
        if case.emergency and not advised and alarmed(analysis):
            # (a quiet signal's short safety line follows the normal reply: Emergency.after_quiet)
            drafts.insert(0, Draft(texts.say(language, "emergency"), case))
        if analysis.several:
            drafts.append(Draft(texts.say(language, "several_matters",
                                          count=len(analysis.several)), case))
        if analysis.accusation:
            drafts.append(Draft(texts.say(language, "accusation"), case))
        elif praises(analysis.text):
            # Registered all the same: the clerk passes praise on to the unit (12345's 表扬).
            drafts.append(Draft(texts.say(language, "praise_noted"), case))
        told_elsewhere = analysis.accusation and case.legal_route == DISCIPLINE
        # (an accusation's own notice already says it goes to 纪检监察)
        if case.legal_route and not told_elsewhere and named_surely(analysis, message.text):
            drafts.append(Draft(legal_route_notice(language, case.legal_route,
                                                   analysis.text or message.text), case))
        elif not analysis.accusation and not case.emergency and property_crime(analysis.text):
            # "我家被偷了 门锁被撬了": routed to 公安, and the victim told to report it now —
            # a case number here is no police report, and evidence fades.
            drafts.append(Draft(texts.say(language, "police_hint"), case))
        elif not analysis.accusation and analysis.emergency_confidence < SURE \
                and private_loan(analysis.text):
            # "借给同学八千 打了欠条 到现在不还": money lent privately is the people's court's
            # (nlp.routes.private_loan). Told, as the police hint is; the case is not marked
            # with the route nor moved by it (a clerk decides), and a sure emergency beside the
            # debt ("欠我的钱不还 药都准备好了") is the matter, not the debt.
            drafts.append(Draft(legal_route_notice(language, LITIGATION,
                                                   analysis.text or message.text), case))
        elif case.legal_route and not told_elsewhere:
            # A route the model is unsure of ("被公司无故开除了 想要赔偿 去哪里告": 信息公开 at
            # 0.10) is not named as if sure: the case keeps it for the clerk, and the citizen is
            # told legal routes exist and that staff will say which (named_surely).
            drafts.append(Draft(texts.say(language, "legal_route_unsure"), case))
        if ASKS_FOR_A_LAWYER.search(message.text):
            # "我没钱请律师…工伤老板不认" is registered, and the lawyer asked for is answered too.
            drafts.append(Draft(texts.say(language, "legal_aid_hint"), case))
        surname = surname_told(message.text) if "name" in wanted else ""
        if surname:
            # "…我是滨河花园的业主，姓龚，…": thanked by it and asked the full name, as the
            # reply to "我姓龚" alone is; the other items in the same message.
            rest = [item for item in wanted if item != "name"]
            drafts.append(Draft(texts.say(language, "surname_only", surname=surname)
                                + (questions.ask(language, rest) if rest else ""), case))
        elif wanted:
            drafts.append(Draft(questions.ask(language, wanted), case))
        if catalogue.current().of(message.channel).buttons and case.category \
                and case.category_confidence > 0 \
                and not case.needs_human and not turn.analysis.accusation:
            # A tap beats typing: the citizen confirms or disputes the classifier's category.
            # (Not an accusation's: it goes to 纪检监察 by law whatever its category, and "属于
            # 「环境保护」类，对吗？" asked of "举报村支书贪污扶贫款" told the citizen nonsense.
            # Nor one the model read no word of — a letter in English, pinyin: confidence 0, the
            # label its bias's, the case in the triage queue for a person — "is it about 商贸旅游?"
            # asked of a street light is nonsense too.)
            drafts.append(Draft(
                texts.say(language, "category_question", category=case.category), case,
                buttons=(((texts.say(language, "yes") + " ✓", f"cat:ok:{case.number}"),
                          (texts.say(language, "no"), f"cat:no:{case.number}")),)))
        return drafts

    def _judge(self, turn: Turn, case: Case, decision: RoutingDecision,
               events: cases.Events) -> None:
        """Record the judgements and the routing proposal (set on the new case), with their
        reasons; the matter index's flag or alert join them, all written by one statement
        (the index never reads the new case's own events)."""
        session, analysis, now = turn.session, turn.analysis, turn.now
        events.record(case, "bot", "judged", now, **judgements(analysis))
        if analysis.emergency:
            events.record(case, "bot", "emergency", now, **self._emergency(turn))
        events.record(case, "bot", "route_proposed", now, unit=decision.unit,
                      level=decision.level, triage=decision.triage,
                      reasons=list(decision.reasons), statutory_type=analysis.statutory_type,
                      legal_route=case.legal_route)
        if analysis.several:
            # What each marked matter is and where it would go, for the clerk who splits it.
            events.record(case, "bot", "several_matters", now, parts=[
                {"text": part.text[:_PART_SHOWN], "category": part.category,
                 "accusation": part.accusation,
                 "unit": turn.services.routing.decide(part).unit} for part in analysis.several])
        turn.services.matters.on_registered(session, case, turn.message.text, analysis, now,
                                            events)
        events.write(session)

    @classmethod
    def flag_emergency(cls, turn: Turn, case: Case) -> None:
        """A person takes the case at once; the citizen was told the number to call. Once per
        case and message (a faint signal's case may have been flagged by the row that took it)."""
        if case.id in turn.flagged:
            return
        turn.flagged.add(case.id or 0)
        case.needs_human = True
        case.emergency = True
        turn.session.add(case)
        cases.record(turn.session, case, "bot", "emergency", turn.now,
                     message_id=turn.message.id, **cls._emergency(turn))

    @staticmethod
    def _emergency(turn: Turn) -> dict[str, Any]:
        """The details of the ``emergency`` event (a new case is registered flagged)."""
        return {"kind": turn.analysis.emergency_kind,
                "confidence": round(turn.analysis.emergency_confidence, 3),
                "terms": list(turn.analysis.emergency_terms)}


def named_surely(analysis: Analysis, text: str) -> bool:
    """Whether the legal route the analysis gives is sure enough to name to the citizen: as
    sure as it must be to move a case or to answer a question of routes (bot.lawroutes
    LEGAL_CONFIDENCE), or its stage told in so many words (nlp.routes.route_stage: "法院判了
    对方不给钱"). Over the labelled phrasing files (dev aside, 66,074 rows) the model names a
    route for 12,958 texts; of the 1,572 under 0.3 only 85 are the labelled route (1,478
    labelled none: "被公司无故开除了 去哪里告" was told how to ask for government information),
    against 10,297 of the 11,386 from 0.3 (docs/NLP.md, session 23, probe28)."""
    return analysis.legal_route_confidence >= LEGAL_CONFIDENCE \
        or bool(route_stage(analysis.text or text, analysis.legal_route))
