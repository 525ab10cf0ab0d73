"""Matter judgements, session 17 (helper matter20): a bill or a frozen account is no wage, and
the eighth author's pairs are kept aside (built from their groups, never fitted on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.matter import MatterJudge
from nlp.matter_corpus import build_pairs, read_groups, read_pairs
from nlp.matter_model import FEATURES, pair_features
from nlp.matter_parts import PartsReader
from nlp.matter_training import ASIDE, SOURCES
from nlp.normalize import normalize


@pytest.mark.parametrize(("text", "wages"), [
    # paying a bill, or a bank freezing an account, is not a wage owed
    ("县中医院出院结账单上有三项药根本没开过", False),
    ("去药店结账单子上的数不对，多算了四十块", False),
    ("法院说要冻结账户，我卡里的养老钱都取不出来了", False),
    ("银行把我们公司的冻结账号一直不给解开", False),
    # settling wages still is
    ("干了三个月活，老板到现在都不给俺们结账", True),
    ("工头说年底结账，结果人跑了，工资一分没拿到", True),
])
def test_a_bill_or_a_frozen_account_is_no_wage(text: str, wages: bool) -> None:
    things = PartsReader().read(normalize(text)).things
    assert ("工资" in things) is wages, things


@pytest.mark.parametrize(("first", "second"), [
    ("市二医院出院结账单上列了两次核磁共振，我爸一次都没做过",
     "我妈在市二医院住了一礼拜，明明没做的检查也收钱了，乱收费得退给我们"),
    ("红星超市结账单上的鸡蛋按十二块算的，货架上写的八块",
     "红星超市标价八块的鸡蛋收银台收了十二，乱收费"),
])
def test_a_bill_does_not_set_two_retellings_of_one_charge_apart(
        judge: MatterJudge, first: str, second: str) -> None:
    features = pair_features(judge.sign(first), judge.sign(second))
    assert features[FEATURES.index("thing_conflict")] == 0


@pytest.mark.parametrize(("pairs_path", "groups_path"), ASIDE, ids=lambda p: p.name)
def test_the_aside_pairs_are_built_from_their_groups_and_never_fitted(
        pairs_path: Path, groups_path: Path) -> None:
    shipped = read_pairs(pairs_path)
    matters = read_groups(groups_path)
    assert {(p.a, p.b, p.same, p.kind) for p in shipped} == {
        (p.a, p.b, p.same, p.kind) for p in build_pairs(matters)}
    assert len(shipped) >= 150
    # what the set is for: retellings of one matter, and other matters at the same place
    same = [p for p in shipped if p.same]
    at_one_place = [p for p in shipped
                    if p.kind in ("same_place_other_problem", "same_place_other_demand")]
    assert len(same) >= 100 and len(at_one_place) >= 100
    assert {p.kind for p in at_one_place} == {"same_place_other_problem",
                                              "same_place_other_demand"}
    # kept aside: no training author's pair file holds any of its texts
    aside_texts = {p.text for m in matters for p in m.petitions}
    for training_pairs, _ in SOURCES:
        assert not aside_texts & {t for p in read_pairs(training_pairs) for t in (p.a, p.b)}
    assert pairs_path not in {p for p, _ in SOURCES}
