"""The fifty-fourth author's phrasings (session 25, helper model30): legal routes in everyday
words by the label guide, beside questions of rule and complaints a bureau can act on. The file
must read as the corpus format, carry the routes of every kind, keep the styles the brief asked
for, copy no sentence of another phrasing file (a near copy would teach nothing new, and one of
the tune set's authors would make its figures a training figure). Kept aside in session 25 (its
gate then failed by one dev row), joined in session 26 with the C = 300 intent head (helper
model31, docs/NLP.md): its rows train, every fifth in dev, and it stays out of the tune set."""

from __future__ import annotations

import re
from collections import Counter

from nlp.phrasings import Phrasing, read_phrasings
from tests.author_files import CORPUS, bigrams, compose, likeness

FILE = CORPUS / "phrasings_fiftyfourth_author.tsv"
_BARE = re.compile(r"[\W_]+")
ROUTES = ("诉讼", "仲裁", "行政复议", "纪检监察", "信息公开", "信访程序中")


def _rows() -> list[Phrasing]:
    return read_phrasings(FILE)


def test_the_file_reads_and_is_large_enough() -> None:
    rows = _rows()
    assert len(rows) >= 300
    assert len({row.text for row in rows}) == len(rows)
    header = FILE.read_text(encoding="utf-8").splitlines()[0]
    assert header == "text\tintent\temergency_kind\taccusation\tlegal_route"


def test_routes_of_every_kind_carry_the_weight() -> None:
    routes = Counter(row.legal_route for row in _rows() if row.legal_route)
    assert sum(routes.values()) >= 150
    assert set(routes) == set(ROUTES)
    for route in ("诉讼", "仲裁", "行政复议"):
        assert routes[route] >= 30, route
    for route in ("信息公开", "信访程序中", "纪检监察"):
        assert routes[route] >= 10, route


def test_labels_follow_the_guide() -> None:
    for row in _rows():
        if row.accusation:
            assert row.legal_route == "纪检监察", row.text
        if row.legal_route:
            # status, supplement and withdraw rows leave the route empty (LABEL_GUIDE.md)
            assert row.intent in {"new_petition", "appeal"}, row.text


def test_the_contrasts_with_no_route_are_there() -> None:
    rows = _rows()
    questions = [row for row in rows if row.intent == "question"]
    assert len(questions) >= 30 and all(not row.legal_route for row in questions)
    plain = [row for row in rows if row.intent == "new_petition" and not row.legal_route]
    assert len(plain) >= 30


def test_it_keeps_the_styles_the_brief_asked_for() -> None:
    texts = [row.text for row in _rows()]
    assert sum(not re.search(r"[\u4e00-\u9fff]", text) for text in texts) >= 8    # pinyin/English
    assert sum(bool(re.search(r"[A-Za-z]{3}", text) and re.search(r"[\u4e00-\u9fff]", text))
               for text in texts) >= 3                                          # mixed
    assert sum(bool(re.search("[們嘅咗係點啲唔對裡]", text)) for text in texts) >= 10  # 繁體, 粵語
    assert sum(bool(re.search("俺|咋|啥|哥们", text)) for text in texts) >= 8      # dialect
    assert sum(len(text) >= 100 for text in texts) >= 4                          # long letters
    assert sum(len(_BARE.sub("", text)) <= 10 for text in texts) >= 8             # short texts
    assert sum(not re.search(r"[，。,.?？！!]", text) for text in texts) >= 200    # no punctuation
    assert any(word in text for text in texts for word in ("仲栽", "覆議"))         # typos


def test_no_row_is_a_near_copy_of_another_phrasing_file() -> None:
    others = [bigrams(row.text) for path in sorted(CORPUS.glob("phrasings_*_author.tsv"))
              if path != FILE for row in read_phrasings(path)]
    mine = [bigrams(row.text) for row in _rows()]
    close = [row.text for row, grams in zip(_rows(), mine)
             if any(likeness(grams, other) >= 0.5 for other in others)]
    assert close == []
    within = [row.text for index, row in enumerate(_rows())
              if any(likeness(mine[index], mine[other]) >= 0.5 for other in range(index))]
    assert within == []


def test_compose_joins_it() -> None:
    corpus = compose()
    assert corpus.AUTHOR_FILES.get("fiftyfourth") == FILE.name
    assert FILE.name not in corpus.NOT_JOINED.values()
    rows = corpus.author_rows()["fiftyfourth"]
    assert len(rows) >= 300
    training = {row.text for row in read_phrasings(CORPUS / "phrasings_train.tsv")}
    dev = {row.text for row in read_phrasings(CORPUS / "phrasings_dev.tsv")}
    mine = {fields[0] for fields in rows}
    assert mine <= training | dev
    # every fifth row to dev (compose.py), so dev holds about a fifth of it and no more
    assert len(rows) // 6 <= len(mine & dev) <= len(rows) // 4


def test_the_tune_set_does_not_count_it() -> None:
    from bench.intent_tune import tune_files
    assert FILE not in tune_files()
