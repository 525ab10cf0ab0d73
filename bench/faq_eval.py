"""How well ``bot.faq`` answers: precision and recall on ``tests/bot/faq_eval.toml``, the
threshold and margin that set them, and what one match costs.

    python -m bench.faq_eval [--json]

It also reports the shipped pair on ``tests/bot/faq_eval_fresh.toml`` ("fresh"), paraphrases
of the entries added in session 13 that no choice was made on, and the questions ``FaqIndex.about_another_service`` holds back (another office's
procedures, ``tests/bot/faq_other_service.toml``, and the evaluation set's unanswered ones).

A question of an entry is *answered right* when the nearest entry is its own and passes the
threshold and the margin; a wrong entry passing them, or any entry passing them for a question
no entry answers, is a wrong answer. Precision = right / all answered; recall = right /
questions of an entry. The chosen pair is the one of best recall whose precision would still be at least
:data:`MIN_PRECISION` with one wrong answer more than counted (the set is small); since that set
also chose it, a two-fold estimate is given beside it (the pair chosen on one half of each
list, measured on the other half).
"""

from __future__ import annotations

import argparse
import json
import time
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.faq import MARGIN, THRESHOLD, FaqIndex, Found, load

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "bot" / "faq_eval.toml"
OTHER_SERVICE = FIXTURE.with_name("faq_other_service.toml")
#: Paraphrases of the session-13 entries kept apart from every choice: measured, never tuned on.
FRESH = FIXTURE.with_name("faq_eval_fresh.toml")
MIN_PRECISION = 0.95
THRESHOLDS = [round(0.05 + i / 100, 2) for i in range(56)]  # 0.05 … 0.60
MARGINS = [round(i / 100, 2) for i in range(21)]  # 0 … 0.20


@dataclass(frozen=True)
class Figures:
    threshold: float
    margin: float
    precision: float
    recall: float
    right: int
    wrong_entry: int  # a question of an entry given another entry's answer
    wrong_unanswered: int  # a question no entry answers given an entry's answer
    asked: int  # questions of an entry
    unanswered: int


Judged = tuple[list[tuple[Found | None, str]], list[Found | None]]


def read_fixture(path: Path = FIXTURE) -> tuple[list[tuple[str, str]], list[str]]:
    """(question, entry id) pairs, and the questions no entry answers."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    answered = [(q, entry) for entry, questions in data["answered"].items() for q in questions]
    return answered, list(data["unanswered"]["questions"])


def judge(index: FaqIndex, answered: Sequence[tuple[str, str]],
          unanswered: Sequence[str]) -> Judged:
    return ([(index.nearest(q), entry) for q, entry in answered],
            [index.nearest(q) for q in unanswered])


def score(judged: Judged, threshold: float, margin: float) -> Figures:
    def passes(found: Found | None) -> bool:
        return found is not None and found.score >= threshold and found.margin >= margin

    answered, unanswered = judged
    right = sum(passes(f) and f.entry.id == e for f, e in answered)  # type: ignore[union-attr]
    wrong_entry = sum(passes(f) for f, _ in answered) - right
    wrong_unanswered = sum(passes(f) for f in unanswered)
    given = right + wrong_entry + wrong_unanswered
    return Figures(threshold, margin, right / given if given else 1.0, right / len(answered),
                   right, wrong_entry, wrong_unanswered, len(answered), len(unanswered))


def choose(judged: Judged) -> Figures:
    """The pair of best recall (then the highest, the safest) whose precision is at least
    MIN_PRECISION with one more wrong answer."""
    candidates = [score(judged, t, m) for t in THRESHOLDS for m in MARGINS]
    fit = [f for f in candidates
           if f.right / (f.right + f.wrong_entry + f.wrong_unanswered + 1) >= MIN_PRECISION]
    if not fit:  # a half set too small to show it: the most precise pair
        return max(candidates, key=lambda f: (f.precision, f.right))
    return max(fit, key=lambda f: (f.right, f.threshold, f.margin))


def two_fold(judged: Judged) -> Figures:
    """Each half (every other question of each list) chooses the pair the other half is
    measured with; the counts of the two measured halves are added."""
    answered, unanswered = judged
    halves = [(answered[k::2], unanswered[k::2]) for k in (0, 1)]
    right = wrong_entry = wrong_unanswered = 0
    for k in (0, 1):
        chosen = choose(halves[k])
        measured = score(halves[1 - k], chosen.threshold, chosen.margin)
        right += measured.right
        wrong_entry += measured.wrong_entry
        wrong_unanswered += measured.wrong_unanswered
    given = right + wrong_entry + wrong_unanswered
    return Figures(float("nan"), float("nan"), right / given if given else 1.0,
                   right / len(answered), right, wrong_entry, wrong_unanswered, len(answered),
                   len(unanswered))


def other_offices(index: FaqIndex, unanswered: Sequence[str]) -> dict[str, object]:
    """How many questions of each list ``about_another_service`` holds back from the FAQ, and
    how many the FAQ answers with an entry before and after (the category model reads each)."""
    from nlp import Analyzer

    analyzer = Analyzer.load()
    lists = tomllib.loads(OTHER_SERVICE.read_text(encoding="utf-8"))
    lists["evaluation_unanswered"] = list(unanswered)
    figures: dict[str, object] = {}
    for name, questions in lists.items():
        analyses = [analyzer.analyze(q) for q in questions]
        figures[name] = {
            "questions": len(questions),
            "held_back": sum(index.about_another_service(a) for a in analyses),
            "entry_answers_before": sum(index.match(q) is not None for q in questions),
            "entry_answers_after": sum(index.specific(q, "zh", a) is not None
                                       for q, a in zip(questions, analyses, strict=True)),
        }
    return figures


def microseconds_per_match(index: FaqIndex, questions: Sequence[str], rounds: int = 5) -> float:
    """The fastest of ``rounds`` passes over ``questions``, per question."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for question in questions:
            index.match(question)
        best = min(best, time.perf_counter() - started)
    return 1e6 * best / len(questions)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    index = FaqIndex(load())
    answered, unanswered = read_fixture()
    judged = judge(index, answered, unanswered)
    result = {
        "shipped": asdict(score(judged, THRESHOLD, MARGIN)),
        "chosen": asdict(choose(judged)),
        "two_fold": {**asdict(two_fold(judged)), "threshold": None, "margin": None},
        "no_threshold": asdict(score(judged, 0.0, 0.0)),
        "fresh": asdict(score(judge(index, *read_fixture(FRESH)), THRESHOLD, MARGIN)),
        "other_offices": other_offices(index, unanswered),
        "us_per_match": round(microseconds_per_match(index, [q for q, _ in answered]
                                                     + unanswered), 1),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for name, figures in result.items():
        print(f"{name}: {figures}")


if __name__ == "__main__":
    main()
