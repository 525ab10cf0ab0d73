"""Pure text functions for the petition bot: normalize, tokenize, classify, extract, compare.

``nlp`` imports nothing else of this project; the bot calls it::

    from nlp import Analyzer
    analyzer = Analyzer.load()              # once, at start
    result = analyzer.analyze("我要投诉小区噪音扰民")
    result.intent, result.category, result.places
"""

import sys

if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
    # jieba 0.42 imports pkg_resources only to open its own dictionary file, and opens it
    # with a plain open() when that import fails.  pkg_resources takes 0.15-0.3 s to import,
    # a third of the analyzer's cold start: a None entry makes jieba's import of it fail,
    # and it is taken out at once, so anyone else importing pkg_resources later still can.
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba  # noqa: F401
    finally:
        if sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]

from nlp.analyzer import EMERGENCY_KINDS, Analysis, Analyzer
from nlp.caserefs import CaseRef
from nlp.errors import ModelError, ModelVersionError, NlpError, TerritoryError, TrainingDataError
from nlp.intents import Intent
from nlp.normalize import normalize, simplified
from nlp.particulars import (
    Particulars,
    extract_particulars,
    looks_like_bare_name,
    looks_like_name,
    parse_phone,
    starts_with_a_word,
    surname_only,
    valid_id_number,
)
from nlp.places import Place
from nlp.similarity import Match, SimilarityIndex, simhash, simhash_similarity, similarity
from nlp.territory import City, County, Province, Territory

__all__ = [
    "EMERGENCY_KINDS",
    "Analysis",
    "Analyzer",
    "CaseRef",
    "City",
    "County",
    "Intent",
    "Match",
    "ModelError",
    "ModelVersionError",
    "NlpError",
    "Particulars",
    "Place",
    "Province",
    "SimilarityIndex",
    "Territory",
    "TerritoryError",
    "TrainingDataError",
    "extract_particulars",
    "looks_like_bare_name",
    "looks_like_name",
    "normalize",
    "parse_phone",
    "simhash",
    "simhash_similarity",
    "similarity",
    "simplified",
    "starts_with_a_word",
    "surname_only",
    "valid_id_number",
]
