"""Matter judgements: what a text is about, signatures, and same-matter pairs (table-driven)."""

from __future__ import annotations

import json
import math
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import normalize
from nlp.cli import main as nlp_main
from nlp.errors import ModelError, ModelVersionError, TrainingDataError
from nlp.matter import MatterJudge
from nlp.matter_corpus import HEADER, build_pairs, read_groups, read_pairs, write_pairs
from nlp.matter_latent import LatentSpace
from nlp.matter_latin import readings
from nlp.matter_model import (
    ASK_FEATURES,
    FEATURES,
    KEY_FEATURES,
    TRANSLITERATED_CEILING,
    PairModel,
    pair_features,
    places_conflict,
)
from nlp.matter_parts import PartsReader
from nlp.matter_signature import Idf, MatterSignature, Vector
from nlp.matter_training import GROUPS, MEASURED_ONLY, PAIRS, SOURCES
from nlp.matter_view import cosines, view_of
from nlp.tokenizer import Tokenizer


@pytest.mark.parametrize(("text", "names", "buildings", "things", "demands"), [
    ("住在海淀区美和园小区5号楼，电梯坏了，请物业维修。", {"美和园"}, ("楼5",), ("电梯",),
     ("维修",)),
    ("和平里十二号楼暖气不热，请热力公司来修。", {"和平"}, ("楼12",), ("暖气",), ("维修",)),
    ("举报鑫源化工厂往倒水河里偷排废水。", {"鑫源化工"}, (), ("废水",), ()),
    ("建设路与农业路交叉口的路灯不亮了。", {"建设", "农业"}, (), ("路灯",), ()),
    ("城管什么时候来拆违建？", set(), (), ("违建",), ("拆除",)),  # 城管 is no town called 管
    ("物业用维修基金换了门禁，要求公开账目。", set(), (), ("物业服务", "物业费"), ("公开",)),
    # English mixed in, in any capitals; everyday words for the same concepts
    ("3号楼的LIFT又坏了，快来Fix一下。", set(), ("楼3",), ("电梯",), ("维修",)),
    ("包工头拖欠我们人工钱，一分钱没给。", set(), (), ("工资",), ()),
    ("村东头猪场的垃圾没人拉，要求挪走。", set(), (), ("养殖", "垃圾"), ("搬迁", "清理")),
    # Demands that make another matter of one thing: secure it, pay for it, say sorry, punish
    ("柳荫街那棵老槐树歪了，请园林部门加固。", {"柳荫"}, (), ("树木",), ("排险",)),
    ("老槐树倒了砸了我的车，谁来赔？", set(), (), ("树木",), ("赔偿",)),
    ("护士态度恶劣，要求医院赔礼道歉。", set(), (), ("态度",), ("道歉",)),
    ("这位老师体罚学生，请教育局严肃处理并给予处分。", set(), (), ("虐童",), ("查处",)),
    ("暖气不热还收全价，要求退一部分暖气费。", set(), (), ("暖气", "暖气费"), ("退费",)),
])
def test_parts_of_a_text(text: str, names: set[str], buildings: tuple[str, ...],
                         things: tuple[str, ...], demands: tuple[str, ...]) -> None:
    parts = PartsReader().read(normalize(text))
    assert names <= {name.core for name in parts.names}
    assert parts.buildings == buildings and parts.things == things
    assert parts.demands == demands


@pytest.mark.parametrize(("text", "requests"), [
    ("枫林雅居9栋外墙砖一直掉，会砸死人的，快修！", ("维修",)),
    ("屋顶漏水泡坏了地板，两万多的损失，物业必须赔。", ("赔偿",)),
    ("换电梯主板那18.6万的账，请让物业贴出来给业主看。", ("公开",)),
    ("健身房老板卷款跑路，请公安抓人。", ("查处",)),
    ("小区要装修外墙，物业说要用维修资金。", ()),  # no request; 装修 and 维修资金 ask nothing
    ("垃圾站就在窗户底下，要求搬走。", ("搬迁",)),
])
def test_requests_are_read_by_their_verb(text: str, requests: tuple[str, ...]) -> None:
    assert PartsReader().read(normalize(text)).requests == requests


@pytest.mark.parametrize(("text", "finals"), [
    # What a text ends asking, asked or not: a question, a follow-up, a complaint of delay.
    ("东湖路28号的电梯又停了！！！还修不修？", ("维修",)),
    ("楼上装修震坏我家吊顶的事，赔偿还没谈下来。", ("赔偿",)),  # 装修 asks nothing
    ("物业说电梯修过了，维保记录一直没公布。", ("公开",)),  # the story's 修 is not the ask
    ("西门的公厕晚上还是锁着。", ()),
])
def test_the_final_ask_is_the_last_clause_naming_one(text: str,
                                                     finals: tuple[str, ...]) -> None:
    assert PartsReader().read(normalize(text)).finals == finals


@pytest.mark.parametrize(("text", "numbers"), [
    ("翠屏小区3号楼顶漏雨，七栋也漏。", ("栋:3", "栋:7")),  # 号楼 / 栋 number one thing
    ("锦园二期工地夜里打桩。", ("期:2",)),
    ("兴业大道纬五路口有个大坑，住在18楼也听得见。", ("路:5",)),  # a floor numbers no place
    ("第九中学老师有偿补课。", ("中:9",)),
    # Runs of numerals that are no one number are no designator (they crashed signing).
    ("党的十八四中全会提出依法治国，十二五期间修的路三十二五栋旁边。", ()),
    ("村里六七十口人就靠这条路。", ()),
])
def test_numbered_designators(text: str, numbers: tuple[str, ...]) -> None:
    assert PartsReader().read(normalize(text)).numbers == numbers


def test_the_names_of_a_text_come_in_one_order_in_every_process() -> None:
    # "南湖街道" and "南湖社区" share kind and core; their order once followed the process's
    # string hashing, so one text signed to different bytes (and alerts named another place).
    script = ("from nlp import normalize; from nlp.matter_parts import PartsReader; "
              "print([n.text for n in PartsReader().read(normalize('南湖街道，南湖社区的路口积水严重。')).names])")
    seen = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
            for seed in range(1, 9)}
    assert seen == {"['南湖社区', '南湖街道']\n"}


def test_numbering_one_kind_of_thing_apart_is_a_clash(judge: MatterJudge) -> None:
    clash = FEATURES.index("numbers_clash")
    third = judge.sign("翠屏3栋楼顶漏水，下雨家里摆了四个盆接水，求修。")
    seventh = judge.sign("翠屏7栋顶楼漏水，物业一直不修。")
    both = judge.sign("翠屏7栋顶楼漏水，跟3栋不是一回事，我们7栋也漏，也要修。")
    assert pair_features(third, seventh)[clash] == 1.0
    assert pair_features(third, both)[clash] == 0.0  # the text ties the two itself
    asks = FEATURES.index("finals_clash")
    pay = judge.sign("翠屏3栋漏水泡坏的地板，两万多的损失，物业必须赔。")
    assert pair_features(third, pay)[asks] == 1.0 and pair_features(third, seventh)[asks] == 0.0


#: Written for this test, not taken from the training pairs.
SAME = [
    # the same petitioner in other words
    ("东城区青年湖小区8号楼楼顶漏雨，顶层住户家里天花板都泡坏了，物业一直推说没钱，请督促维修。",
     "青年湖8号楼顶漏水还没修，物业拖着，麻烦再催一下。"),
    # another petitioner, the same matter
    ("丰台区方庄芳城园一区门口的菜市场每天早上五点开始卸货，叫卖声和喇叭声吵得整栋楼睡不着。",
     "芳城园一区门口菜市场凌晨卸货噪音扰民，住户无法休息，希望管一管。"),
    ("石景山区八角村的养鸡场臭味熏人，村民晚上都不敢开窗，请环保部门来查。",
     "八角村那个养鸡场气味太大了，整个村子都是臭味，请求处理。"),
    # long and short
    (("我们是昌平区沙河镇北二村的村民，村里那条通往学校的土路一下雨就泥泞不堪，孩子们上学每天一身泥，"
      "老人出门也很容易摔倒，多次向村委会反映都说没有资金，恳请区里把这条路硬化。"),
     "沙河镇北二村到学校的土路请求硬化"),
]
DIFFERENT = [
    # the same street, another problem
    ("东城区青年湖小区8号楼楼顶漏雨，顶层住户家里天花板都泡坏了，物业一直推说没钱，请督促维修。",
     "东城区青年湖小区8号楼门口天天有人乱停车，消防通道堵死了，请交警来管。"),
    # the same problem, another place
    ("丰台区方庄芳城园一区门口的菜市场每天早上五点开始卸货，叫卖声和喇叭声吵得整栋楼睡不着。",
     "海淀区双榆树东里门口的菜市场每天早上五点开始卸货，叫卖声和喇叭声吵得整栋楼睡不着。"),
    # the same building, another demand
    ("朝阳区望京花园6号楼电梯坏了一个星期，物业一直拖着，请尽快维修。",
     "朝阳区望京花园6号楼电梯上个月把我母亲摔伤了，要求物业赔偿医药费。"),
    # one petitioner, two matters
    ("我家住朝阳区团结湖北里，楼下烧烤店油烟太大，请整治。",
     "我在朝阳区团结湖北里，孩子今年上小学，对口学校说学位满了，请教委核实划片。"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_the_same_matter_in_other_words(judge: MatterJudge, a: str, b: str) -> None:
    assert judge.compare(judge.sign(a), judge.sign(b)).same


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_hard_negatives_are_other_matters(judge: MatterJudge, a: str, b: str) -> None:
    assert not judge.compare(judge.sign(a), judge.sign(b)).same


def test_a_short_demand_for_the_accounts_of_a_repair_is_another_matter(
        judge: MatterJudge) -> None:
    # They share the 小区, the building, the lift and the word 维修; what their requests ask
    # done (维修 against 公开, read by the verb) tells them apart.
    a = judge.sign("朝阳区望京花园6号楼电梯坏了三天，请尽快维修。")
    b = judge.sign("朝阳区望京花园6号楼电梯维修动用了维修基金，物业不公开账目，要求公示。")
    assert not judge.compare(a, b).same


def test_a_judgement_is_symmetric(judge: MatterJudge) -> None:
    a, b = (judge.sign(text) for text in SAME[1])
    assert judge.probability(a, b) == pytest.approx(judge.probability(b, a))


def test_a_signature_survives_its_bytes(judge: MatterJudge) -> None:
    a, b = (judge.sign(text) for text in SAME[0])
    copy = MatterSignature.from_bytes(a.to_bytes())
    assert copy.parts == a.parts and copy.counties == a.counties and copy.length == a.length
    assert copy.key_terms == a.key_terms and copy.characters == a.characters
    # float16 weights: a comparison from stored bytes is the live one to three places.
    assert judge.probability(copy, b) == pytest.approx(judge.probability(a, b), abs=2e-3)
    with pytest.raises(ValueError, match="not a matter signature"):
        MatterSignature.from_bytes(b"XX" + a.to_bytes()[2:])


def _stored_before_key_terms(signature: MatterSignature) -> bytes:
    """The bytes of ``signature`` as written before signatures kept key terms."""
    data = signature.to_bytes()
    (size,) = struct.unpack_from("<I", data, 2)
    header = json.loads(data[6:6 + size].decode("utf-8"))
    del header["k"], header["ch"], header["f"], header["g"]
    old = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return data[:2] + struct.pack("<I", len(old)) + old + data[6 + size:]


def test_a_signature_stored_before_key_terms_is_still_compared(judge: MatterJudge) -> None:
    a, b = (judge.sign(text) for text in SAME[0])
    old = MatterSignature.from_bytes(_stored_before_key_terms(a))
    assert old.key_terms == () and old.characters == ""
    # Stored before the final asks and numbers were read: unknown, not none.
    assert old.parts.finals is None and old.parts.numbers is None
    assert old.parts.names == a.parts.names and old.parts.requests == a.parts.requests
    # Its key-term features are unknown, read as the training mean: weighing neither way.
    values = pair_features(old, b)
    assert all(math.isnan(values[FEATURES.index(name)]) for name in KEY_FEATURES)
    assert all(math.isnan(values[FEATURES.index(name)]) for name in ASK_FEATURES)
    assert math.isnan(values[FEATURES.index("latin_found")])
    assert 0.0 < judge.probability(old, b) < 1.0
    # Stored again, it stays unknown rather than becoming "asks nothing".
    again = MatterSignature.from_bytes(old.to_bytes())
    assert again.parts.finals is None and again.parts.numbers is None


@pytest.mark.parametrize(("word", "syllables"), [
    ("cuizhuyuan", ("cui", "zhu", "yuan")), ("dongmen", ("dong", "men")),
    ("he", ()),  # one syllable: as likely English
    ("check", ()), ("please", ()),  # not pinyin throughout
])
def test_written_pinyin_is_split_into_syllables(word: str, syllables: tuple[str, ...]) -> None:
    assert readings().split(word) == syllables


def test_a_retelling_in_pinyin_and_english_is_looked_for_in_the_characters(
        judge: MatterJudge) -> None:
    letter = judge.sign("翠竹苑小区东门的路灯坏了半个月，晚上出门黑乎乎的，请尽快修好。")
    latin = judge.sign("cuizhuyuan dongmen street light broken half month, please fix")
    elsewhere = judge.sign("baihe cun shuiguan broken, no water for three days")
    again = judge.sign("翠竹苑东门路灯还是不亮。")
    found = FEATURES.index("latin_found")
    assert pair_features(letter, latin)[found] > 0.8
    assert pair_features(letter, elsewhere)[found] < 0.5
    assert pair_features(letter, again)[found] == 0.0  # both in characters: nothing to look for
    assert judge.compare(letter, latin).same
    assert not judge.compare(letter, elsewhere).same
    # A judgement resting on transliterated words is never sure enough to join without asking.
    assert judge.probability(letter, latin) == TRANSLITERATED_CEILING
    assert judge.probability(letter, again) > TRANSLITERATED_CEILING


def test_key_terms_are_the_rarest_words_found_in_the_other(judge: MatterJudge) -> None:
    a = judge.sign("链居地产扣我四千五押金不退，说墙上有钉眼。")
    b = judge.sign("家和地产扣我两千块押金当清洁费，要求退还。")
    c = judge.sign("链居中介扣的押金还是不退，墙上钉眼算什么损坏。")
    assert a.key_terms and all(weight > 0 for _, weight in a.key_terms)
    found = FEATURES.index("key_found_min")
    assert pair_features(a, c)[found] > pair_features(a, b)[found]


@pytest.mark.parametrize(("first", "second", "clash"), [
    ("枫林雅居小区9号楼外墙瓷砖往下掉。", "我住枫林路66号，9号楼墙皮瓷砖往下掉。", False),  # a 小区 on a road
    ("锦程小区垃圾站太臭了。", "jincheng小区垃圾站太臭了。", False),  # pinyin: by its syllables
    ("锦程小区垃圾站太臭了。", "翠屏小区垃圾站太臭了。", True),
    # A direction or number added to a name is a neighbour, not the same place.
    ("住在光明里，楼下垃圾站太臭了。", "住在光明东里，楼下垃圾站太臭了。", True),
    ("早上坐128路的人太多，请加车。", "早上坐12路的人太多，请加车。", True),
    ("金地小区垃圾站太臭了。", "金地花园小区垃圾站太臭了。", False),  # the same name, longer
    # Verbs on 路 / 村 and "那条" / "那座" read no place ("绕路" is no road called 故意绕).
    ("恒通公司的司机故意绕路，多收了五十。", "恒通出租车绕路宰客，请退钱。", False),
    ("王家湾村的村道一下雨就是泥。", "那条进村的土路一下雨就是泥。", False),
    ("石门桥快被重车压塌了。", "重车天天压那座老桥，快塌了。", False),
    # A trade written out inside a name is the same place (光明里 / 光明东里 above still clash).
    ("育英教育北城校区停课了，学费不退。", "育英北城校区停课，要求退学费。", False),
    # A 小区 written as its address cannot be told from its name.
    ("锦华路20号院的化粪池冒水了。", "翠湖园小区化粪池冒水了。", False),
])
def test_places_clash_only_within_one_kind(judge: MatterJudge, first: str, second: str,
                                          clash: bool) -> None:
    assert places_conflict(judge.sign(first), judge.sign(second)) is clash


def test_a_key_term_in_another_form_of_its_thing_counts_at_one_place(judge: MatterJudge) -> None:
    found = FEATURES.index("concept_found")
    leak = judge.sign("清河小区3栋楼上渗水，天花板都泡了，请物业协调。")
    told_otherwise = judge.sign("清河小区3栋楼上往下滴水好几天了，请物业协调。")
    elsewhere = judge.sign("望江苑3栋楼上往下滴水好几天了，请物业协调。")
    assert pair_features(leak, told_otherwise)[found] > 0
    assert pair_features(leak, elsewhere)[found] == 0  # one thing at two places says nothing


def test_retrieval_keys(judge: MatterJudge) -> None:
    text = SAME[1][0]
    same, again = judge.sign(text), judge.sign(text)
    assert same.bands and same.bands == again.bands  # stable across calls and processes
    neighbour = judge.sign(SAME[1][1])
    unrelated = judge.sign(SAME[3][0])
    # A paraphrase by someone else shares a name key (芳城园), an unrelated text nothing.
    assert set(same.keys()) & set(neighbour.keys())
    assert not set(same.keys()) & set(unrelated.keys())


@pytest.mark.parametrize(("pairs_path", "groups_path"), [*SOURCES, *MEASURED_ONLY],
                         ids=lambda p: p.name)
def test_the_shipped_pairs_are_built_from_the_groups(pairs_path: Path, groups_path: Path) -> None:
    shipped = read_pairs(pairs_path)
    rebuilt = build_pairs(read_groups(groups_path))
    assert len(shipped) >= 600 and len(shipped) == len(rebuilt)
    assert {(p.a, p.b, p.same, p.kind) for p in shipped} == {
        (p.a, p.b, p.same, p.kind) for p in rebuilt}
    assert pairs_path.read_text(encoding="utf-8").split("\n", 1)[0] == "\t".join(HEADER)
    kinds = {p.kind for p in shipped}
    assert {"same_place_other_problem", "same_problem_other_place", "same_place_other_demand",
            "same_person_other_matter", "other_person", "long_short", "paraphrase"} <= kinds


def test_a_pair_file_without_the_header_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.tsv"
    bad.write_text("first\tsecond\tlabel\nx\ty\t1\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match="header"):
        read_pairs(bad)
    bad.write_text("a\tb\tsame\tkind\nx\ty\tmaybe\tz\n", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=":2"):
        read_pairs(bad)


def test_a_model_file_is_checked(tmp_path: Path) -> None:
    other = tmp_path / "other.npz"
    np.savez(other, header=np.frombuffer(b'{"format": "something"}', np.uint8))
    with pytest.raises(ModelError, match="not a matter model"):
        PairModel.load(other)
    model = PairModel.load()
    newer = tmp_path / "newer.npz"
    model.save(newer)
    with np.load(newer) as data:
        arrays = {name: data[name] for name in data.files}
    header = json.loads(arrays["header"].tobytes())
    header["format_version"] = 99
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), np.uint8)
    np.savez(newer, **arrays)
    with pytest.raises(ModelVersionError):
        PairModel.load(newer)
    with pytest.raises(ModelError):
        PairModel.load(tmp_path / "missing.npz")


def test_the_latent_space_is_kept_in_the_model_file(tmp_path: Path) -> None:
    model = PairModel.load()
    assert model.latent is not None and len(model.latent.hashes) > 1000
    again = tmp_path / "again.npz"
    model.save(again)
    loaded = PairModel.load(again)
    assert loaded.latent is not None
    assert np.array_equal(loaded.latent.hashes, model.latent.hashes)
    assert np.array_equal(loaded.latent.rows, model.latent.rows)
    with np.load(again) as data:
        arrays = {name: data[name] for name in data.files if not name.startswith("latent")}
    np.savez(again, **arrays)
    with pytest.raises(ModelError, match="no latent space"):
        PairModel.load(again)


def _vector(weights: dict[int, float]) -> Vector:
    hashes = np.array(sorted(weights), dtype=np.uint32)
    return Vector(hashes, np.array([weights[int(h)] for h in hashes], dtype=np.float32))


def test_what_each_says_beyond_what_they_share_is_compared_in_the_latent_space() -> None:
    # Words 1 and 2 (say 丢件, 寄丢) point one way, 3 (取件费) another; 9 (驿站) is shared.
    space = LatentSpace(np.array([1, 2, 3, 9], dtype=np.uint32),
                        np.array([[1, 0], [0.9, 0.1], [0, 1], [0.5, 0.5]], dtype=np.float32))
    lost, lost_too = _vector({9: 0.8, 1: 0.6}), _vector({9: 0.6, 2: 0.8})
    fee = _vector({9: 0.7, 3: 0.7})
    assert space.residual_cosine(lost, lost_too) > 0.99
    assert space.residual_cosine(lost, fee) == pytest.approx(0.0)
    assert space.residual_cosine(lost, fee) == space.residual_cosine(fee, lost)
    assert space.residual_cosine(lost, lost) == 0.0  # nothing beyond what they share
    assert space.residual_cosine(lost, _vector({9: 1.0, 7: 0.5})) == 0.0  # 7 has no row
    assert LatentSpace.empty().residual_cosine(lost, fee) == 0.0
    # A name's words are left out: two school names are alike in the space, two schools not.
    assert space.residual_cosine(lost, lost_too, frozenset({1})) == 0.0
    assert space.residual_cosine(lost, lost_too, frozenset({5})) > 0.99


def test_without_a_latent_space_its_features_are_unknown(judge: MatterJudge) -> None:
    a, b = (judge.sign(text) for text in SAME[0])
    latent = [FEATURES.index("latent_residual"), FEATURES.index("latent_residual_alike")]
    assert all(math.isnan(pair_features(a, b)[i]) for i in latent)
    known = pair_features(a, b, judge.model.latent)
    assert all(-1.0 <= known[i] <= 1.0 for i in latent)


def test_eval_matters_reports_heldout_pairs_when_present(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    heldout = tmp_path / "heldout.tsv"
    assert nlp_main(["eval-matters", "--json", "--heldout", str(heldout)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["heldout"] is None and result["dev"]["n"] > 100
    # Every author's pairs (SOURCES); the third author's dev families are the harder ones.
    assert result["train"]["n"] > 1500 and result["model"]["leave_one_source_out"]
    # Floors well under the figures (three authors, 2026-12-05: train 0.843 / 0.863, dev
    # 0.838 / 0.847): a broken feature or model falls far below them.
    for name in ("train", "dev"):
        assert 0.8 <= result[name]["precision"] <= 1 and 0.8 <= result[name]["recall"] <= 1
    pairs = read_pairs(PAIRS)[:40]
    write_pairs(pairs, heldout)
    assert nlp_main(["eval-matters", "--json", "--heldout", str(heldout)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["heldout"]["n"] == 40 and set(result["heldout"]["kinds"]) == {
        p.kind for p in pairs}


@pytest.mark.parametrize(("first", "second", "same"), [
    ("福建省|福州市|鼓楼区", "||鼓楼区", True),  # a bare 鼓楼区 may be Fuzhou's
    ("北京市|北京市|海淀区", "北京市|北京市|丰台区", False),
    ("北京市|北京市|", "北京市|北京市|海淀区", True),  # the city and a county in it
    ("江苏省|南京市|鼓楼区", "福建省|福州市|鼓楼区", False),
])
def test_areas_are_one_place_when_every_level_both_name_agrees(
        first: str, second: str, same: bool) -> None:
    from nlp.matter_signature import same_area

    assert same_area(first, second) is same and same_area(second, first) is same


def test_the_same_words_about_another_place_are_never_the_same_matter(
        judge: MatterJudge, tokenizer: Tokenizer) -> None:
    here, there = (judge.sign(text) for text in DIFFERENT[1])
    assert not judge.compare(here, there).same and judge.score(here, there) == 0.0
    # Even a model sure of everything: a matter has one place.
    shipped = judge.model
    sure = PairModel(np.zeros_like(shipped.coef), 50.0, shipped.mean, shipped.scale,
                     shipped.threshold, shipped.idf, {})
    certain = MatterJudge(tokenizer, sure)
    assert certain.probability(here, there) > 0.99
    assert not certain.compare(here, there).same and certain.score(here, there) == 0.0
    neighbour = judge.sign(SAME[1][1])  # the same 芳城园, another petitioner
    assert certain.compare(here, neighbour).same


def test_one_school_named_by_both_outweighs_a_place_read_from_a_suffix(
        judge: MatterJudge) -> None:
    # "菜汤里" and "…汤碗里" are read as 小区 by their suffix 里, and differ; both name 育才中学.
    a = judge.sign("锦江区育才中学食堂的菜汤里有虫子，学生吃了拉肚子，请查一查食堂卫生。")
    b = judge.sign("育才中学食堂汤碗里吃出虫子，好几个学生拉肚子，请查食堂。")
    assert a.places and b.places and not places_conflict(a, b)
    assert judge.same(a, b)


def test_the_same_canteen_problem_at_another_school_is_another_matter(
        judge: MatterJudge) -> None:
    # A school is a party, not a place, so no place keeps these apart; the key terms do:
    # what is specific in one ("育才") is nowhere in the other.
    a = judge.sign("锦江区育才中学食堂饭菜里有虫子，学生吃了拉肚子，请查一查食堂卫生。")
    b = judge.sign("锦江区实验中学食堂饭菜里有虫子，学生吃了拉肚子，请查一查食堂卫生。")
    assert not judge.same(a, b)


def test_cross_validation_never_tests_a_family_it_fitted_on() -> None:
    from nlp.matter_training import FOLDS, _inside, _outside, pair_folds

    matters = read_groups(GROUPS)
    family_of = {p.text: m.family for m in matters for p in m.petitions}
    pairs = read_pairs(PAIRS)
    folds = pair_folds(pairs, family_of)
    crossing = [p for p in pairs if family_of[p.a] != family_of[p.b]]
    assert crossing  # the negatives drawn across families are there to be kept apart
    tested_somewhere = np.zeros(len(pairs), dtype=bool)
    for fold in range(FOLDS):
        inside, outside = _inside(folds, fold), _outside(folds, fold)
        tested = {family_of[t] for i in np.flatnonzero(inside)
                  for t in (pairs[i].a, pairs[i].b)}
        fitted = {family_of[t] for i in np.flatnonzero(outside)
                  for t in (pairs[i].a, pairs[i].b)}
        assert tested and fitted and not tested & fitted
        tested_somewhere |= inside
    assert tested_somewhere.sum() > len(pairs) // 2


def test_every_author_and_class_weighs_alike_in_fitting() -> None:
    from nlp.matter_training import _fit, author_weights

    rng = np.random.default_rng(7)
    x = rng.normal(size=(60, len(FEATURES)))
    y = np.arange(60) % 3 == 0
    names = np.array(["first"] * 20 + ["second"] * 40)
    rows = np.ones(60, dtype=bool)
    weights = author_weights(y, names, rows)
    for author in ("first", "second"):
        for same in (False, True):
            assert weights[(names == author) & (y == same)].sum() == pytest.approx(15.0)
    # Two authors tell matters apart by one feature in opposite ways, the first in five times
    # as many pairs: weighed alike, neither wins (pairs as they come, the first would).
    x = np.zeros((120, len(FEATURES)))
    y = np.arange(120) % 2 == 0
    names = np.array(["first"] * 100 + ["second"] * 20)
    x[:, 0] = np.where(y == (names == "first"), 1.0, -1.0)
    idf = Idf(np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.float32), 1.0)
    fitted = _fit(x, y, np.ones(120, dtype=bool), 1.0, idf, names)
    assert abs(fitted.coef[0]) < 0.01


def test_a_signatures_comparison_view_follows_the_latent_space(judge: MatterJudge) -> None:
    # The view (nlp.matter_view) keeps a signature's words' rows for the space it was asked
    # about: a comparison in another space must read that space's rows, not the kept ones.
    a, b = (judge.sign(text) for text in SAME[0])
    space = judge.model.latent
    assert space is not None
    residual = FEATURES.index("latent_residual")
    first = pair_features(a, b, space)[residual]
    # Every other word of the space, other rows: other words have a row, at other places.
    rows = np.random.default_rng(3).standard_normal(space.rows[1::2].shape)
    other = LatentSpace(space.hashes[1::2], rows.astype(np.float32))
    names = a.lookup.names | b.lookup.names
    assert pair_features(a, b, other)[residual] == other.residual_cosine(a.words, b.words, names)
    assert pair_features(a, b, other)[residual] != first
    assert pair_features(a, b, space)[residual] == first


def test_the_three_cosines_found_at_once_are_each_vectors_cosine(judge: MatterJudge) -> None:
    texts = [text for pair in SAME for text in pair] + ["电梯", "。。。", "3栋电梯坏了请修"]
    signed = [judge.sign(text) for text in texts]
    stored = [MatterSignature.from_bytes(s.to_bytes()) for s in signed]
    assert any(not len(s.trigrams.hashes) for s in signed)  # an empty vector among them
    for a in signed:
        for b in [*signed, *stored]:
            assert cosines(view_of(a), view_of(b)) == [
                a.words.cosine(b.words), a.bigrams.cosine(b.bigrams),
                a.trigrams.cosine(b.trigrams)]


def test_a_signature_from_the_analyzers_normalized_text_is_the_same(judge: MatterJudge) -> None:
    from nlp.normalize import normalize

    text = "ＸＸ小区２号楼门口的路灯，坏了三个月了！没人修。"
    given = judge.sign(text, normalized=normalize(text))
    assert given.to_bytes() == judge.sign(text).to_bytes()
    assert given.keys() == judge.sign(text).keys()
    # a text longer than what is signed is signed from its own start, whatever is given
    long = text * 400
    assert judge.sign(long, normalized="别的").to_bytes() == judge.sign(long).to_bytes()


_SOME_FORMS = ("电梯", "电梯坏", "lift", "Street Light", "噪音", "噪", "4s店", "salary")


@given(st.text(alphabet=st.sampled_from(sorted(set("".join(_SOME_FORMS)) | set("LIFTSXſK，。 "))),
               max_size=40))
@settings(max_examples=300, deadline=None)
def test_concepts_are_matched_where_the_pattern_alone_matches_them(text: str) -> None:
    from nlp.matter_parts import _concept_matches, _concept_pattern

    compiled = _concept_pattern({"a": _SOME_FORMS[:4], "b": _SOME_FORMS[4:]})
    assert list(_concept_matches(compiled, text)) == \
        [match.group(0) for match in compiled[0].finditer(text)]
