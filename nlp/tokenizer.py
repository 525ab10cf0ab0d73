"""The package's own jieba tokenizer, with the petition domain dictionary.

jieba's module-level default tokenizer (``dt``) is process-wide mutable state that any other library may load
words into; we build a private :class:`jieba.Tokenizer` instead, once, and keep it.  jieba logs
"Building prefix dict ..." on every start: that noise is silenced here, not in the caller.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import jieba

from nlp.normalize import normalize

#: Environment variable naming the directory where jieba's prefix-dictionary cache lives.
CACHE_DIR_ENV = "XINFANG_NLP_CACHE"

# A "term" keeps letters, digits and CJK ideographs; punctuation and whitespace tokens are noise.
_TERM = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


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


def _read_lines(name: str) -> list[str]:
    text = resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


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
        try:
            directory.mkdir(parents=True, exist_ok=True)
            # jieba writes its cache through mkstemp + replace, so concurrent starts are safe.
            self._jieba.tmp_dir = str(directory)
        except OSError:
            # A read-only filesystem only costs start-up time: jieba then rebuilds in memory.
            self._jieba.tmp_dir = None
        with quiet_jieba():
            self._jieba.initialize()
            for line in _read_lines("domain_dict.txt"):
                word, *rest = line.split()
                freq = int(rest[0]) if rest else None
                tag = rest[1] if len(rest) > 1 else None
                self._jieba.add_word(word, freq, tag)
        self._stopwords = frozenset(_read_lines("stopwords.txt"))

    @property
    def stopwords(self) -> frozenset[str]:
        """Function words :meth:`terms` drops."""
        return self._stopwords

    def cut(self, text: str) -> list[str]:
        """All tokens of already-normalized ``text``, whitespace and punctuation included."""
        if not text:
            return []
        return list(self._jieba.cut(text, HMM=self._hmm))

    def terms(self, text: str) -> list[str]:
        """Content words of already-normalized ``text``: lower-cased, no stop words, no punctuation."""
        result: list[str] = []
        for token in self.cut(text):
            token = token.strip().lower()
            if token and _TERM.search(token) and token not in self._stopwords:
                result.append(token)
        return result

    def tokens(self, text: str) -> list[str]:
        """Normalize raw ``text`` and return its non-blank tokens (stop words kept)."""
        return [token for token in self.cut(normalize(text)) if token.strip()]
