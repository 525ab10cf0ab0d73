"""Hot topics: the content words that most documents share.

A term's weight is its *document frequency*, the number of documents that use it: "how many
petitions talk about 噪音" is the figure people read. Ties go to the term used more often in
all, then to the term itself, so the ranking is stable. Only Chinese words of two characters or
more count; digits and Latin letters (phone numbers, addresses, mail) never become a topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.normalize import normalize
from nlp.tokenizer import Tokenizer

_CHINESE_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,}$")


@dataclass(frozen=True, slots=True)
class Keyword:
    term: str
    documents: int  # how many documents use it
    occurrences: int  # how often in all


def keywords(documents: Iterable[str], *, tokenizer: Tokenizer,
             min_documents: int = 2) -> list[Keyword]:
    """Every Chinese content word used by at least ``min_documents`` documents, hottest first."""
    used_by: Counter[str] = Counter()
    used: Counter[str] = Counter()
    for document in documents:
        terms = [t for t in tokenizer.terms(normalize(document)) if _CHINESE_WORD.match(t)]
        used.update(terms)
        used_by.update(set(terms))
    ranked = sorted(used_by.items(), key=lambda item: (-item[1], -used[item[0]], item[0]))
    return [Keyword(term, count, used[term]) for term, count in ranked if count >= min_documents]
