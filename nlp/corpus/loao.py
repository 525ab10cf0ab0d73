"""Compare training choices of the dialogue model by leave-one-author-out evaluation.

    PYTHONPATH=. .venv/bin/python nlp/corpus/loao.py [--variants baseline,char14,...] [--json OUT]

Not part of the package, like ``compose.py`` beside it: it is how the shipped choices were made
(docs/NLP.md).  Each author is tokenized once; every variant then trains one model per author
left out.  The held-out set of issue 15 is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from compose import author_rows  # type: ignore[import-not-found]  # run as a script beside it

from nlp.dialogue_authors import leave_groups_out, leave_one_author_out
from nlp.dialogue_features import DEFAULT_SPEC, FeatureSpec, dialogue_features
from nlp.dialogue_model import EMERGENCY, INTENT
from nlp.dialogue_pinyin import PinyinTable
from nlp.dialogue_training import DialogueConfig, words_of
from nlp.normalize import normalize
from nlp.phrasings import Phrasing
from nlp.tokenizer import Tokenizer

VARIANTS: dict[str, DialogueConfig] = {
    # The choices before this comparison: every head C = 10.
    "baseline": DialogueConfig(intent_c=None),
    "shipped": DialogueConfig(),
    "char14": DialogueConfig(spec=FeatureSpec(char_sizes=(1, 2, 3, 4)), intent_c=None),
    "char23": DialogueConfig(spec=FeatureSpec(char_sizes=(2, 3)), intent_c=None),
    "nopairs": DialogueConfig(spec=FeatureSpec(pairs=False), intent_c=None),
    "negation": DialogueConfig(spec=FeatureSpec(negation_scope=True), intent_c=None),
    "c1": DialogueConfig(c=1.0, intent_c=None),
    "c3": DialogueConfig(c=3.0, intent_c=None),
    "c30": DialogueConfig(c=30.0, intent_c=None),
    "pinyin": DialogueConfig(spec=FeatureSpec(pinyin=True), intent_c=None),
    "balanced_all": DialogueConfig(balanced=frozenset({INTENT, EMERGENCY, "accusation", "route"}),
                                   intent_c=None),
    # Issue 15, after the label guide: the model shipped before it (no grievance cues), the
    # grievance cues (shipped since), and the intent head's C with them.
    "before_guide": DialogueConfig(spec=FeatureSpec()),
    "grievance": DialogueConfig(spec=FeatureSpec(grievance=True)),
    "grievance_c10": DialogueConfig(spec=FeatureSpec(grievance=True), intent_c=10.0),
    "grievance_c100": DialogueConfig(spec=FeatureSpec(grievance=True), intent_c=100.0),
    "grievance_unbalanced": DialogueConfig(spec=FeatureSpec(grievance=True),
                                           balanced=frozenset()),
    # Session 10: pasted codes (order numbers, query codes) and links folded to one mark each.
    "pasted": DialogueConfig(spec=FeatureSpec(grievance=True, pasted=True)),
    # Session 14 (issue 15's pre-guide set): rhetorical-question cues on top of the shipped spec.
    "rhetorical": DialogueConfig(spec=FeatureSpec(grievance=True, pasted=True, rhetorical=True)),
    # Session 15: n-grams of the last clause as a family of their own, on top of the shipped spec.
    "tail": DialogueConfig(spec=FeatureSpec(grievance=True, pasted=True, tail=True)),
    # Session 16: the intent head fitted on features scaled by their log-count ratio (NBSVM):
    # none (the choice before), the full ratio, its square root (shipped since).
    "plain_intent": DialogueConfig(intent_nb=0.0),
    "nb": DialogueConfig(intent_nb=1.0),
    "nb05": DialogueConfig(intent_nb=0.5),
    # Session 17: the concept family's scale in the intent head's fit (measured, off: 1 is
    # the shipped choice).
    "plain_concept": DialogueConfig(intent_concept=1.0),
    "concept07": DialogueConfig(intent_concept=0.7),
    "concept05": DialogueConfig(intent_concept=0.5),
    # Session 18 (intent21): s = 0.3, run with the forty-ninth author joined (docs/NLP.md).
    "concept03": DialogueConfig(intent_concept=0.3),
}


def _phrasing(fields: tuple[str, ...]) -> Phrasing:
    text, intent, kind, accusation, route = (*fields, "", "", "", "")[:5]
    return Phrasing(text, intent, kind, accusation == "1", route)


def cached_featurizer(tokenizer: Tokenizer, table: PinyinTable | None
                      ) -> Callable[[FeatureSpec], Callable[[str], Counter[str]]]:
    """Featurizers per spec sharing one cache of normalized texts and their words."""
    words: dict[str, tuple[str, list[str]]] = {}

    def for_spec(spec: FeatureSpec) -> Callable[[str], Counter[str]]:
        def featurize(text: str) -> Counter[str]:
            if text not in words:
                normalized = normalize(text)
                words[text] = (normalized, words_of(normalized, tokenizer))
            normalized, cut = words[text]
            return dialogue_features(normalized, cut, spec, table)
        return featurize

    return for_spec


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--combine", default="",
                        help="extra variant: names joined by '+' applied on top of each other")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--groups", type=int, default=0,
                        help="leave out K groups of authors in turn instead of one author")
    parser.add_argument("--first", type=int, default=0,
                        help="with --groups: only the first N sources are left out (the rest "
                             "only train), so N earlier authors are grouped the same way by two "
                             "runs that differ in what follows them")
    arguments = parser.parse_args()
    authors = {name: [_phrasing(row) for row in rows] for name, rows in author_rows().items()}
    names = list(authors)[:arguments.first or None]
    groups = [names[k::arguments.groups] for k in range(arguments.groups)]
    print({name: len(rows) for name, rows in authors.items()}, file=sys.stderr)
    tokenizer = Tokenizer()
    chosen = {name: VARIANTS[name] for name in arguments.variants.split(",") if name}
    # The pinyin table needs pypinyin, which is not a dependency: built only when a variant reads it.
    table = (PinyinTable.build() if any(config.spec.pinyin for config in chosen.values())
             or "pinyin" in arguments.combine else None)
    featurizers = cached_featurizer(tokenizer, table)
    if arguments.combine:
        combined = DialogueConfig()
        for name in arguments.combine.split("+"):
            part = VARIANTS[name]
            spec = combined.spec
            if part.spec.char_sizes != DEFAULT_SPEC.char_sizes:
                spec = replace(spec, char_sizes=part.spec.char_sizes)
            if part.spec.pairs != DEFAULT_SPEC.pairs:
                spec = replace(spec, pairs=part.spec.pairs)
            if part.spec.negation_scope:
                spec = replace(spec, negation_scope=True)
            if part.spec.pinyin:
                spec = replace(spec, pinyin=True)
            combined = DialogueConfig(spec=spec,
                                      c=part.c if part.c != DialogueConfig().c else combined.c,
                                      balanced=part.balanced | combined.balanced,
                                      intent_c=part.intent_c)
        chosen[arguments.combine] = combined
    results = {}
    for name, config in chosen.items():
        say = lambda message: print("  " + message, file=sys.stderr)
        result = (leave_groups_out(tokenizer, authors, groups, config=config,
                                   featurize=featurizers(config.spec), pinyin=table,
                                   progress=say)
                  if groups else
                  leave_one_author_out(tokenizer, authors, config=config,
                                       featurize=featurizers(config.spec), pinyin=table,
                                       progress=say))
        results[name] = result
        print(name, json.dumps(result["mean"]), flush=True)
        for author, figures in result["per_author"].items():
            print(f"  {author}: intent {figures['intent_accuracy']} emergency "
                  f"{figures['emergency']['recall']}/{figures['emergency']['precision']} "
                  f"accusation {figures['accusation']['recall']}/{figures['accusation']['precision']}"
                  f" route {figures['route']['class_recall']}/{figures['route']['precision']}",
                  flush=True)
        for head in ("emergency", "accusation", "route"):
            line = []
            for threshold in next(iter(result["per_author"].values()))["at_thresholds"][head]:
                cells = [figures["at_thresholds"][head][threshold]
                         for figures in result["per_author"].values()]
                recall = [c["recall"] for c in cells if c["recall"] is not None]
                precision = [c["precision"] for c in cells if c["precision"] is not None]
                line.append(f"{threshold}: {sum(recall) / len(recall):.3f}/"
                            f"{sum(precision) / len(precision):.3f} (min {min(recall):.3f})")
            print(f"  {head} at thresholds (mean recall/precision): " + "; ".join(line),
                  flush=True)
        if arguments.json:
            arguments.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if arguments.json:
        arguments.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
