"""One entry point for the bot: :class:`Analyzer` turns a raw message into an :class:`Analysis`.

Built once at start (the tokenizer dictionary and the model are the expensive parts), then
shared: :meth:`Analyzer.analyze` keeps no state between calls and is safe from many threads.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from nlp.accused import find_accused, only_reported, threatens_official
from nlp.caserefs import CaseRef, find_case_refs
from nlp.category import CategoryClassifier, CategoryResult, KeywordClassifier
from nlp.dialogue_features import DIALOGUE_CHARS, opening_words
from nlp.dialogue_model import ACCUSATION as ACCUSATION_HEAD
from nlp.dialogue_model import ACCUSATION_LABELS, EMERGENCY, INTENT, ROUTE, DialogueModel, Judgement
from nlp.emergency import EMERGENCY_KINDS
from nlp.features import clip
from nlp.feelings import only_a_feeling
from nlp.gathering import gathering_announced
from nlp.inaction import only_abuse, only_words_or_inaction
from nlp.intents import Intent, detect_intent
from nlp.language import written_language
from nlp.latin_category import gloss
from nlp.levee import levee_giving_way
from nlp.missing import missing_terms, tells_missing_person
from nlp.model import LinearModel, shipped_model_path
from nlp.normalize import detect_language, normalize
from nlp.particulars import NO_PARTICULARS, Particulars, extract_particulars
from nlp.places import Place, PlaceResolver
from nlp.praise import praises
from nlp.progress import only_progress_asked
from nlp.routes import DISCIPLINE, legal_route
from nlp.several import split_matters
from nlp.stated_harm import CRY_FLOOR, HARD_LIFE_FLOOR, hard_life, only_a_cry, stated_act
from nlp.stated_harm import FLOOR as STATED_FLOOR
from nlp.statutory import ACCUSATION, StatutoryResult, statutory_type
from nlp.territory import Territory
from nlp.tokenizer import Tokenizer
from nlp.ultimatum import threatens_escalation

_log = logging.getLogger(__name__)

# Messages longer than this are cut before analysis: a 12345 petition is rarely over a few
# thousand characters, and a pasted novel must not stall the intake loop.
MAX_CHARS = 20_000
#: What ends a clause, for reading a long message's first and last clause alone.
_CLAUSE_BREAK = re.compile(r"[。！？!?；;，,、…~～\s]+")
_CLAUSE_MIN_CHARS = 3
#: A message of fewer clauses is read whole well enough: its edges are most of it (two or more).
_EDGE_CLAUSES_FROM = 3
#: How sure the head must be of self-harm in an edge clause alone (chosen on dev, above).
_EDGE_SELF_HARM = 0.2
#: The whole message's own self-harm probability below which its edges are not read again:
#: a cost gate, not a judgement. The quiet despair the whole drowns still leaves it at
#: 0.0016–0.0033 (against a threshold of 0.02); 86 % of dev's calm messages of three clauses
#: or more are under 0.001 and pay nothing, where reading the edges of every one added a
#: sixth to a chat message's analysis and a third to a long petition's.
_EDGE_GATE = 0.001
#: Longer edge clauses are not read again: they cost more (a long petition's edge sentences
#: made this reading a fifth of its analysis) and their own words are not drowned.
_EDGE_CLAUSE_MAX_CHARS = 40
_SELF_HARM = "self_harm"


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything ``nlp`` can say about one message; each decision carries the terms behind it."""

    text: str
    language: str
    intent: Intent
    intent_confidence: float
    intent_terms: tuple[str, ...]
    category: str
    category_confidence: float
    category_terms: tuple[str, ...]
    statutory_type: str
    statutory_confidence: float
    statutory_terms: tuple[str, ...]
    legal_route: str | None
    legal_route_terms: tuple[str, ...]
    emergency: bool
    emergency_terms: tuple[str, ...]
    places: tuple[Place, ...]
    case_refs: tuple[CaseRef, ...]
    rating: int | None
    #: The next most likely intents after ``intent``, best first, with their confidences.
    intent_alternatives: tuple[tuple[Intent, float], ...] = ()
    #: One of :data:`EMERGENCY_KINDS` ("" when ``emergency`` is False).
    emergency_kind: str = ""
    emergency_confidence: float = 0.0
    #: 检举控告: a named official or unit accused of wrongdoing (Art 30: firewall, 纪检监察).
    accusation: bool = False
    accusation_confidence: float = 0.0
    accusation_terms: tuple[str, ...] = ()
    #: The units or officials the text accuses, as written ("区城管局执法人员", "副镇长").
    accused: tuple[str, ...] = ()
    legal_route_confidence: float = 0.0
    #: Name, phone, ID number and address the message itself gives (Art 19).
    particulars: Particulars = NO_PARTICULARS
    #: The most likely categories with their confidences, best first (triage's choices).
    category_alternatives: tuple[tuple[str, float], ...] = ()
    #: Held-out precision of the model at this confidence (None: the model has no curve).
    category_precision: float | None = None
    #: The text itself tells its language (Chinese characters, English prose); False for
    #: pinyin, "ok", numbers and codes, whose replies keep the petitioner's language.
    language_evident: bool = True
    #: An ultimatum to take the matter higher or public, naming no danger (nlp.ultimatum):
    #: an emergency signal in it is quiet (bot.dialogue.alarm), and a person sees the case.
    threatens_escalation: bool = False
    #: The matters the message marks apart ("第一…第二…", "另外还有一件事"), each read alone,
    #: when they are of different kinds (nlp.several): one case each (一事一单).
    several: tuple[Analysis, ...] = ()
    #: A person missing now (nlp.missing): an emergency for the police (110), whatever the
    #: emergency head heard.
    missing_person: bool = False
    #: The raw text read, of which ``text`` is the normalized form ("" for the fallback's
    #: neutral answer, whose ``text`` is raw): see :meth:`normalized`.
    source: str = field(default="", repr=False, compare=False)

    def normalized(self, text: str) -> str | None:
        """``normalize(text)`` when this analysis read ``text`` itself, else None: the
        dialogue reads some words on the normalized text again, and normalizing it a second
        time cost it as much as what it looked for there (issue 17)."""
        return self.text if len(text) <= MAX_CHARS and self.source == text else None


__all__ = ["EMERGENCY_KINDS", "Analysis", "Analyzer"]

# A route named outright ("行政复议", "劳动仲裁", "纪委") is taken from the rules when the model
# flags none: the procedure's own name is not a guess.
_NAMED_ROUTE_WEIGHT = 3.0
#: The emergency confidence a missing person is given at least (bot.dialogue.alarm.SURE).
_MISSING_CONFIDENCE = 0.5
#: The emergency confidence a dam or levee giving way is given at least (alarm.SURE).
_LEVEE_CONFIDENCE = 0.5
#: The emergency confidence a gathering announced at an office is given at least (alarm.SURE).
_GATHERING_CONFIDENCE = 0.5
#: A marked part's category at least this sure counts as a kind of matter of its own (nlp.several).
_SURE_KIND = 0.9


def _raised_by_rule(emergency: Judgement, words: str, kind: str, floor: float, *,
                    unfit: tuple[str, ...] = ()) -> Judgement:
    """An alarm a rule hears under the model (a levee giving way, a gathering announced): at
    least ``floor``; the head's own kind kept when it is that sure of one whose advice fits
    (not in ``unfit``), else ``kind`` with the rule's ``words`` as the reason."""
    sure = emergency.label not in ("", *unfit) and emergency.confidence >= floor
    return replace(emergency, label=emergency.label if sure else kind,
                   confidence=max(emergency.confidence, floor),
                   terms=emergency.terms if sure else (words,))


class Analyzer:
    """Normalize, tokenize, classify and extract; build with :meth:`load`."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        classifier: CategoryClassifier,
        places: PlaceResolver,
        dialogue: DialogueModel | None = None,
    ) -> None:
        self._tokenizer = tokenizer
        self._classifier = classifier
        self._places = places
        # Loaded here when not given: every analyzer judges intent, emergency, accusation and
        # route with the model shipped in the package.
        self._dialogue = dialogue if dialogue is not None else DialogueModel.load()

    @classmethod
    def load(cls, model_path: Path | None = None, *, territory: Territory | None = None,
             dialogue_model_path: Path | None = None) -> Analyzer:
        """Build an analyzer with the model at ``model_path`` (None: the model shipped in the package).

        ``territory`` is the bureau's area for place resolution (None: the shipped example);
        ``dialogue_model_path`` the dialogue judgements' model (None: the shipped one).
        Raises :class:`nlp.errors.ModelError` when a model file cannot be used.
        """
        tokenizer = Tokenizer()
        model = LinearModel.load(model_path if model_path is not None else shipped_model_path())
        resolver = PlaceResolver(territory if territory is not None else Territory.default())
        return cls(tokenizer, model, resolver, DialogueModel.load(dialogue_model_path))

    @classmethod
    def with_keywords(cls, *, territory: Territory | None = None) -> Analyzer:
        """An analyzer whose category comes from the keyword lexicon alone (no model file)."""
        resolver = PlaceResolver(territory if territory is not None else Territory.default())
        return cls(Tokenizer(), KeywordClassifier(), resolver)

    @property
    def tokenizer(self) -> Tokenizer:
        """The analyzer's own jieba tokenizer (for similarity indexes)."""
        return self._tokenizer

    @property
    def classifier(self) -> CategoryClassifier:
        """The category classifier in use."""
        return self._classifier

    def use_classifier(self, classifier: CategoryClassifier) -> None:
        """Swap the category classifier (a promoted model) while the analyzer is in use.

        One reference assignment: each analysis reads the classifier once, so a message is
        classified wholly by the old model or wholly by the new one.
        """
        self._classifier = classifier

    @property
    def categories(self) -> tuple[str, ...]:
        """The category label set of the loaded model."""
        return self._classifier.labels

    def tokens(self, text: str) -> list[str]:
        """The normalized text cut into words, punctuation and stop words kept."""
        return self._tokenizer.tokens(text[:MAX_CHARS])

    def terms(self, text: str) -> list[str]:
        """Content words of ``text`` (normalized, no stop words, no punctuation)."""
        return self._tokenizer.terms(normalize(text[:MAX_CHARS]))

    def classify(self, text: str) -> CategoryResult:
        """The category of ``text`` alone, without the other decisions (used by ``nlp eval``)."""
        normalized = normalize(text[:MAX_CHARS])
        classifier = self._classifier
        return self._category(
            classifier, normalized, self._tokenizer.terms(classifier.category_text(normalized)))[0]

    def _category(self, classifier: CategoryClassifier, normalized: str,
                  terms: list[str]) -> tuple[CategoryResult, list[str]]:
        """The category of ``normalized`` whose content words are ``terms``, and the words it was
        read from. When the model reads no word of them (confidence 0: English prose, pinyin),
        the Chinese words of a Latin text's gloss (``nlp.latin_category``) are read instead."""
        category = classifier.classify(normalized, terms)
        if category.confidence > 0 or not terms:
            return category, terms
        glossed = gloss(normalized)
        if not glossed:
            return category, terms
        read = self._tokenizer.terms(glossed)
        return (classifier.classify(glossed, read), read) if read else (category, terms)

    def analyze(self, text: str) -> Analysis:
        """Analyze one raw message.  Never raises: a failure inside degrades to a neutral answer."""
        try:
            return self._analyze(text)
        except Exception as exc:  # noqa: BLE001 - intake must go on; the bot sends it to triage.
            # The exception's type only: its text or traceback may quote the message, which is
            # personal data.
            _log.error("analysis failed (%s) for a message of %d characters",
                       type(exc).__name__, len(text))
            return self._fallback(text)

    def _analyze(self, text: str) -> Analysis:
        normalized = normalize(text[:MAX_CHARS] if isinstance(text, str) else "")
        case_refs = find_case_refs(normalized)
        classifier = self._classifier
        category_source = classifier.category_text(normalized)
        terms = self._tokenizer.terms(category_source)
        # The dialogue model reads the words of the opening: those of the category's cut when
        # that cut starts at the same place, else a cut of its own.
        if category_source == clip(normalized):
            words = opening_words(terms, normalized)
        else:
            words = self._tokenizer.terms(normalized[:DIALOGUE_CHARS])
        judged = self._dialogue.judge_message(normalized, words)
        whole = judged[EMERGENCY]
        if not whole.label and dict(whole.ranked).get(_SELF_HARM, 0.0) >= _EDGE_GATE:
            judged[EMERGENCY] = self._edge_emergency(text) or whole
        emergency = judged[EMERGENCY]
        if emergency.label != _SELF_HARM or emergency.confidence < STATED_FLOOR:
            # A threat to one's life said plainly ("我要跳楼"): a rule, not a guess
            # (nlp.stated_harm); another kind the head is sure of stays that kind.
            act = stated_act(normalized)
            if act and not (emergency.label and emergency.confidence >= STATED_FLOOR):
                emergency = replace(emergency, label=_SELF_HARM, terms=(act,),
                                    confidence=max(emergency.confidence, STATED_FLOOR))
                judged[EMERGENCY] = emergency
        if not emergency.label:
            # "这日子没法过了" (0.01): despair, or a figure of speech for a noisy neighbour; a
            # quiet self-harm signal (bot.dialogue.alarm): the safety and crisis lines, a person
            # sees it (nlp.stated_harm).
            life = hard_life(normalized)
            if life:
                emergency = replace(emergency, label=_SELF_HARM, terms=(life,),
                                    confidence=max(emergency.confidence, HARD_LIFE_FLOOR))
                judged[EMERGENCY] = emergency
        if emergency.confidence < CRY_FLOOR and only_a_cry(normalized):
            kind = emergency.label or next((label for label, _ in emergency.ranked if label), "")
            if kind:
                emergency = replace(emergency, label=kind, confidence=CRY_FLOOR)
                judged[EMERGENCY] = emergency
        if emergency.label and only_a_feeling(normalized, emergency.label, emergency.confidence):
            # "差点撞了", "吓死我了" heard faintly as danger (nlp.feelings): no emergency, the
            # probability kept for the clerk's view.
            emergency = replace(emergency, label="", terms=())
        if emergency.label and only_progress_asked(normalized, emergency.label, emergency.confidence):
            # "when will you reply" heard faintly as a mass incident (nlp.progress): a status
            # question, the probability kept for the clerk's view.
            emergency = replace(emergency, label="", terms=())
        missing = tells_missing_person(normalized)
        if missing:
            # A person missing is a danger now, however the head heard it ("我妈…找不到人了"
            # 0.01): an alarm (at least SURE), its own advice (bot.dialogue.emergency); the
            # head's kind kept when it heard one, else violence (110, the police).
            emergency = replace(emergency, label=emergency.label or "violence",
                                confidence=max(emergency.confidence, _MISSING_CONFIDENCE),
                                terms=emergency.terms or missing_terms(normalized))
        levee = levee_giving_way(normalized)
        if levee:
            # A dam or levee giving way now ("堤坝开始漏水了 越漏越大" 0.07): an accident (119,
            # 110) at least SURE (nlp.levee); a kind the head is sure of stays, unless it is gas
            # or fire, whose advice (do not touch a switch) fits no flood.
            emergency = _raised_by_rule(emergency, levee, "accident", _LEVEE_CONFIDENCE,
                                        unfit=("gas", "fire"))
            judged[EMERGENCY] = emergency
        gathering = gathering_announced(normalized)
        if gathering:
            # Many going together to an office ("月底我们几十户一块去市政府请愿" 0.02): a mass
            # incident at least SURE (nlp.gathering); a kind the head is sure of stays.
            emergency = _raised_by_rule(emergency, gathering, "mass_incident",
                                        _GATHERING_CONFIDENCE)
            judged[EMERGENCY] = emergency
        intent = detect_intent(normalized, case_refs, judged[INTENT], judged[EMERGENCY])
        category, terms = self._category(classifier, normalized, terms)
        escalates = threatens_escalation(normalized)
        accusation = judged[ACCUSATION_HEAD]
        # A threat to harm an official is the emergency it is, not an accusation of them.
        threat = threatens_official(normalized)
        # Praise names an official and what they did, as an accusation does (nlp.praise).
        praise = praises(normalized)
        # An official's words quoted or their inaction told, no wrongdoing (nlp.inaction).
        # Abuse of the bureau as a body ("你们这些狗官 收了钱不办事"), no one named: an insult,
        # not an accusation of bribery (nlp.inaction.only_abuse).
        inaction = accusation.label == ACCUSATION_LABELS[1] and (
            only_words_or_inaction(normalized) or only_abuse(normalized))
        accused = accusation.label == ACCUSATION_LABELS[1] and not threat and not praise \
            and not inaction
        reported = accused and only_reported(accusation.terms, accusation.confidence) \
            and not find_accused(normalized)
        if reported:
            # "I am writing to report a water leak" (0.12 on report, to, in): a problem told.
            accused = False
        statutory = _statutory(statutory_type(normalized), accused, accusation.confidence,
                               accusation.terms)
        route, route_terms, route_confidence = judged[ROUTE].label, judged[ROUTE].terms, judged[ROUTE].confidence
        if (threat or praise or reported or inaction) and route == DISCIPLINE:
            route, route_terms, route_confidence = "", (), 0.0
        if not route and accused:
            # Accusations go to discipline inspection (Art 22): the route follows the judgement.
            route, route_terms, route_confidence = DISCIPLINE, accusation.terms, accusation.confidence
        if not route:
            named = legal_route(normalized)
            if named.route is not None and named.weight >= _NAMED_ROUTE_WEIGHT:
                route, route_terms, route_confidence = named.route, named.terms, 0.9
        analysis = Analysis(
            text=normalized,
            language=detect_language(normalized),
            intent=intent.intent,
            intent_confidence=intent.confidence,
            intent_terms=intent.terms,
            category=category.label,
            category_confidence=category.confidence if terms else 0.0,
            category_terms=category.terms,
            statutory_type=statutory.kind,
            statutory_confidence=statutory.confidence,
            statutory_terms=statutory.terms,
            legal_route=route or None,
            legal_route_terms=route_terms if route else (),
            emergency=bool(emergency.label),
            emergency_terms=emergency.terms,
            places=self._places.find(normalized),
            case_refs=case_refs,
            rating=intent.rating,
            intent_alternatives=intent.alternatives,
            emergency_kind=emergency.label,
            emergency_confidence=round(emergency.confidence, 4),
            accusation=accused,
            accusation_confidence=round(accusation.confidence, 4),
            accusation_terms=accusation.terms,
            accused=find_accused(normalized) if accused else (),
            legal_route_confidence=round(route_confidence, 4),
            particulars=extract_particulars(normalized, source=text),
            category_alternatives=category.alternatives if terms else (),
            category_precision=category.precision if terms else None,
            language_evident=bool(written_language(normalized)),
            threatens_escalation=escalates,
            missing_person=missing,
            source=text,
        )
        parts = split_matters(normalized)
        if parts:
            # Each marked part read alone; one kind of matter told in points stays one.
            read = tuple(self._analyze(part) for part in parts)
            # Kinds the classifier is sure of: a short part it hesitates on may be the same
            # matter in other words ("装修砸墙" then "装修半夜打孔").
            kinds = {(part.category, part.accusation) for part in read
                     if part.accusation or part.category_confidence >= _SURE_KIND}
            if len(kinds) > 1:
                analysis = replace(analysis, several=read)
        return analysis

    def _edge_emergency(self, text: str) -> Judgement | None:
        """The emergency head's self-harm judgement of the first or the last clause alone,
        when the whole message was not flagged: despair said quietly at the end of a long
        complaint ("…一分钱没拿到 现在连路费都没有了 活着太累了") is a few n-grams among a hundred,
        which the whole message's vector drowns (0.007, against 0.73 for the clause alone). A
        threat to life is most often the opening cry or the closing line, so those two clauses
        are read again (two small judgements a long message). Self-harm only, and surer than
        the whole message's threshold: a clause alone is short and the head, fitted on whole
        messages, hears other kinds in short clauses ("我老公借了高利贷", "包工头把钱打过来了");
        on the dev phrasings, reading every edge would flag 5 of the 1,921 calm messages of
        three clauses or more at :data:`_EDGE_SELF_HARM` (68 at the head's own threshold, 260
        with every kind); behind :data:`_EDGE_GATE`, one (emergency precision 0.667 → 0.666,
        recall and intent unchanged)."""
        if not isinstance(text, str):
            return None
        # Split as written: normalizing drops the spaces that end many a typed clause.
        clauses = _edge_clauses(_CLAUSE_BREAK.split(text[:MAX_CHARS]))
        if clauses is None:
            return None
        found: Judgement | None = None
        for clause in clauses:
            if len(clause) > _EDGE_CLAUSE_MAX_CHARS:
                continue  # a cry is short; a long clause is read well enough in the whole
            emergency = self._dialogue.judge_head(clause, self._tokenizer.terms(clause),
                                                  EMERGENCY)
            if emergency.label == _SELF_HARM and emergency.confidence >= _EDGE_SELF_HARM \
                    and (found is None or emergency.confidence > found.confidence):
                found = emergency
        return found

    def _fallback(self, text: str) -> Analysis:
        labels = self._classifier.labels
        return Analysis(
            text=text if isinstance(text, str) else "",
            language="zh",
            language_evident=False,
            intent=Intent.NEW_PETITION if text and text.strip() else Intent.GREETING,
            intent_confidence=0.0,
            intent_terms=(),
            category=labels[0] if labels else "",
            category_confidence=0.0,
            category_terms=(),
            statutory_type=statutory_type("").kind,
            statutory_confidence=0.0,
            statutory_terms=(),
            legal_route=None,
            legal_route_terms=(),
            emergency=False,
            emergency_terms=(),
            places=(),
            case_refs=(),
            rating=None,
        )


def _edge_clauses(pieces: list[str]) -> tuple[str, str] | None:
    """The first and the last of the normalized ``pieces`` long enough to be clauses, when
    there are :data:`_EDGE_CLAUSES_FROM` such or more (else None). Pieces are normalized only
    as far as that needs: from each end to its first clause, then in between until enough
    are found."""
    def clause(index: int) -> str | None:
        normalized = normalize(pieces[index])
        return normalized if len(normalized) >= _CLAUSE_MIN_CHARS else None

    first = next(((index, found) for index in range(len(pieces))
                  if (found := clause(index)) is not None), None)
    if first is None:
        return None
    last = next(((index, found) for index in range(len(pieces) - 1, first[0], -1)
                 if (found := clause(index)) is not None), None)
    if last is None:
        return None
    between = _EDGE_CLAUSES_FROM - 2  # at least two: the first and the last
    for index in range(first[0] + 1, last[0]):
        if between <= 0:
            break
        between -= clause(index) is not None
    return (first[1], last[1]) if between <= 0 else None


def _statutory(rules: StatutoryResult, accused: bool, confidence: float,
               terms: tuple[str, ...]) -> StatutoryResult:
    """The statutory type: 检举控告 when the model judges an accusation, else the rules' type.

    The rules' own 检举控告 ("举报", "控告" in the text) is kept even when the model disagrees:
    Art 30's firewall would rather hold a noise complaint back from a unit than hand an
    accusation to the accused.
    """
    if accused:
        return StatutoryResult(ACCUSATION, round(max(confidence, rules.confidence if
                                                     rules.kind == ACCUSATION else 0.0), 3),
                               rules.terms if rules.kind == ACCUSATION else terms)
    return rules
