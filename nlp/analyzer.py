"""One entry point for the bot: :class:`Analyzer` turns a raw message into an :class:`Analysis`.

Built once at start (the tokenizer dictionary and the model are the expensive parts), then
shared: :meth:`Analyzer.analyze` keeps no state between calls and is safe from many threads.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from nlp.caserefs import CaseRef, find_case_refs
from nlp.category import CategoryClassifier, CategoryResult, KeywordClassifier
from nlp.emergency import detect_emergency
from nlp.intents import Intent, detect_intent
from nlp.model import LinearModel, shipped_model_path
from nlp.normalize import detect_language, normalize
from nlp.particulars import NO_PARTICULARS, Particulars, extract_particulars
from nlp.places import Place, PlaceResolver
from nlp.routes import legal_route
from nlp.statutory import ACCUSATION, statutory_type
from nlp.territory import Territory
from nlp.tokenizer import Tokenizer

_log = logging.getLogger(__name__)

# Messages longer than this are cut before analysis: a 12345 petition is rarely over a few
# thousand characters, and a pasted novel must not stall the intake loop.
MAX_CHARS = 20_000


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


#: Kinds of emergency, each with its own advice (110 / 119 / 120 / 122, a hotline).
EMERGENCY_KINDS: tuple[str, ...] = (
    "self_harm", "violence", "fire", "gas", "accident", "medical", "mass_incident",
)
_KIND_OF_CUE = {"life": "self_harm", "violence": "violence", "fire": "fire",
                "mass": "mass_incident"}


class Analyzer:
    """Normalize, tokenize, classify and extract; build with :meth:`load`."""

    def __init__(
        self,
        tokenizer: Tokenizer,
        classifier: CategoryClassifier,
        places: PlaceResolver,
    ) -> None:
        self._tokenizer = tokenizer
        self._classifier = classifier
        self._places = places

    @classmethod
    def load(cls, model_path: Path | None = None, *, territory: Territory | None = None) -> Analyzer:
        """Build an analyzer with the model at ``model_path`` (None: the model shipped in the package).

        ``territory`` is the bureau's area for place resolution (None: the shipped example).
        Raises :class:`nlp.errors.ModelError` when the model file cannot be used.
        """
        tokenizer = Tokenizer()
        model = LinearModel.load(model_path if model_path is not None else shipped_model_path())
        resolver = PlaceResolver(territory if territory is not None else Territory.default())
        return cls(tokenizer, model, resolver)

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
        return classifier.classify(
            normalized, self._tokenizer.terms(classifier.category_text(normalized)))

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
        intent = detect_intent(normalized, case_refs)
        classifier = self._classifier
        terms = self._tokenizer.terms(classifier.category_text(normalized))
        category = classifier.classify(normalized, terms)
        statutory = statutory_type(normalized)
        route = legal_route(normalized)
        emergency = detect_emergency(normalized)
        accusation = statutory.kind == ACCUSATION
        return Analysis(
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
            legal_route=route.route,
            legal_route_terms=route.terms,
            emergency=emergency.emergency,
            emergency_terms=emergency.terms,
            places=self._places.find(normalized),
            case_refs=case_refs,
            rating=intent.rating,
            emergency_kind=_KIND_OF_CUE.get(emergency.kinds[0], "") if emergency.kinds else "",
            emergency_confidence=0.9 if emergency.emergency else 0.0,
            accusation=accusation,
            accusation_confidence=statutory.confidence if accusation else 0.0,
            accusation_terms=statutory.terms if accusation else (),
            legal_route_confidence=0.9 if route.route else 0.0,
            particulars=extract_particulars(normalized),
            category_alternatives=category.alternatives if terms else (),
            category_precision=category.precision if terms else None,
        )

    def _fallback(self, text: str) -> Analysis:
        labels = self._classifier.labels
        return Analysis(
            text=text if isinstance(text, str) else "",
            language="zh",
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
