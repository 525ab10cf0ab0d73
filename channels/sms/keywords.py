"""SMS keywords: opt-out, opt-in and help, recognised only as the whole message.

Pure: the bot uses :func:`detect_keyword` too, and owns what follows (recording the opt-out,
the one confirmation, the help text). Matching ignores case and width (ＳＴＯＰ, ｓｔｏｐ),
surrounding whitespace and closing punctuation ("Stop." "退订！"), nothing else: "please
stop calling me" is a message, not a keyword.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from nlp.commands import HELP_WORDS, OPT_IN_WORDS, OPT_OUT_WORDS


class Keyword(StrEnum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"


# The words are the same on every channel: nlp/commands.py (carriers' list plus Chinese).

_WORDS = (
    {word: Keyword.OPT_OUT for word in OPT_OUT_WORDS}
    | {word: Keyword.OPT_IN for word in OPT_IN_WORDS}
    | {word: Keyword.HELP for word in HELP_WORDS}
)
# After NFKC, so full-width forms are already folded to these.
_TRIM = " \t\r\n\u3000.!?~。！？～、,，\"'“”‘’「」"


def normalize_keyword_text(text: str) -> str:
    """The form keywords are matched in: NFKC, case-folded, trimmed of spaces and punctuation."""
    return unicodedata.normalize("NFKC", text).casefold().strip(_TRIM)


def detect_keyword(text: str) -> Keyword | None:
    """The keyword ``text`` consists of, or None when it is an ordinary message."""
    return _WORDS.get(normalize_keyword_text(text))
