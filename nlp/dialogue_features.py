"""Features of one message for the dialogue judgements: character n-grams, words and shape.

Character n-grams carry the judgements across typos, homophones, dialect words and missing
punctuation (a miswritten "近度" still shares "度" and the bigrams around it); words carry the
meaning jieba knows; the shape features (length, a case number, a question mark) separate a
short question from a long story that happens to use the same words.  Training and prediction
both call :func:`dialogue_features`, so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from nlp.caserefs import strip_case_refs
from nlp.dialogue_lexicon import (
    concepts_in,
    grievance_cues_in,
    negated_concepts_in,
    rhetorical_cues_in,
)
from nlp.dialogue_pinyin import PINYIN, PinyinTable, pinyin_pairs

#: Prefixes that keep the feature families apart in one vocabulary.
CHAR = "c:"
WORD = "w:"
PAIR = "p:"
SHAPE = "s:"
CONCEPT = "k:"
TAIL = "t:"
FAMILIES: tuple[str, ...] = (CHAR, WORD, PAIR, SHAPE, CONCEPT, PINYIN, TAIL)

#: Only the opening of a long message is looked at: what a message *is* (a question, a
#: supplement, a new matter, a cry for help) is said early, and the cost grows with length.
DIALOGUE_CHARS = 300


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which features a model was trained on; stored in its file, so prediction computes the same.

    The choices were made by leave-one-author-out evaluation (docs/NLP.md): what carries to a
    writer the model never saw, not what fits the authors it learned from.
    """

    #: Character n-gram sizes over the marked opening.
    char_sizes: tuple[int, ...] = (1, 2, 3)
    #: Word pairs (adjacent content words) as a family of their own.
    pairs: bool = True
    #: A concept preceded in its clause by a negation ("不是要跳楼") becomes ``k:not_<concept>``
    #: instead of ``k:<concept>``: the denial then weighs against the concept, not with it.
    negation_scope: bool = False
    #: Syllable pairs of the opening read aloud (:mod:`nlp.dialogue_pinyin`): homophone slips
    #: and written pinyin meet the words they stand for.  Needs the model's pinyin table.
    pinyin: bool = False
    #: The guide's grievance cues (:data:`nlp.dialogue_lexicon.GRIEVANCE_CUES`: a place, a
    #: party, a thing going on or done to the writer; a procedure, a hypothetical) and how they
    #: meet a question's form, as concepts ``k:g_*``.
    grievance: bool = False
    #: What a citizen pastes in becomes one mark: a code (an order or tracking number, a query
    #: code: letters and digits mixed, :data:`_CODE`) and a link.  Their characters are not
    #: words, and as n-grams they pushed a message's judgements around at random.
    pasted: bool = False
    #: Issue 15's rhetorical-question cues (:data:`nlp.dialogue_lexicon.RHETORICAL_CUES`: a
    #: why of the writer's own lot, a problem state, who is to deal with it, a rhetorical turn)
    #: and their meetings, as concepts ``k:r_*``.
    rhetorical: bool = False
    #: Character n-grams of the message's last clause as a family of their own
    #: (:func:`tail_grams`): what a message asks for is mostly said last ("前几年着过一回火 …
    #: 现在想问问灭火器去哪换" asks a question; "…修好没" asks how a matter goes), and the same
    #: n-gram in a story's opening says something else.
    tail: bool = False

    def to_json(self) -> dict[str, Any]:
        """The spec as a JSON object for a model file's header."""
        return {**asdict(self), "char_sizes": list(self.char_sizes)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> FeatureSpec:
        """The spec of a header (absent: the defaults every model before the spec used)."""
        if not data:
            return cls()
        return cls(char_sizes=tuple(int(size) for size in data.get("char_sizes", (1, 2, 3))),
                   pairs=bool(data.get("pairs", True)),
                   negation_scope=bool(data.get("negation_scope", False)),
                   pinyin=bool(data.get("pinyin", False)),
                   grievance=bool(data.get("grievance", False)),
                   pasted=bool(data.get("pasted", False)),
                   rhetorical=bool(data.get("rhetorical", False)),
                   tail=bool(data.get("tail", False)))


#: What a model file without a spec was trained on.
DEFAULT_SPEC = FeatureSpec()

# A case number says "this is about an existing case"; its digits say nothing more.
_CASE_NUMBER = re.compile(r"XF\s?\d{4}\s?[-_ ]?\s?\d{6}", re.IGNORECASE)
_CASE_MARK = "#"
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
# A code: six or more letters and digits with at least two of each, the letters not only the
# "x" of a masked number ("139XXXX2871" stays a phone someone gave); "5G", "PM2.5", "A12345"
# and "XF2026" are not codes.
_CODE = re.compile(r"(?<![a-z0-9])(?=[a-z0-9]*\d[a-z0-9]*\d)(?=[a-z0-9]*[a-wyz][a-z0-9]*[a-wyz])"
                   r"[a-z0-9]{6,}(?![a-z0-9])", re.IGNORECASE)
_CODE_MARK = "@"
# A link runs to a space, an ideograph or Chinese punctuation ("见 http://t.cn/A6xYz，谢谢").
_LINK = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+",
                   re.IGNORECASE)
_LINK_MARK = "~"
# What a code or a link cannot be without: a letter beside a digit somewhere in the code's run,
# a link's opening.  Most messages have neither, and then neither is looked for.
_MAYBE_PASTED = re.compile(r"[a-z][0-9]|[0-9][a-z]|https?:|www\.", re.IGNORECASE)


def has_pasted(text: str) -> bool:
    """Whether the opening of ``text`` may hold a code or a link: when not, folding them
    changes nothing and is skipped."""
    return _MAYBE_PASTED.search(text, 0, DIALOGUE_CHARS) is not None
_CLAUSE_END = re.compile(r"[,.!?;:，。！？；：、…]+")
#: How much of the last clause the tail family reads: a clause's ask fits in it, a long run-on
#: with no punctuation is cut to its end.
TAIL_CHARS = 12
_TAIL_SIZES = (2, 3)


def tail_grams(body: str) -> list[str]:
    """Character bigrams and trigrams of the last clause of ``body`` (a surface), its end
    marked: the clause after the last inner punctuation, at most :data:`TAIL_CHARS` long."""
    clauses = [clause for clause in _CLAUSE_END.split(body) if clause.strip()]
    if not clauses:
        return []
    tail = clauses[-1].strip()[-TAIL_CHARS:] + "$"
    return [tail[start:start + size] for size in _TAIL_SIZES
            for start in range(len(tail) - size + 1)]


_QUESTION = re.compile(r"[?？吗呢么嘛]|多久|怎么|咋|如何|哪|什么|啥|几")


def surface(text: str, *, fold_pasted: bool = False) -> str:
    """The lower-cased opening of normalized ``text``, case references and digit runs folded
    (and links and codes, with ``fold_pasted``: :attr:`FeatureSpec.pasted`)."""
    opening = text[:DIALOGUE_CHARS]
    if _CASE_NUMBER.search(opening):
        # The reference (with its query code) becomes one mark at the end: what is asked about
        # it is in the words around it.
        opening = strip_case_refs(opening) + " " + _CASE_MARK
    if fold_pasted and has_pasted(opening):
        opening = _CODE.sub(_CODE_MARK, _LINK.sub(" " + _LINK_MARK + " ", opening))
    return _SPACES.sub(" ", _DIGITS.sub("0", opening.lower())).strip()


def _pasted_words(text: str) -> frozenset[str]:
    """The words a segmenter makes of the links and codes in ``text`` ("weibo", "com",
    "qh7k2m9p"): they are dropped from the word features with the n-grams they were."""
    found: set[str] = set()
    for link in _LINK.findall(text[:DIALOGUE_CHARS]):
        found.update(part for part in re.split(r"[^0-9a-z]+", link.lower()) if part)
    found.update(code.lower() for code in _CODE.findall(text[:DIALOGUE_CHARS]))
    return frozenset(found)


def _number_kind(digits: str) -> str:
    """What a run of digits looks like: a grade or count, a short code, a mobile number, an
    ID or account number.  The surface folds every run to one "0", which would make "5" (a
    grade) and "13912345678" (a phone number sent alone) the same message."""
    if len(digits) <= 2:
        return "short"
    if len(digits) == 11 and digits.startswith("1"):
        return "mobile"
    return "mid" if len(digits) <= 5 else "long"


def _length_bucket(length: int) -> str:
    for limit, name in ((4, "tiny"), (10, "short"), (25, "medium"), (60, "long")):
        if length <= limit:
            return name
    return "story"


def dialogue_features(text: str, words: Sequence[str], spec: FeatureSpec = DEFAULT_SPEC,
                      table: PinyinTable | None = None, *, body: str | None = None) -> Counter[str]:
    """Feature counts of normalized ``text`` whose content words are ``words``.

    ``table``: the model's pinyin table, needed when ``spec.pinyin`` is set.  ``body``: the
    surface the spec reads (``surface(text, fold_pasted=spec.pasted)``) when the caller has it
    already (it is not computed twice).
    """
    body = surface(text, fold_pasted=spec.pasted) if body is None else body
    counts: Counter[str] = Counter()
    # "^" and "$" mark the message's edges: "进度" alone and "进度" inside a story differ.
    marked = "^" + body + "$"
    # Every n-gram, word and pair is built and counted by maps in C (no generator frame per
    # feature), in the order a loop over positions would give: the counts' order is the
    # vector's, and the vector's order is that of the sums behind every probability.
    ends = len(marked) + 1
    for size in spec.char_sizes:
        grams = map(marked.__getitem__, map(slice, range(ends - size), range(size, ends)))
        counts.update(map(CHAR.__add__, grams))
    if spec.tail:
        counts.update(map(TAIL.__add__, tail_grams(body)))
    pasted = _pasted_words(text) if spec.pasted and has_pasted(text) else frozenset()
    kept = [word for word in words if not word.isdigit() and word not in pasted][:120]
    counts.update(map(WORD.__add__, kept))
    if spec.pairs:
        counts.update(map(PAIR.__add__, map(" ".join, pairwise(kept))))
    # The concept patterns are tried only where one of their words' openings (a character or
    # a pair) occurs in the body: the n-grams counted above are those openings, when both
    # sizes are counted.
    present: AbstractSet[str] | None = counts.keys() if {1, 2} <= set(spec.char_sizes) else None
    concepts = concepts_in(body, present, CHAR)
    if spec.negation_scope:
        denied = set(negated_concepts_in(body))
        concepts = [("not_" + name if name in denied else name) for name in concepts]
    counts.update(map(CONCEPT.__add__, concepts))
    if spec.pinyin:
        if table is None:
            raise ValueError("a pinyin feature spec needs the model's pinyin table")
        counts.update(pinyin_pairs(table, body))
    counts[SHAPE + "len:" + _length_bucket(len(body))] += 1
    opening = _CASE_NUMBER.sub(" ", text[:DIALOGUE_CHARS])
    if spec.pasted and has_pasted(opening):
        opening = _CODE.sub(" ", _LINK.sub(" ", opening))
    for kind in sorted({_number_kind(run) for run in _DIGITS.findall(opening)}):
        counts[SHAPE + "number:" + kind] += 1
    if _CASE_MARK in body:
        counts[SHAPE + "case_number"] += 1
    asks = bool(_QUESTION.search(body[-12:]))
    if asks:
        counts[SHAPE + "asks"] += 1
    if spec.grievance:
        counts.update(map(CONCEPT.__add__, grievance_cues_in(body, asks, present, CHAR)))
    if spec.rhetorical:
        counts.update(map(CONCEPT.__add__, rhetorical_cues_in(body, asks, present, CHAR)))
    return counts


def opening_words(words: Sequence[str], text: str) -> list[str]:
    """The words of a longer cut of normalized ``text`` that fall in its first
    :data:`DIALOGUE_CHARS` characters (so one cut can serve the category and the dialogue)."""
    if len(text) <= DIALOGUE_CHARS:
        return list(words)
    kept: list[str] = []
    position = 0
    lowered = text[:DIALOGUE_CHARS].lower()
    for word in words:
        found = lowered.find(word, position)
        if found < 0 or found + len(word) > DIALOGUE_CHARS:
            break
        kept.append(word)
        position = found + len(word)
    return kept


def readable(feature: str) -> str:
    """A feature as a term a clerk can read ("" for shape features and edge marks alone)."""
    if feature.startswith(SHAPE):
        return ""
    if feature.startswith(CONCEPT):
        return "〈" + feature[2:] + "〉"
    if feature.startswith(PINYIN):
        # A sound is no word a clerk can find in the text.
        return ""
    body = feature[2:]
    if feature.startswith(PAIR):
        body = body.replace(" ", "")
    return body.strip("^$ ").replace(_CASE_MARK, "XF…")
