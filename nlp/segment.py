"""jieba's accurate cut without HMM, as one lean pass: the same words, in less time.

``jieba.Tokenizer.cut(text, HMM=False)`` builds a dict of word ends per position (``get_DAG``),
then a dict of best routes with a generator and ``max`` over tuples per position (``calc``), then
walks the route; most of a classification's time is spent there.  :func:`cut` does the same
arithmetic in the same order (so every score, and every tie, comes out the same) with one
dictionary lookup per prefix, no per-position lists, tuples or generators.
``tests/nlp/test_nlp_tokenizer.py`` holds it to jieba's own cut, word for word.
"""

from __future__ import annotations

from math import log

import jieba

# jieba's own splitting of a text into runs it segments and runs it passes through.
_HAN = jieba.re_han_default
_SKIP = jieba.re_skip_default
# jieba's ``re_eng`` ("[a-zA-Z0-9]"): single such characters are glued into one token.
_ENGLISH = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def cut(text: str, frequencies: dict[str, int], total: int) -> list[str]:
    """The tokens of ``jieba.Tokenizer.cut(text, HMM=False)`` for a tokenizer with this dictionary."""
    tokens: list[str] = []
    for block in _HAN.split(text):
        if not block:
            continue
        if _HAN.match(block):
            _cut_block(block, frequencies, log(total), tokens)
        else:
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    tokens.append(piece)
                else:
                    tokens.extend(piece)  # punctuation and the like, one character each
    return tokens


def _cut_block(block: str, frequencies: dict[str, int], logtotal: float,
               tokens: list[str]) -> None:
    get = frequencies.get
    size = len(block)
    # score[i], last[i]: jieba's route[i] = (best log-probability of block[i:], end of its
    # first word).  route[size] is (0, 0) there: an int 0, which adds to a float as 0.0 does.
    score = [0.0] * (size + 1)
    last = [0] * (size + 1)
    for start in range(size - 1, -1, -1):
        best = 0.0
        end = -1
        stop = start
        frequency = get(block[start])
        while frequency is not None:
            if frequency:
                # jieba's "log(FREQ.get(word) or 1) - logtotal + route[x + 1][0]", in that order;
                # ">=" over rising ends keeps the longer word on a tie, as max over (score, x) does.
                candidate = log(frequency) - logtotal + score[stop + 1]
                if end < 0 or candidate >= best:
                    best = candidate
                    end = stop
            stop += 1
            if stop >= size:
                break
            frequency = get(block[start:stop + 1])
        if end < 0:
            # No word starts here: the character alone, at frequency 1 (log 1 = 0).
            best = log(1) - logtotal + score[start + 1]
            end = start
        score[start] = best
        last[start] = end
    position = 0
    glued = ""
    while position < size:
        after = last[position] + 1
        if after - position == 1 and block[position] in _ENGLISH:
            glued += block[position]
        else:
            if glued:
                tokens.append(glued)
                glued = ""
            tokens.append(block[position:after])
        position = after
    if glued:
        tokens.append(glued)
