"""The package's own jieba tokenizer, with the petition domain dictionary.

jieba's module-level default tokenizer (``dt``) is process-wide mutable state that any other library may load
words into; we build a private :class:`jieba.Tokenizer` instead, once, and keep it.  jieba logs
"Building prefix dict ..." on every start: that noise is silenced here, not in the caller.

Start and cut are ours, jieba's words: the finished dictionary (domain words in) is read from
one file as texts need it (:mod:`nlp.prefixdict`), and the no-HMM cut is jieba's algorithm in
one lean pass (:mod:`nlp.segment`); both are tested against jieba's own.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import jieba

from nlp import prefixdict, segment
from nlp.normalize import normalize

#: Environment variable naming the directory where jieba's prefix-dictionary cache lives.
CACHE_DIR_ENV = "XINFANG_NLP_CACHE"

# A "term" keeps letters, digits and CJK ideographs; punctuation and whitespace tokens are noise.
_TERM = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")
#: The last texts each thread cut into terms, kept with their terms: the processor signs a
#: text for the matter index (nlp.matter) right after analyzing it, and both want the content
#: words of the same normalized text (issue 17). A few, since the analysis cuts its opening
#: and edge clauses in between.
_REMEMBERED_CUTS = 6


def default_cache_dir() -> Path:
    """Where jieba's dictionary cache is kept unless :data:`CACHE_DIR_ENV` says otherwise.

    Per user, so that two accounts on one host never share (or fight over) a writable file.
    """
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured:
        return Path(configured)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"xinfang-nlp-{uid}"


@contextlib.contextmanager
def quiet_jieba() -> Iterator[None]:
    """Silence jieba's start-up chatter for the duration of the block."""
    # jieba attaches its own stderr handler at DEBUG; raise the level only while we load, then
    # put it back, so that we do not change logging for anyone else in the process.
    logger = logging.getLogger("jieba")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    # Loading the dictionary creates ~350k objects at once; the cyclic garbage collector would
    # rescan them several times over for nothing (none of them forms a cycle).
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
        logger.setLevel(previous)


def _read_text(name: str) -> str:
    return resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _domain_entry(line: str) -> tuple[str, int | None, str | None]:
    """A domain dictionary line as jieba's ``add_word`` takes it: word, frequency, tag."""
    word, *rest = line.split()
    return word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None


def _domain_side_effects(tokenizer: jieba.Tokenizer, word: str, freq: int | None,
                         tag: str | None) -> None:
    """What ``add_word`` does besides the frequencies (those are in the cached dictionary)."""
    if tag:
        tokenizer.user_word_tag_tab[word] = tag
    if freq == 0:
        jieba.finalseg.add_force_split(word)


class Tokenizer:
    """Segment normalized Chinese text into words; thread-safe once built.

    ``hmm`` turns on jieba's HMM guesser for words missing from the dictionary.  It is off by
    default: it costs about a third of the cutting time, and unknown words are covered by the
    character n-grams the classifier uses anyway.
    """

    def __init__(self, *, cache_dir: Path | None = None, hmm: bool = False) -> None:
        self._hmm = hmm
        self._jieba = jieba.Tokenizer()
        directory = cache_dir if cache_dir is not None else default_cache_dir()
        domain_text = _read_text("domain_dict.txt")
        entries = [_domain_entry(line) for line in _lines(domain_text)]
        cached = prefixdict.cache_path(directory, domain_text)
        with quiet_jieba():
            frequencies: dict[str, int] = {}
            self._lazy = prefixdict.open_lazy(cached, frequencies)
            if self._lazy is not None:
                # The finished dictionary, domain words in (what ``_build`` makes), poured into
                # jieba's dict group by group as :meth:`cut` meets the characters.
                self._jieba.FREQ, self._jieba.total = frequencies, self._lazy.total
                self._jieba.initialized = True
                for word, freq, tag in entries:
                    _domain_side_effects(self._jieba, word, freq, tag)
            else:
                self._build(directory, entries)
                prefixdict.write(cached, self._jieba.FREQ, self._jieba.total)
        self._stopwords = frozenset(_lines(_read_text("stopwords.txt")))
        self._cuts = threading.local()

    def _build(self, directory: Path, entries: list[tuple[str, int | None, str | None]]) -> None:
        """jieba's own start: its cached main dictionary, then each domain word added."""
        try:
            directory.mkdir(parents=True, exist_ok=True)
            # jieba writes its cache through mkstemp + replace, so concurrent starts are safe.
            self._jieba.tmp_dir = str(directory)
        except OSError:
            # A read-only filesystem only costs start-up time: jieba then rebuilds in memory.
            self._jieba.tmp_dir = None
        self._jieba.initialize()
        for word, freq, tag in entries:
            self._jieba.add_word(word, freq, tag)

    def warm(self) -> None:
        """Read the whole dictionary now rather than as texts need it (memory at its fullest)."""
        if self._lazy is not None:
            self._lazy.ensure_all()

    @property
    def stopwords(self) -> frozenset[str]:
        """Function words :meth:`terms` drops."""
        return self._stopwords

    def cut(self, text: str) -> list[str]:
        """All tokens of already-normalized ``text``, whitespace and punctuation included."""
        if not text:
            return []
        if self._lazy is not None:
            self._lazy.ensure(text)
        if self._hmm:
            return list(self._jieba.cut(text, HMM=True))
        return segment.cut(text, self._jieba.FREQ, self._jieba.total)

    def terms(self, text: str) -> list[str]:
        """Content words of already-normalized ``text``: lower-cased, no stop words, no punctuation.

        A cut is a function of the text alone (the dictionary never changes once built), so
        the thread's last few are answered again without cutting (a new list each time)."""
        remembered: dict[str, tuple[str, ...]] | None = getattr(self._cuts, "terms", None)
        if remembered is None:
            remembered = self._cuts.terms = {}
        found = remembered.get(text)
        if found is not None:
            return list(found)
        stopwords = self._stopwords
        search = _TERM.search
        terms = [token for token in map(str.lower, map(str.strip, self.cut(text)))
                 if token not in stopwords and search(token)]
        if len(remembered) >= _REMEMBERED_CUTS:
            del remembered[next(iter(remembered))]
        remembered[text] = tuple(terms)
        return terms

    def tokens(self, text: str) -> list[str]:
        """Normalize raw ``text`` and return its non-blank tokens (stop words kept)."""
        return [token for token in self.cut(normalize(text)) if token.strip()]
