"""Figures of the dialogue judgements on a labelled phrasing file (``nlp eval-dialogue``).

Scored through :meth:`nlp.Analyzer.analyze`, rules and model together, exactly as the bot
sees a message.  Per class precision and recall for intent, emergency (any kind, and the kind),
accusation and legal route; intent accuracy; the most frequent intent confusions; and whether
the issue 15 targets are met.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from nlp.analyzer import Analysis, Analyzer
from nlp.phrasings import Phrasing

#: Issue 15's targets on held-out phrasings.
TARGETS: dict[str, float] = {
    "emergency_recall": 0.98, "intent_accuracy": 0.95, "accusation_recall": 0.9,
    "legal_route_recall": 0.9,
}
_CONFUSIONS = 15


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _per_class(pairs: Sequence[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Precision, recall and support per gold class ("" is not a class: nothing to flag)."""
    labels = sorted({gold for gold, _ in pairs} | {guess for _, guess in pairs} - {""})
    table: dict[str, dict[str, Any]] = {}
    for label in labels:
        if not label:
            continue
        true_positive = sum(gold == label and guess == label for gold, guess in pairs)
        predicted = sum(guess == label for _, guess in pairs)
        support = sum(gold == label for gold, _ in pairs)
        table[label] = {"precision": _ratio(true_positive, predicted),
                        "recall": _ratio(true_positive, support), "support": support}
    return table


def _flag(pairs: Sequence[tuple[str, str]], none: str) -> dict[str, Any]:
    """Recall and precision of "something flagged", whatever the class."""
    positives = sum(gold != none for gold, _ in pairs)
    flagged = sum(guess != none for _, guess in pairs)
    hits = sum(gold != none and guess != none for gold, guess in pairs)
    exact = sum(gold != none and guess == gold for gold, guess in pairs)
    return {"recall": _ratio(hits, positives), "precision": _ratio(hits, flagged),
            "class_recall": _ratio(exact, positives), "positives": positives,
            "flagged": flagged}


def evaluate(analyzer: Analyzer, rows: Sequence[Phrasing], *, source: str) -> dict[str, Any]:
    """Every figure of ``rows`` as one JSON-compatible dict."""
    analyses: list[Analysis] = [analyzer.analyze(row.text) for row in rows]
    intents = [(row.intent, result.intent.value) for row, result in zip(rows, analyses)]
    kinds = [(row.emergency_kind, result.emergency_kind) for row, result in zip(rows, analyses)]
    accusations = [("1" if row.accusation else "0", "1" if result.accusation else "0")
                   for row, result in zip(rows, analyses)]
    routes = [(row.legal_route, result.legal_route or "") for row, result in zip(rows, analyses)]
    confusions = Counter((gold, guess) for gold, guess in intents if gold != guess)
    emergency = _flag(kinds, "")
    accusation = _flag(accusations, "0")
    route = _flag(routes, "")
    figures = {
        "emergency_recall": emergency["recall"],
        "intent_accuracy": _ratio(sum(gold == guess for gold, guess in intents), len(rows)),
        "accusation_recall": accusation["recall"],
        # A route counts as recalled when it is the right route, not merely some route.
        "legal_route_recall": route["class_recall"],
    }
    return {
        "source": source,
        "n": len(rows),
        "intent": {"accuracy": figures["intent_accuracy"], "per_class": _per_class(intents),
                   "confusions": [{"gold": gold, "predicted": guess, "count": count}
                                  for (gold, guess), count in confusions.most_common(_CONFUSIONS)]},
        "emergency": {**emergency, "per_kind": _per_class(kinds)},
        "accusation": accusation,
        "legal_route": {**route, "per_route": _per_class(routes)},
        "targets": {name: {"target": target, "value": figures[name],
                           "met": figures[name] is not None and figures[name] >= target}
                    for name, target in TARGETS.items()},
    }
