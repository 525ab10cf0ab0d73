"""Same matter or not: a small logistic model over features of a pair of matter signatures.

:func:`pair_features` turns two :class:`~nlp.matter_signature.MatterSignature` into numbers —
the three cosines, what they share and where they conflict (places, parties, counties,
buildings, things, demands), how their lengths compare — and :class:`PairModel` weighs them
with coefficients and a threshold learned on labelled pairs (``nlp/matter_training.py``).

The model file is one ``.npz`` of plain arrays (no pickle), shipped as
``nlp/data/matter_model.npz``::

    header      uint8    UTF-8 JSON: format, version, feature names, threshold, metrics
    idf_hashes  uint32   sorted feature hashes of the in-domain IDF
    idf_values  float32  their inverse document frequencies
    coef        float64  one weight per feature (after standardizing)
    mean, scale float64  the standardization
    latent_hashes uint32   sorted word hashes of the latent space (:mod:`nlp.matter_latent`)
    latent_rows   float16  their rows
    topic_hashes  uint32   sorted word hashes of the word topics (:mod:`nlp.matter_topics`)
    topic_groups  uint8    their groups
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nlp.atomic import write_atomically
from nlp.errors import ModelError, ModelVersionError
from nlp.matter_concepts import concept_found
from nlp.matter_latent import LatentSpace
from nlp.matter_latin import latin_found
from nlp.matter_parts import Name
from nlp.matter_signature import (
    Idf,
    MatterSignature,
    area_name,
    same_area,
)
from nlp.matter_topics import TOPICS, WordTopics, topic_differences
from nlp.matter_view import SignatureView, view_of
from nlp.matter_view import cosines as vector_cosines
from nlp.party_names import firms_apart

FORMAT = "xinfang-matter-pairs"
FORMAT_VERSION = 1
SHIPPED = "matter_model.npz"

FEATURES: tuple[str, ...] = (
    "cos_words", "cos_bigrams", "cos_trigrams", "cos_max",
    "place_shared", "place_conflict", "party_shared", "party_conflict",
    "county_shared", "county_conflict", "building_shared", "building_conflict",
    "thing_jaccard", "thing_conflict", "demand_shared", "demand_conflict",
    "length_ratio", "short", "cos_if_no_conflict", "unplaced",
    "anchor_same_thing", "anchor_other_thing", "cos_times_things",
    "things_apart", "demands_apart", "asks_shared", "asks_conflict",
    "key_words_min", "key_words_max", "key_found_min", "key_found_max", "key_found_shorter",
    "requests_shared", "requests_conflict", "requests_apart",
    "characters_jaccard", "characters_contained", "key_characters_min", "key_characters_max",
    "numbers_clash", "finals_clash", "numbers_clash_alike", "finals_clash_alike",
    "finals_one_sided", "latent_residual", "latent_residual_alike", "latin_found",
    "concept_found",
    *(f"topic_difference_{group:02d}" for group in range(TOPICS)),
    "content_contained", "key_content_min", "key_content_max",
    *(f"log_{name}" for name in ("cos_words", "cos_bigrams", "cos_trigrams", "cos_max",
                                 "characters_contained", "key_found_max", "content_contained")),
    "fees_apart", "money_apart",
)
#: The features read from key terms and content characters: unknown (NaN, read as the
#: training mean) when a signature stored before they were kept is compared.
_KEY_TERM_FEATURES = FEATURES[FEATURES.index("key_words_min"):
                              FEATURES.index("key_found_shorter") + 1]
_CHARACTER_FEATURES = FEATURES[FEATURES.index("characters_jaccard"):
                               FEATURES.index("key_characters_max") + 1]
#: The characters apart from where (:func:`_content_features`), read from the same sets.
_CONTENT_FEATURES = ("content_contained", "key_content_min", "key_content_max")
#: The likenesses read again on a log scale (:func:`_log_features`), and where each is.
_LOGGED = tuple(FEATURES.index(name[4:]) for name in FEATURES if name.startswith("log_"))
#: What keeps the log of a likeness of 0 finite: below it, less alike no longer counts.
LOG_FLOOR = 0.02
KEY_FEATURES = (*_KEY_TERM_FEATURES, *_CHARACTER_FEATURES, *_CONTENT_FEATURES, "fees_apart")

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Shared:
    """What two signatures have in common, for people to read (the 并单 view)."""

    names: tuple[str, ...]
    buildings: tuple[str, ...]
    things: tuple[str, ...]
    demands: tuple[str, ...]
    counties: tuple[str, ...]


def _matching(mine: tuple[Name, ...], theirs: tuple[Name, ...]) -> list[Name]:
    return [name for name in mine if any(name.same_as(other) for other in theirs)]


def _areas(mine: tuple[str, ...], theirs: tuple[str, ...]) -> list[str]:
    return [label for label in mine if any(same_area(label, other) for other in theirs)]


def _share_conflict(mine: Collection[Any], theirs: Collection[Any],
                    shared: int) -> tuple[float, float]:
    return float(min(shared, 2)), float(bool(mine) and bool(theirs) and shared == 0)


def _key_terms_in(mine: MatterSignature, theirs: MatterSignature) -> tuple[float, float]:
    """How much of what is specific in ``mine`` is in ``theirs``: the share of its key terms
    that are words of ``theirs``, and the IDF-weighted share found there as a word or as
    characters (every bigram of the term, or the one character): "银鼎装饰" against "金鼎装饰",
    "二期" against "一期" are missing; "裂" against "裂缝", or a term the tokenizer cut
    otherwise, is found."""
    their_words, their_bigrams = theirs.lookup.words, theirs.lookup.bigrams
    words = found = 0.0
    for weight, word, bigrams, character in mine.lookup.probes:
        if word in their_words:
            words += 1.0
            found += weight
        elif character:
            found += weight * (character in theirs.characters)
        elif bigrams and their_bigrams.issuperset(bigrams):
            found += weight
    total = mine.lookup.weight
    return words / len(mine.lookup.probes), found / total if total else 0.0


def _requests(mine: frozenset[str], theirs: frozenset[str]) -> list[float]:
    """Whether the requests (read by their verbs) meet, clash, or differ at all."""
    return [float(bool(mine & theirs)), float(bool(mine) and bool(theirs) and not mine & theirs),
            float(mine != theirs)]


#: The features read from the final asks and the numbers: unknown (NaN) when a signature
#: stored before they were read is compared.
ASK_FEATURES = FEATURES[FEATURES.index("numbers_clash"):FEATURES.index("finals_one_sided") + 1]
_COS_MAX = FEATURES.index("cos_max")
_LATIN = FEATURES.index("latin_found")
#: The highest probability of a pair that one side writes in pinyin or English (``latin_found``
#: above 0): such a judgement rests on a few transliterated words, and on the fifth and sixth
#: authors' pairs its precision at 0.97 was 0.74 (39 of 53), so it is kept below the
#: probability at which the bot joins an open matter without asking
#: (``bot.matters.ATTACH_SURE``, 0.97): the petitioner is asked instead (docs/NLP.md,
#: 2026-12-06). Below the threshold nothing changes.
TRANSLITERATED_CEILING = 0.96


def _numbers_clash(mine: dict[str, frozenset[str]], theirs: dict[str, frozenset[str]]) -> float:
    """Whether both texts number one kind of thing (栋, 期, 路, 口, 店 …) and never the same
    number: 3栋 / 7栋, 锦园二期 / 三期, 纬三路 / 纬五路 are neighbours, not one matter. Naming
    both ("7栋也漏，跟3栋不是一回事") is no clash: the text itself ties the two together.
    (The numbers of each kind, :attr:`SignatureView.numbers`.)"""
    return float(any(kind in theirs and not values & theirs[kind]
                     for kind, values in mine.items()))


def _finals_clash(mine: frozenset[str], theirs: frozenset[str]) -> float:
    """Whether the two end on different asks (repair / publish the accounts, refund / punish):
    the same place and thing with another demand is another matter (issue 16), and a text's
    last demand verb is its ask more often than the demand words its story mentions."""
    return float(bool(mine) and bool(theirs) and not mine & theirs)


def _known(a: MatterSignature, b: MatterSignature) -> bool:
    return bool(a.key_terms and a.characters and b.key_terms and b.characters)


def _key_features(a: MatterSignature, b: MatterSignature) -> list[float]:
    if not _known(a, b):
        return [math.nan] * len(_KEY_TERM_FEATURES)
    words_a, found_a = _key_terms_in(a, b)
    words_b, found_b = _key_terms_in(b, a)
    shorter = found_a if a.length <= b.length else found_b
    return [min(words_a, words_b), max(words_a, words_b), min(found_a, found_b),
            max(found_a, found_b), shorter]


def _character_features(a: MatterSignature, b: MatterSignature) -> list[float]:
    """How far the two texts are written with the same characters, whatever the words: a
    paraphrase by someone else keeps most characters (停车费 / 停车的钱, 退 / 退费, 养老钱 /
    养老金) where its words and bigrams differ; and the share of the characters of each one's
    key terms found anywhere in the other (min and max over the two directions)."""
    if not _known(a, b):
        return [math.nan] * len(_CHARACTER_FEATURES)
    mine, theirs = a.lookup.characters, b.lookup.characters
    common = len(mine & theirs)
    in_a = len(a.lookup.key_characters & theirs) / len(a.lookup.key_characters)
    in_b = len(b.lookup.key_characters & mine) / len(b.lookup.key_characters)
    # |mine ∪ theirs| counted, not built: a set of every character of both, a pair
    return [common / (len(mine) + len(theirs) - common), common / min(len(mine), len(theirs)),
            min(in_a, in_b), max(in_a, in_b)]


#: Where two signatures' places meet (:func:`_where`): how many of the first's places match
#: one of the second's, whether their places clash (a party named by both outweighs that),
#: how many of the first's parties and counties match, and whether they cannot be one place.
_Where = tuple[int, float, int, int, bool]


def _where(a: MatterSignature, b: MatterSignature, va: SignatureView,
           vb: SignatureView) -> _Where:
    """Computed once a pair for both :func:`places_conflict` and the place features."""
    places = len(_matching(va.places, vb.places))
    parties = len(_matching(va.parties, vb.parties))
    # Both naming one school, hospital or firm outweighs place names that differ: names read
    # by a suffix are sometimes words ("饭菜里", "炸街"), and a party is named on purpose.
    clash = not places and not parties and bool(va.clash_kinds & vb.clash_kinds)
    # Two firms named, none the other's, are two parties complained of at one site (two
    # shops of one mall, two builders of one project): read as places that cannot be one,
    # whatever the site shares (helper party32; on no same-matter training pair).
    if not parties and not clash:
        clash = firms_apart(
            (n.core for n in va.parties if n.kind == "company"),
            (n.core for n in vb.parties if n.kind == "company"),
            a.lookup.characters | va.name_characters, b.lookup.characters | vb.name_characters)
    counties = len(_areas(a.counties, b.counties)) if a.counties and b.counties else 0
    conflict = clash or bool(a.counties and b.counties and not counties)
    return places, float(clash), parties, counties, conflict


def pair_features(a: MatterSignature, b: MatterSignature,
                  latent: LatentSpace | None = None,
                  topics: WordTopics | None = None) -> list[float]:
    """The features of a pair, in :data:`FEATURES` order (symmetric in ``a`` and ``b``); the
    latent ones unknown (NaN) without a ``latent`` space, the topic ones without ``topics``."""
    va, vb = view_of(a), view_of(b)
    return _features(a, b, va, vb, _where(a, b, va, vb), latent, topics)


def _features(a: MatterSignature, b: MatterSignature, va: SignatureView, vb: SignatureView,
              where: _Where, latent: LatentSpace | None,
              topics: WordTopics | None = None) -> list[float]:
    base = _base_features(a, b, va, vb, where)
    alike = base[_COS_MAX]
    # The words of both sides' names, left out by the latent and the topic features alike.
    names = a.lookup.names | b.lookup.names
    values = [*base, *_ask_features(va, vb, alike),
              *_latent_features(a, b, va, vb, alike, latent, names),
              _latin_feature(va, vb), _concept_feature(a, b, va, vb, base),
              *_topic_features(a, b, va, vb, topics, names), *_content_features(a, b, va, vb)]
    return [*values, *_log_features(values), _fees_apart(a, b, va, vb), _money_apart(va, vb)]


#: The asks that want money paid back or made good (helper matter28).
MONEY_ASKS = frozenset({"赔偿", "退费"})


def _money_apart(va: SignatureView, vb: SignatureView) -> float:
    """Whether both texts ask something (a demand named, a request by its verb, a clause
    asking) and one asks for money back or damages while the other asks no such thing: "楼上
    漏水，请让他修好防水" against "楼上水管爆了泡坏我家地板，要求赔偿" at one flat.

    Why (session 23, docs/NLP.md): other grievances at one place are mostly told with asks of
    other kinds, and a demand conflict alone misses the pairs where one side asks two things;
    over the training authors' pairs it fires on 21 same-matter pairs and 564 others, and
    leave-one-author-out F1 rose, mean 0.8600 → 0.8641, lowest 0.8224 → 0.8244."""
    mine = va.demands | va.requests | va.asks
    theirs = vb.demands | vb.requests | vb.asks
    if not mine or not theirs:
        return 0.0
    return float(bool(mine & MONEY_ASKS) != bool(theirs & MONEY_ASKS))


def _fees_apart(a: MatterSignature, b: MatterSignature, va: SignatureView,
                vb: SignatureView) -> float:
    """Whether the two name charges (key terms in 费 / 金 / 款 / 租金) and neither's charge is the
    other's: "押金" against "电费", "资料费" against "课后服务费" at one landlord or school are two
    grievances however alike the rest. A charge is the other's when what it is for shares a
    character with the other's content ("停车费" / "停车管理费", "取暖费" / "采暖费", "摊位费" /
    "摊位租金"). Unknown (NaN) for a signature stored before key terms were kept.

    Why (session 21, docs/NLP.md): the lexicon names a few charges as things (停车费, 物业费,
    暖气费) and the rest not at all, so two grievances about money at one place shared everything
    the model reads but the charge; the feature fires on 1 same-matter pair and 35 others of the
    training authors', and the smallest leave-one-author-out min(P, R) rose 0.811 → 0.822."""
    if not _known(a, b) or va.fees is None or vb.fees is None:
        return math.nan
    if not va.fees or not vb.fees:
        return 0.0
    mine, theirs = a.lookup.characters, b.lookup.characters
    return float(not any(theirs.intersection(fee) for fee in va.fees)
                 and not any(mine.intersection(fee) for fee in vb.fees))


def _log_features(values: list[float]) -> list[float]:
    """The main likenesses (the cosines, the characters shared, the key terms found) again as
    ``log(LOG_FLOOR + value)``; unknown (NaN) where the likeness is.

    A logistic model over a likeness weighs each step of it alike: 0.05 → 0.15 as little as
    0.80 → 0.90. A retelling by someone else shares few words, and there a small likeness is
    much more than none; on a log scale the model weighs likeness as a ratio (the odds grow
    as a power of it), so a retelling's little overlap counts and a look-alike's high overlap
    at one place counts less than before.

    Why (session 19, docs/NLP.md): the smallest leave-one-author-out min(P, R) rose 0.785 →
    0.811 (the seventh author's precision) and dev F1 0.881 → 0.885, with the authors never
    fitted on within a few pairs of before."""
    return [math.log(LOG_FLOOR + max(0.0, values[i])) if not math.isnan(values[i]) else math.nan
            for i in _LOGGED]


def _content_features(a: MatterSignature, b: MatterSignature, va: SignatureView,
                      vb: SignatureView) -> list[float]:
    """:func:`_character_features` apart from where: the characters of the places and parties
    either names, and of building numbers, left out. A long place name ("新华北街18号院") is
    most of a one-line text's characters, so a one-liner about the roof and a letter about the
    water pipes of one courtyard shared most of their characters; what is left is what each
    says is wrong and asks. Unknown (NaN) for a signature stored before key terms were kept.

    Why (session 18, docs/NLP.md): the hard negatives at one place are the commonest error on
    authors the model never saw; with these, every training author's min(P, R) left out held or
    rose (the smallest 0.775 → 0.785) and dev F1 0.873 → 0.881.

    Each side's characters without :data:`~nlp.matter_view.WHERE_CHARACTERS` and its own
    names' are kept on its view; the other's names' taken here leave the same sets as taking
    all three at once (issue 17: a set of them built for every pair)."""
    if not _known(a, b):
        return [math.nan] * len(_CONTENT_FEATURES)
    assert va.content_characters is not None and vb.content_characters is not None
    assert va.key_content_characters is not None and vb.key_content_characters is not None
    mine = va.content_characters - vb.name_characters
    theirs = vb.content_characters - va.name_characters
    if not mine or not theirs:
        return [0.0, 0.0, 0.0]
    key_a = va.key_content_characters - vb.name_characters
    key_b = vb.key_content_characters - va.name_characters
    in_a = len(key_a & theirs) / len(key_a) if key_a else 0.0
    in_b = len(key_b & mine) / len(key_b) if key_b else 0.0
    return [len(mine & theirs) / min(len(mine), len(theirs)), min(in_a, in_b), max(in_a, in_b)]


def _topic_features(a: MatterSignature, b: MatterSignature, va: SignatureView,
                    vb: SignatureView, topics: WordTopics | None,
                    names: frozenset[int]) -> list[float]:
    """What kinds of words the two differ by (:mod:`nlp.matter_topics`): a retelling adds
    people, days and feelings, another matter at the same place another thing wrong or
    another ask; the model weighs each kind. Unknown (NaN) without ``topics``."""
    if topics is None:
        return [math.nan] * TOPICS
    return topic_differences(va.topic_terms(topics, a), vb.topic_terms(topics, b),
                             a.lookup.words, b.lookup.words, names)


_ANCHORS = (FEATURES.index("place_shared"), FEATURES.index("party_shared"))


def _concept_feature(a: MatterSignature, b: MatterSignature, va: SignatureView,
                     vb: SignatureView, base: list[float]) -> float:
    """A key term the other holds in another form of its thing (:mod:`nlp.matter_concepts`),
    where the two share a named place or party: "楼上渗水" / "楼上天天滴水" at one 小区 are
    one matter told in other words; one thing at two places is the commonest hard negative."""
    return concept_found(a, b, (va.concepts, vb.concepts)) \
        if any(base[i] > 0 for i in _ANCHORS) else 0.0


#: The things that are charges: "收费" (涨价, 乱收费, 多收) names a charge without saying
#: which, so against a named one it is no other thing (:func:`_things_apart_for_latin`).
CHARGES = frozenset({"收费", "物业费", "停车费", "暖气费", "过渡费"})


def _things_apart_for_latin(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether both read things (their kin) and none is shared, a general charge ("收费")
    being one with a named charge ("星河湾畔wuye要涨价" / "星河湾畔物业费要从1块8涨到2块6")."""
    if not mine or not theirs or mine & theirs:
        return False
    return not (mine & CHARGES and theirs & CHARGES and "收费" in mine | theirs)


def _latin_feature(va: SignatureView, vb: SignatureView) -> float:
    """A text in pinyin or English against one in characters (:mod:`nlp.matter_latin`):
    unknown (NaN) for a signature stored before key terms were kept.

    None when the two number their spots apart ("jinxiu huating 8 dong dianti huai le" /
    "锦绣华庭3栋电梯又困人了"): the Latin side's few words found in the other are then the
    place and the thing, which a neighbour's matter shares, and weighed as a retelling they
    held the pair above the threshold whatever the clash said (helper matter29).

    None, too, when the two read things none of which is the other's ("hengtong wuliu 叉车工
    injured at work" / "恒通物流欠我们三个月工资"; "laoliu shaokao every night very noisy" /
    "老刘烧烤油烟直冲居民楼"), or when one asks money back or damages and the other another
    thing (:func:`_money_apart`: "chunhui yuan 1502 water pipe burst … 请修" / "…要求赔偿"):
    the few Latin words found are again the place or party, and one place's other problem or
    other ask was held at the Latin ceiling, 0.96. Over every allowed pair file (docs/NLP.md,
    session 27, helper matter32) the things move the scores of 0 same-matter pairs and 25
    others (decisions: 5 others kept apart), the money asks 0 and 12 (6 kept apart); together 0 and 36."""
    if va.latin is None or vb.latin is None:
        return math.nan
    if (va.numbers is not None and vb.numbers is not None
            and _numbers_clash(va.numbers, vb.numbers)):
        return 0.0
    if _things_apart_for_latin(va.thing_kin, vb.thing_kin) or _money_apart(va, vb):
        return 0.0
    return latin_found(va.latin, vb.latin)


def _latent_features(a: MatterSignature, b: MatterSignature, va: SignatureView,
                     vb: SignatureView, alike: float, latent: LatentSpace | None,
                     names: frozenset[int]) -> list[float]:
    """How alike what each says beyond what they share is (:mod:`nlp.matter_latent`), alone
    and scaled by how alike the texts are: a different residual weighs most where the shared
    words (one place, one firm) make the cosines vouch for the pair."""
    if latent is None:
        return [math.nan, math.nan]
    a_words, b_words = a.lookup.words, b.lookup.words
    if not latent.index or not a_words or not b_words:
        residual = 0.0
    else:
        residual = latent.residual(va.latent_terms(latent, a), vb.latent_terms(latent, b),
                                   a_words, b_words, names)
    return [residual, residual * alike]


def _ask_features(va: SignatureView, vb: SignatureView, alike: float) -> list[float]:
    """The :data:`ASK_FEATURES`: numbered designators and final asks that clash, the clashes
    scaled by how alike the texts are, and an ask on one side only."""
    a_finals, b_finals = va.finals, vb.finals
    a_numbers, b_numbers = va.numbers, vb.numbers
    if a_finals is None or b_finals is None or a_numbers is None or b_numbers is None:
        return [math.nan] * len(ASK_FEATURES)
    numbers_clash = _numbers_clash(a_numbers, b_numbers)
    finals_clash = _finals_clash(a_finals, b_finals)
    return [
        numbers_clash, finals_clash,
        # A clash weighs most where all else is alike: two texts worded alike about 3栋 and
        # 7栋, or about one lift with another ask, are the look-alikes the cosines vouch for;
        # a linear model cannot scale the clash with the likeness itself.
        numbers_clash * alike, finals_clash * alike,
        # One ends on an ask and the other on none: a follow-up of the same matter usually
        # repeats the ask's verb ("还没修", "还没退"), one of another matter at the same place
        # states a state ("厕所还是锁着") against a request for something else.
        float(bool(a_finals) != bool(b_finals)),
    ]


def _base_features(a: MatterSignature, b: MatterSignature, va: SignatureView,
                   vb: SignatureView, where: _Where) -> list[float]:
    """Every feature before the :data:`ASK_FEATURES`."""
    cosines = vector_cosines(va, vb)
    alike = max(cosines)
    places, clash, parties, counties, _ = where
    party = _share_conflict(va.parties, vb.parties, parties)
    place = (float(min(places, 2)), clash)  # clash is 0 where one party is named by both
    county = _share_conflict(a.counties, b.counties, counties)
    building = _share_conflict(va.buildings, vb.buildings, len(va.buildings & vb.buildings))
    things_a, things_b = va.things, vb.things
    union = things_a | things_b
    jaccard = len(things_a & things_b) / len(union) if union else 0.0
    # Read on the kin: "停水" and "自来水" are one thing, no conflict (helper matter27).
    kin_a, kin_b = va.thing_kin, vb.thing_kin
    thing_conflict = float(bool(kin_a) and bool(kin_b) and not kin_a & kin_b)
    demands_a, demands_b = va.demands, vb.demands
    demand = _share_conflict(demands_a, demands_b, len(demands_a & demands_b))
    shorter, longer = (a.length, b.length) if a.length <= b.length else (b.length, a.length)
    conflict = max(place[1], county[1], building[1], thing_conflict)
    unplaced = float(not va.placed or not vb.placed)
    # Interactions a linear model cannot form itself: one named place or party plus one thing
    # is the shape of a same-matter pair, the same place with other things that of a neighbour.
    anchor = float(place[0] > 0 or party[0] > 0)
    return [
        *cosines, alike,
        place[0], place[1], party[0], party[1], county[0], county[1], building[0], building[1],
        jaccard, thing_conflict, min(demand[0], 1.0), demand[1],
        shorter / longer if longer else 0.0, float(shorter < 25),
        alike * (1.0 - conflict), unplaced,
        anchor * float(jaccard > 0), anchor * thing_conflict, alike * jaccard,
        # What one asks about or for that the other does not: the same lift, but its accounts.
        float(min(len(things_a ^ things_b), 3)),
        float(min(len(demands_a ^ demands_b), 3)),
        *_share_conflict(va.asks, vb.asks, len(va.asks & vb.asks)),
        *_key_features(a, b),
        *_requests(va.requests, vb.requests),
        *_character_features(a, b),
    ]


def places_conflict(a: MatterSignature, b: MatterSignature) -> bool:
    """Whether ``a`` and ``b`` name places (a 小区, a road, a county) that cannot be one place."""
    return _where(a, b, view_of(a), view_of(b))[4]


def shared(a: MatterSignature, b: MatterSignature) -> Shared:
    """What ``a`` and ``b`` have in common, as words."""
    names = _matching(a.parts.names, b.parts.names)
    va, vb = view_of(a), view_of(b)
    return Shared(
        names=tuple(dict.fromkeys(name.text for name in names)),
        buildings=tuple(sorted(va.buildings & vb.buildings)),
        things=tuple(sorted(va.things & vb.things)),
        demands=tuple(sorted(va.demands & vb.demands)),
        counties=tuple(sorted({area_name(x) for x in _areas(a.counties, b.counties)})),
    )


@dataclass(frozen=True, slots=True)
class PairModel:
    """Logistic regression over standardized pair features, with its decision threshold."""

    coef: FloatArray
    intercept: float
    mean: FloatArray
    scale: FloatArray
    threshold: float
    idf: Idf
    meta: dict[str, Any]
    #: The latent space of the in-domain petitions' words (None: its features unknown).
    latent: LatentSpace | None = None
    #: The word topics of the in-domain petitions (None: the topic features unknown).
    topics: WordTopics | None = None

    def probability(self, a: MatterSignature, b: MatterSignature) -> float:
        """How likely ``a`` and ``b`` are the same matter, in [0, 1]."""
        return self.probability_of(pair_features(a, b, self.latent, self.topics))

    def judgement(self, a: MatterSignature, b: MatterSignature) -> tuple[float, bool]:
        """:meth:`probability` and :func:`places_conflict`, their common part computed once."""
        va, vb = view_of(a), view_of(b)
        where = _where(a, b, va, vb)
        return self.probability_of(_features(a, b, va, vb, where, self.latent, self.topics)), where[4]

    def score(self, a: MatterSignature, b: MatterSignature) -> float:
        """The probability, or 0 when the two name places that cannot be one place (then
        nothing else is computed)."""
        va, vb = view_of(a), view_of(b)
        where = _where(a, b, va, vb)
        if where[4]:
            return 0.0
        return self.probability_of(_features(a, b, va, vb, where, self.latent, self.topics))

    def probability_of(self, values: list[float]) -> float:
        # In place: the same subtraction and division, without two arrays made for them.
        x = np.array(values, dtype=np.float64)
        np.subtract(x, self.mean, out=x)
        np.divide(x, self.scale, out=x)
        x[np.isnan(x)] = 0.0  # unknown: the training mean, which weighs neither way
        score = float(x @ self.coef) + self.intercept
        probability = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))
        if len(values) > _LATIN and values[_LATIN] > 0:  # NaN (unknown) compares False
            return min(probability, TRANSLITERATED_CEILING)
        return probability

    def same(self, a: MatterSignature, b: MatterSignature) -> bool:
        """Likely enough, and about places that can be one place: a matter has one place."""
        probability, conflict = self.judgement(a, b)
        return probability >= self.threshold and not conflict

    # -- the file ------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the model atomically (a reader never sees half a file)."""
        header = {"format": FORMAT, "format_version": FORMAT_VERSION,
                  "features": list(FEATURES), "threshold": self.threshold,
                  "intercept": self.intercept, "idf_default": self.idf.default,
                  "meta": self.meta}
        buffer = io.BytesIO()
        latent = self.latent or LatentSpace.empty()
        topics = self.topics or WordTopics.empty()
        np.savez_compressed(
            buffer, header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
            idf_hashes=self.idf.hashes, idf_values=self.idf.values, coef=self.coef,
            mean=self.mean, scale=self.scale, latent_hashes=latent.hashes,
            latent_rows=latent.rows.astype(np.float16), topic_hashes=topics.hashes,
            topic_groups=topics.groups)
        write_atomically(path, buffer.getvalue())

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        """The model at ``path`` (None: the shipped one); :class:`ModelError` if unusable."""
        where = path or Path(str(resources.files("nlp.data").joinpath(SHIPPED)))
        try:
            with np.load(where, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        except (OSError, ValueError, zipfile.BadZipFile, KeyError) as exc:
            raise ModelError(f"cannot read matter model {where}: {exc}") from exc
        try:
            header = json.loads(arrays["header"].tobytes().decode("utf-8"))
        except (KeyError, ValueError) as exc:
            raise ModelError(f"{where}: no readable header") from exc
        if header.get("format") != FORMAT:
            raise ModelError(f"{where} is not a matter model")
        if header.get("format_version") != FORMAT_VERSION or header.get("features") != list(
                FEATURES):
            found = header.get("format_version")
            raise ModelVersionError(f"{where} was made for other features: retrain it "
                                    f"(python run.py nlp train-matters)",
                                    found=found if isinstance(found, int) else None,
                                    supported=FORMAT_VERSION)
        idf = Idf(arrays["idf_hashes"].astype(np.uint32), arrays["idf_values"].astype(np.float32),
                  float(header["idf_default"]))
        if "latent_hashes" not in arrays or "latent_rows" not in arrays:
            raise ModelError(f"{where}: no latent space")
        latent = LatentSpace(arrays["latent_hashes"].astype(np.uint32),
                             arrays["latent_rows"].astype(np.float32))
        if "topic_hashes" not in arrays or "topic_groups" not in arrays:
            raise ModelError(f"{where}: no word topics")
        topics = WordTopics(arrays["topic_hashes"].astype(np.uint32),
                            arrays["topic_groups"].astype(np.uint8))
        return cls(arrays["coef"].astype(np.float64), float(header["intercept"]),
                   arrays["mean"].astype(np.float64), arrays["scale"].astype(np.float64),
                   float(header["threshold"]), idf, dict(header.get("meta", {})),
                   latent if len(latent.hashes) else None,
                   topics if len(topics.hashes) else None)
