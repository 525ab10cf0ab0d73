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
from collections.abc import Sequence
from itertools import pairwise

from nlp.caserefs import strip_case_refs
from nlp.dialogue_lexicon import concepts_in

#: Prefixes that keep the feature families apart in one vocabulary.
CHAR = "c:"
WORD = "w:"
PAIR = "p:"
SHAPE = "s:"
CONCEPT = "k:"
FAMILIES: tuple[str, ...] = (CHAR, WORD, PAIR, SHAPE, CONCEPT)

#: Only the opening of a long message is looked at: what a message *is* (a question, a
#: supplement, a new matter, a cry for help) is said early, and the cost grows with length.
DIALOGUE_CHARS = 300
_CHAR_SIZES = (1, 2, 3)

# A case number says "this is about an existing case"; its digits say nothing more.
_CASE_NUMBER = re.compile(r"XF\s?\d{4}\s?[-_ ]?\s?\d{6}", re.IGNORECASE)
_CASE_MARK = "#"
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_QUESTION = re.compile(r"[?？吗呢么嘛]|多久|怎么|咋|如何|哪|什么|啥|几")


def surface(text: str) -> str:
    """The lower-cased opening of normalized ``text``, case references and digit runs folded."""
    opening = text[:DIALOGUE_CHARS]
    if _CASE_NUMBER.search(opening):
        # The reference (with its query code) becomes one mark at the end: what is asked about
        # it is in the words around it.
        opening = strip_case_refs(opening) + " " + _CASE_MARK
    return _SPACES.sub(" ", _DIGITS.sub("0", opening.lower())).strip()


def _length_bucket(length: int) -> str:
    for limit, name in ((4, "tiny"), (10, "short"), (25, "medium"), (60, "long")):
        if length <= limit:
            return name
    return "story"


def dialogue_features(text: str, words: Sequence[str]) -> Counter[str]:
    """Feature counts of normalized ``text`` whose content words are ``words``."""
    body = surface(text)
    counts: Counter[str] = Counter()
    # "^" and "$" mark the message's edges: "进度" alone and "进度" inside a story differ.
    marked = "^" + body + "$"
    for size in _CHAR_SIZES:
        counts.update(CHAR + marked[start:start + size] for start in range(len(marked) - size + 1))
    kept = [word for word in words if not word.isdigit()][:120]
    counts.update(WORD + word for word in kept)
    counts.update(PAIR + first + " " + second for first, second in pairwise(kept))
    counts.update(CONCEPT + name for name in concepts_in(body))
    counts[SHAPE + "len:" + _length_bucket(len(body))] += 1
    if _CASE_MARK in body:
        counts[SHAPE + "case_number"] += 1
    if _QUESTION.search(body[-12:]):
        counts[SHAPE + "asks"] += 1
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
    body = feature[2:]
    if feature.startswith(PAIR):
        body = body.replace(" ", "")
    return body.strip("^$ ").replace(_CASE_MARK, "XF…")
