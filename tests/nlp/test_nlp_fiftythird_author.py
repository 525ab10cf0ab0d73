"""The fifty-third author's phrasings (session 23, helper intent28): a file by the label guide
that must read as the corpus format, weigh the confusable intents, and copy no sentence of the
other authors kept aside as the tune set (``compose.NOT_JOINED``): a near copy there would make
the tune-set figures that decided its joining a training figure. Kept aside itself (not joined)."""

from __future__ import annotations

import re
from collections import Counter

from nlp.phrasings import Phrasing, read_phrasings
from tests.author_files import CORPUS, bigrams, compose, likeness

FILE = CORPUS / "phrasings_fiftythird_author.tsv"
_BARE = re.compile(r"[\W_]+")


def _rows() -> list[Phrasing]:
    return read_phrasings(FILE)


def test_the_file_reads_and_is_large_enough() -> None:
    rows = _rows()
    assert len(rows) >= 400
    assert len({row.text for row in rows}) == len(rows)


def test_the_confusable_intents_carry_the_weight() -> None:
    counts = Counter(row.intent for row in _rows())
    confusable = sum(counts[name] for name in ("new_petition", "question", "status_query",
                                               "supplement", "greeting", "rating", "booking"))
    assert confusable / sum(counts.values()) > 0.9
    for name in ("question", "status_query", "supplement", "greeting", "rating"):
        assert counts[name] >= 10, name


def test_it_keeps_the_styles_the_brief_asked_for() -> None:
    texts = [row.text for row in _rows()]
    assert sum(not re.search(r"[\u4e00-\u9fff]", text) for text in texts) >= 10   # pinyin/English
    assert sum(bool(re.search("[們嘅咗係點啲]", text)) for text in texts) >= 5     # traditional
    assert sum(len(text) >= 60 for text in texts) >= 5                            # long letters
    assert sum(len(_BARE.sub("", text)) <= 8 for text in texts) >= 5              # short turns
    assert sum(bool(re.search("不是要|不是来|没有要|不是我", text)) for text in texts) >= 5


def test_no_row_copies_an_author_kept_aside() -> None:
    corpus = compose()
    aside = [bigrams(row.text) for name in corpus.NOT_JOINED.values()
             if name != FILE.name for row in read_phrasings(CORPUS / name)]
    close = [row.text for row in _rows()
             if any(likeness(bigrams(row.text), other) >= 0.5 for other in aside)]
    assert close == []


def test_compose_keeps_it_aside() -> None:
    """Not joined (its gate failed, docs/NLP.md session 23): no training row comes from it."""
    corpus = compose()
    assert corpus.NOT_JOINED.get("fiftythird") == FILE.name
    assert FILE.name not in corpus.AUTHOR_FILES.values()
    training = {row.text for row in read_phrasings(CORPUS / "phrasings_train.tsv")}
    training |= {row.text for row in read_phrasings(CORPUS / "phrasings_dev.tsv")}
    assert {row.text for row in _rows()} & training == set()
