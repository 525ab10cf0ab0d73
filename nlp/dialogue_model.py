"""The dialogue judgements at prediction time: four small linear heads over one feature space.

``intent`` (what the message is), ``emergency`` (which kind, or none), ``accusation`` (0/1) and
``route`` (a legal route, or none) share one vocabulary of :mod:`nlp.dialogue_features`; each
head is a softmax over ``x · W + b``.  The heads that flag something (emergency, accusation,
route) do so when the probability of "none" falls below ``1 - threshold``; training picks each
threshold on the dev split (for emergency: the highest that keeps every dev emergency), so the flags
lean towards recall.

The file is one ``.npz`` with a JSON header and plain arrays, loaded with numpy alone (no pickle,
no scikit-learn)::

    header        uint8    UTF-8 JSON: format, format_version, heads {name: labels, threshold}, meta,
                           spec (the :class:`FeatureSpec`; absent in older files: the defaults)
    vocabulary    uint8    UTF-8 feature names joined by "\\n", in index order
    idf           float32  (n_features,)
    W_<head>      float32  (n_features, n_labels)
    b_<head>      float32  (n_labels,)
    pinyin_characters, pinyin_syllables   uint8   (only when the spec reads pinyin) the
                           character → syllable table of :mod:`nlp.dialogue_pinyin`
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlp.atomic import save_arrays
from nlp.dialogue_features import (
    CHAR,
    CONCEPT,
    DEFAULT_SPEC,
    PAIR,
    SHAPE,
    WORD,
    FeatureSpec,
    dialogue_features,
    has_pasted,
    readable,
    surface,
)
from nlp.dialogue_lexicon import concept_word
from nlp.dialogue_pinyin import PINYIN, PinyinTable
from nlp.errors import ModelError, ModelVersionError

FORMAT = "xinfang-nlp-dialogue"
FORMAT_VERSION = 1
#: The model shipped in the package (``python run.py nlp train-dialogue`` writes it).
SHIPPED_DIALOGUE_MODEL = "dialogue_model.npz"

INTENT = "intent"
EMERGENCY = "emergency"
ACCUSATION = "accusation"
ROUTE = "route"
HEADS: tuple[str, ...] = (INTENT, EMERGENCY, ACCUSATION, ROUTE)
#: The "nothing to flag" label of the flagging heads.
NONE = ""
#: The accusation head's labels, "not an accusation" first.
ACCUSATION_LABELS: tuple[str, ...] = ("0", "1")

#: The scale of each feature family after its own normalization (measured on dev, docs/NLP.md).
FAMILY_WEIGHTS: dict[str, float] = {CHAR: 1.0, WORD: 1.0, PAIR: 0.5, SHAPE: 0.5, CONCEPT: 1.0,
                                    PINYIN: 0.5}

# How many labels a judgement ranks (the intent's alternatives are the three after the best).
_RANKED = 4

# How many terms explain a judgement: enough for a case note, few enough to read at a glance.
_EXPLAIN = 4

FloatArray = npt.NDArray[np.float32]


def shipped_dialogue_model_path() -> Path:
    """Where the shipped dialogue model file lives."""
    return Path(str(resources.files("nlp.data").joinpath(SHIPPED_DIALOGUE_MODEL)))


@dataclass(frozen=True, slots=True)
class Head:
    """One judgement's labels, weights and flagging threshold."""

    labels: tuple[str, ...]
    weights: FloatArray
    bias: FloatArray
    #: For flagging heads: flag when P(not none) ≥ threshold.  Unused by the intent head.
    threshold: float = 0.5


@dataclass(frozen=True, slots=True)
class Judgement:
    """A head's decision: the label ("" or "0": nothing flagged), its confidence and its terms.

    ``confidence`` is the probability of the label for the intent head and the probability of
    "something to flag" for the flagging heads (so an unflagged message shows how close it came).
    """

    label: str
    confidence: float
    terms: tuple[str, ...]
    #: The most likely labels with their probabilities, best first.
    ranked: tuple[tuple[str, float], ...]


class DialogueModel:
    """Vectorize a message once and run the four heads over it."""

    def __init__(self, features: Sequence[str], idf: FloatArray, heads: Mapping[str, Head],
                 *, meta: Mapping[str, Any] | None = None,
                 spec: FeatureSpec = DEFAULT_SPEC, pinyin: PinyinTable | None = None) -> None:
        if len(features) != len(idf):
            raise ValueError("features and idf differ in length")
        missing = [name for name in HEADS if name not in heads]
        if missing:
            raise ValueError(f"missing heads: {', '.join(missing)}")
        for name, head in heads.items():
            if head.weights.shape != (len(features), len(head.labels)):
                raise ValueError(f"head {name}: weights do not match the vocabulary and labels")
        self._features = list(features)
        self._index = dict(zip(self._features, range(len(self._features))))
        self._idf = idf.astype(np.float32, copy=False)
        self._heads = dict(heads)
        self._meta = dict(meta or {})
        self._spec = spec
        if spec.pinyin and pinyin is None:
            raise ValueError("the feature spec reads pinyin but the model has no pinyin table")
        self._pinyin = pinyin
        # Each feature's family as a small integer, and every head's weights side by side: one
        # gather and one product per message serve all four heads.
        families = list(FAMILY_WEIGHTS)
        self._family = np.fromiter((families.index(name[:2]) if name[:2] in FAMILY_WEIGHTS else 0
                                    for name in self._features), dtype=np.int64,
                                   count=len(self._features))
        self._family_weight = np.asarray(list(FAMILY_WEIGHTS.values()), dtype=np.float32)
        self._stacked = np.ascontiguousarray(
            np.concatenate([head.weights for head in self._heads.values()], axis=1)
            if self._heads else np.zeros((len(self._features), 0), np.float32), dtype=np.float32)
        self._stacked_bias = (np.concatenate([head.bias for head in self._heads.values()])
                              if self._heads else np.zeros(0, np.float32))
        self._slices: dict[str, slice] = {}
        start = 0
        for name, head in self._heads.items():
            self._slices[name] = slice(start, start + len(head.labels))
            start += len(head.labels)

    @property
    def heads(self) -> dict[str, Head]:
        """The heads by name."""
        return dict(self._heads)

    @property
    def features(self) -> list[str]:
        """Feature names by index."""
        return list(self._features)

    @property
    def idf(self) -> FloatArray:
        """Inverse document frequency per feature index."""
        return self._idf

    @property
    def spec(self) -> FeatureSpec:
        """The features this model reads (:func:`nlp.dialogue_features.dialogue_features`)."""
        return self._spec

    @property
    def pinyin(self) -> PinyinTable | None:
        """The character → syllable table of the pinyin features (None: the spec reads none)."""
        return self._pinyin

    def featurize(self, normalized: str, words: Sequence[str]) -> Counter[str]:
        """The feature counts this model reads of normalized text and its opening's words."""
        return dialogue_features(normalized, words, self._spec, self._pinyin)

    def judge_message(self, normalized: str, words: Sequence[str]) -> dict[str, Judgement]:
        """``judge(featurize(normalized, words), surface(normalized))`` with the surface made
        once when the features read it unfolded (the terms are shown as written in it)."""
        counts, shown = self._featurized(normalized, words)
        return self.judge(counts, shown)

    def judge_head(self, normalized: str, words: Sequence[str], name: str) -> Judgement:
        """``judge_message(normalized, words)[name]``, the other heads' judgements not made
        (the analyzer reads a long message's edge clauses for one head alone)."""
        counts, shown = self._featurized(normalized, words)
        indices, values, rows, scores = self._scores(counts)
        where = self._slices[name]
        judgement = self._run(name, self._heads[name], indices, values, rows[:, where],
                              scores[where])
        return replace(judgement, terms=_as_written(judgement.terms, shown)) \
            if judgement.terms else judgement

    def _featurized(self, normalized: str, words: Sequence[str]) -> tuple[Counter[str], str]:
        shown = surface(normalized)
        body = surface(normalized, fold_pasted=True) \
            if self._spec.pasted and has_pasted(normalized) else shown
        return dialogue_features(normalized, words, self._spec, self._pinyin, body=body), shown

    @property
    def meta(self) -> dict[str, Any]:
        """Training facts recorded in the file (data size, dev figures)."""
        return dict(self._meta)

    def vector(self, counts: Counter[str]) -> tuple[npt.NDArray[np.int32], FloatArray]:
        """Indices and values of known features: sublinear TF-IDF, L2-normalized per family.

        Normalizing each family apart keeps the dozen concept and shape features from being
        drowned by the hundreds of character n-grams of the same message.
        """
        # Every feature looked up in C (map), unknown ones (-1) dropped by one mask: a message
        # has ~500 features, and a Python loop over them was a third of a judgement.
        size = len(counts)
        positions = np.fromiter(map(self._index.get, counts, repeat(-1, size)), dtype=np.int64,
                                count=size)
        known = positions >= 0
        indices = positions[known].astype(np.int32)
        frequency = np.fromiter(counts.values(), dtype=np.float32, count=size)[known]
        values = (1.0 + np.log(frequency)) * self._idf[indices]
        family = self._family[indices]
        norms = np.sqrt(np.bincount(family, weights=values * values,
                                    minlength=len(self._family_weight)))
        scale = self._family_weight / np.where(norms > 0, norms, 1.0)
        return indices, (values * scale[family]).astype(np.float32)

    def judge(self, counts: Counter[str], text: str = "") -> dict[str, Judgement]:
        """Every head's judgement of one message's feature counts.

        ``text``: the message's feature surface (:func:`nlp.dialogue_features.surface`), so that
        a concept among the terms is shown as the word the citizen wrote.
        """
        indices, values, rows, scores = self._scores(counts)
        judged = {name: self._run(name, head, indices, values, rows[:, self._slices[name]],
                                  scores[self._slices[name]])
                  for name, head in self._heads.items()}
        if not text:
            return judged
        return {name: replace(judgement, terms=_as_written(judgement.terms, text))
                if judgement.terms else judgement for name, judgement in judged.items()}

    def _scores(self, counts: Counter[str]) -> tuple[npt.NDArray[np.int32], FloatArray,
                                                     FloatArray, FloatArray]:
        """The message's vector, every head's weight rows of it, and every head's scores: one
        gather and one product for all the heads, whichever are then run."""
        indices, values = self.vector(counts)
        rows = self._stacked[indices]
        return indices, values, rows, values @ rows + self._stacked_bias

    def _run(self, name: str, head: Head, indices: npt.NDArray[np.int32], values: FloatArray,
             rows: FloatArray, scores: FloatArray) -> Judgement:
        shifted = np.exp(scores - scores.max())
        probabilities = shifted / shifted.sum()
        order = np.argsort(-probabilities, kind="stable")
        # The best few are enough for alternatives and for a clerk's eye.
        ranked = tuple((head.labels[i], round(float(probabilities[i]), 4)) for i in order[:_RANKED])
        if name == INTENT:
            best = int(order[0])
            reference = np.delete(rows, best, axis=1).mean(axis=1) if rows.shape[1] > 1 else 0.0
            terms = _terms(self._features, indices, values * (rows[:, best] - reference))
            return Judgement(head.labels[best], float(probabilities[best]), terms, ranked)
        none = head.labels.index(NONE if name != ACCUSATION else ACCUSATION_LABELS[0])
        flagged = 1.0 - float(probabilities[none])
        if flagged < head.threshold:
            return Judgement(head.labels[none], flagged, (), ranked)
        best = next(int(i) for i in order if int(i) != none)
        terms = _terms(self._features, indices, values * (rows[:, best] - rows[:, none]))
        return Judgement(head.labels[best], flagged, terms, ranked)

    @classmethod
    def load(cls, path: Path | None = None) -> DialogueModel:
        """Load a model file (None: the shipped one); :class:`ModelError` says why it cannot."""
        path = path if path is not None else shipped_dialogue_model_path()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ModelError(f"cannot read dialogue model {path}: {exc}") from exc
        try:
            with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
                header = json.loads(archive["header"].tobytes().decode())
                if not isinstance(header, dict) or header.get("format") != FORMAT:
                    raise ModelError(f"{path} is not a {FORMAT} model file")
                if header.get("format_version") != FORMAT_VERSION:
                    version = header.get("format_version")
                    raise ModelVersionError(
                        f"{path} has dialogue model version {version!r}; this code reads "
                        f"{FORMAT_VERSION}: retrain it with `python run.py nlp train-dialogue`",
                        found=version if isinstance(version, int) else None,
                        supported=FORMAT_VERSION)
                text = archive["vocabulary"].tobytes().decode()
                features = text.split("\n") if text else []
                heads = {
                    name: Head(tuple(spec["labels"]), archive[f"W_{name}"].astype(np.float32),
                               archive[f"b_{name}"].astype(np.float32), float(spec["threshold"]))
                    for name, spec in header["heads"].items()
                }
                idf = archive["idf"].astype(np.float32)
                table = (PinyinTable.from_text(archive["pinyin_characters"].tobytes().decode(),
                                               archive["pinyin_syllables"].tobytes().decode())
                         if "pinyin_characters" in archive.files else None)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile, UnicodeDecodeError, KeyError,
                TypeError) as exc:
            raise ModelError(f"{path} is not a readable dialogue model: {exc}") from exc
        try:
            return cls(features, idf, heads, meta=header.get("meta", {}),
                       spec=FeatureSpec.from_json(header.get("spec")), pinyin=table)
        except ValueError as exc:
            raise ModelError(f"{path}: {exc}") from exc

    def save(self, path: Path) -> None:
        """Write the model to ``path`` atomically (a reader never sees half a file)."""
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "heads": {name: {"labels": list(head.labels), "threshold": head.threshold}
                      for name, head in self._heads.items()},
            "meta": self._meta,
            "spec": self._spec.to_json(),
        }
        arrays: dict[str, npt.NDArray[Any]] = {
            "header": np.frombuffer(json.dumps(header, ensure_ascii=False, sort_keys=True).encode(),
                                    dtype=np.uint8),
            "vocabulary": np.frombuffer("\n".join(self._features).encode(), dtype=np.uint8),
            "idf": self._idf,
        }
        if self._pinyin is not None:
            characters, syllables = self._pinyin.to_text()
            arrays["pinyin_characters"] = np.frombuffer(characters.encode(), dtype=np.uint8)
            arrays["pinyin_syllables"] = np.frombuffer(syllables.encode(), dtype=np.uint8)
        for name, head in self._heads.items():
            arrays[f"W_{name}"] = head.weights.astype(np.float32)
            arrays[f"b_{name}"] = head.bias.astype(np.float32)
        save_arrays(path, arrays)


def _terms(features: Sequence[str], indices: npt.NDArray[np.int32],
           contributions: FloatArray) -> tuple[str, ...]:
    """The readable features that pushed hardest towards the decision, longest kept first."""
    chosen: list[str] = []
    for position in np.argsort(-contributions, kind="stable"):
        if contributions[position] <= 0 or len(chosen) >= _EXPLAIN:
            break
        term = readable(features[int(indices[position])])
        if len(term) < 2 and not term.isalpha():
            continue
        if any(term in kept for kept in chosen):
            continue
        chosen = [kept for kept in chosen if kept not in term] + [term]
    return tuple(chosen)


def _as_written(terms: tuple[str, ...], text: str) -> tuple[str, ...]:
    """``terms`` with each concept ("〈fire〉") replaced by the word of it in ``text``."""
    shown: list[str] = []
    for term in terms:
        if term.startswith("〈") and term.endswith("〉"):
            term = concept_word(term[1:-1], text) or term
        if term and term not in shown:
            shown.append(term)
    return tuple(term for term in shown if not any(term != other and term in other for other in shown))
