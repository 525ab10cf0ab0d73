"""The dialogue model's optional features: pinyin syllable pairs, denied concepts, and the spec
kept in the model file (issue 15)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from nlp.dialogue_features import CONCEPT, FeatureSpec, dialogue_features, has_pasted
from nlp.dialogue_lexicon import negated_concepts_in
from nlp.dialogue_model import DialogueModel
from nlp.dialogue_pinyin import PinyinTable, pinyin_pairs
from nlp.dialogue_training import DialogueConfig, fit, judge_text, words_of
from nlp.normalize import normalize
from nlp.phrasings import corpus_path, read_phrasings
from nlp.tokenizer import Tokenizer

#: A table of the characters the tests read, as training would build it from pypinyin.
TABLE = PinyinTable({"进": "jin", "近": "jin", "度": "du", "跳": "tiao", "楼": "lou", "搂": "lou",
                     "燃": "ran", "然": "ran", "气": "qi", "我": "wo", "要": "yao"})


@pytest.mark.parametrize(("written", "meant"), [
    ("近度", "进度"), ("jindu", "进度"), ("跳搂", "跳楼"), ("tiaolou", "跳楼"), ("然气", "燃气")])
def test_a_homophone_slip_or_written_pinyin_sounds_like_the_word(written: str, meant: str) -> None:
    assert pinyin_pairs(TABLE, written) == pinyin_pairs(TABLE, meant) != []


def test_english_and_punctuation_break_the_syllables() -> None:
    assert pinyin_pairs(TABLE, "hello world") == []
    # No pair across the comma, nor across an English word that is no pinyin.
    assert pinyin_pairs(TABLE, "我要，跳楼") == ["y:wo yao", "y:tiao lou"]
    assert pinyin_pairs(TABLE, "我要 help 跳楼") == ["y:wo yao", "y:tiao lou"]


def test_the_table_round_trips_through_text() -> None:
    characters, syllables = TABLE.to_text()
    assert PinyinTable.from_text(characters, syllables).readings == TABLE.readings
    with pytest.raises(ValueError):
        PinyinTable.from_text(characters, "jin")


def test_a_denial_in_the_clause_takes_the_concept_back() -> None:
    assert negated_concepts_in("不是要跳楼，是楼顶漏水") == ["self_harm"]
    assert negated_concepts_in("没着火，就是楼道里堆满了杂物") == ["fire"]
    assert negated_concepts_in("我要跳楼") == []
    # The comma closes the denial's clause: the threat stands.
    assert negated_concepts_in("不是我的错，他要跳楼") == []
    spec = FeatureSpec(negation_scope=True)
    denied = dialogue_features("不是要跳楼，是楼顶漏水", ["跳楼", "楼顶", "漏水"], spec)
    assert denied[CONCEPT + "not_self_harm"] == 1 and CONCEPT + "self_harm" not in denied


def test_the_spec_and_the_table_travel_in_the_model_file(tmp_path: Path,
                                                        tokenizer: Tokenizer) -> None:
    spec = FeatureSpec(char_sizes=(1, 2, 3, 4), negation_scope=True, pinyin=True)
    model = fit(tokenizer, read_phrasings(corpus_path("phrasings_train.tsv"))[::12],
                read_phrasings(corpus_path("phrasings_dev.tsv"))[::8],
                config=DialogueConfig(spec=spec), pinyin=TABLE)
    model.save(tmp_path / "model.npz")
    loaded = DialogueModel.load(tmp_path / "model.npz")
    assert loaded.spec == spec
    assert loaded.pinyin is not None and loaded.pinyin.readings == TABLE.readings
    assert any(feature.startswith("y:") for feature in loaded.features)
    text = "我的投诉近度怎么样了"
    assert judge_text(loaded, text, tokenizer) == judge_text(model, text, tokenizer)


def test_a_pinyin_spec_without_a_table_is_refused() -> None:
    with pytest.raises(ValueError, match="pinyin table"):
        dialogue_features("跳楼", ["跳楼"], FeatureSpec(pinyin=True))


def test_a_phone_number_alone_and_a_grade_alone_differ_in_shape() -> None:
    phone = dialogue_features("13912345678", [])
    grade = dialogue_features("5", [])
    assert phone["s:number:mobile"] == 1 and "s:number:short" not in phone
    assert grade["s:number:short"] == 1 and "s:number:mobile" not in grade
    # A case number's digits are the case mark's, not a number the citizen typed.
    assert not [f for f in dialogue_features("XF2026-000123 进度", []) if f.startswith("s:number")]


def test_the_guide_grievance_cues_tell_a_grievance_asked_from_a_question() -> None:
    # LABEL_GUIDE.md, rule 12: the same question form, a particular problem or none.
    spec = FeatureSpec(grievance=True)
    grievance = dialogue_features("天台晾被子被物业禁止了 这合理吗", [], spec)
    procedure = dialogue_features("信访要带什么材料？", [], spec)
    told = dialogue_features("楼下烧烤店天天油烟", [], spec)
    assert grievance[CONCEPT + "g_asks_particular"] == 1 and grievance[CONCEPT + "g_harmed"] == 1
    assert procedure[CONCEPT + "g_asks_bare"] == 1 and procedure[CONCEPT + "g_procedure"] == 1
    assert CONCEPT + "g_asks_particular" not in procedure
    assert told[CONCEPT + "g_tells_particular"] == 1 and CONCEPT + "g_asks_bare" not in told
    assert dialogue_features("如果邻居装修太吵可以投诉吗", [], spec)[CONCEPT + "g_hypothetical"] == 1
    # A rule asked in general names no party of the writer's; the writer's own story does.
    general = dialogue_features("请问物业有没有权力停业主的水电", [], spec)
    own = dialogue_features("物业把我家水停了，家里还有婴儿，他们有这个权力吗", [], spec)
    assert general[CONCEPT + "g_asks_bare"] == 1
    assert own[CONCEPT + "g_asks_particular"] == 1 and own[CONCEPT + "g_particulars"] == 1
    # A spec without them (every model file before) reads none.
    assert not [f for f in dialogue_features("天台晾被子被物业禁止了 这合理吗", [])
                if f.startswith(CONCEPT + "g_")]
    assert FeatureSpec.from_json(spec.to_json()) == spec
    assert FeatureSpec.from_json({"char_sizes": [1, 2, 3]}).grievance is False


PASTED = FeatureSpec(pasted=True)


@pytest.mark.parametrize("code", ["3fa1b2c4d5", "QH7K2M9P", "FAULTtelegram486941b21f",
                                  "SF1409xxxx2231", "k7Qm2xPa"])
def test_a_pasted_code_is_one_mark_whatever_its_characters(code: str) -> None:
    other = "Z9Y8W7V6"
    assert dialogue_features(f"我的投诉怎么样了 {code}", ["我", "投诉", "怎么样", code.lower()],
                             PASTED) == \
        dialogue_features(f"我的投诉怎么样了 {other}", ["我", "投诉", "怎么样", other.lower()], PASTED)
    # Without the option the code's characters are features of their own (the model before it).
    assert dialogue_features(f"我的投诉怎么样了 {code}", ["我", "投诉", "怎么样", code.lower()]) != \
        dialogue_features(f"我的投诉怎么样了 {other}", ["我", "投诉", "怎么样", other.lower()])


@pytest.mark.parametrize("kept", ["139XXXX2871", "5G", "PM2.5", "京A12345", "XF2026", "wifi6",
                                  "tousu jindu", "hello 123"])
def test_what_is_not_a_code_is_read_as_written(kept: str) -> None:
    # A masked phone, a plate, a case number's head and plain words or pinyin stay features.
    text = f"小区{kept}问题"
    assert dialogue_features(text, ["小区", "问题"], PASTED) == dialogue_features(text, ["小区", "问题"])


def test_a_code_does_not_hide_the_question_at_the_end() -> None:
    asks = "s:asks"
    assert dialogue_features("请问怎么申请低保? ref:3fa1b2c4d5e6f7a8", [], PASTED)[asks] == 1


def test_the_pasted_option_travels_in_the_spec() -> None:
    assert FeatureSpec.from_json(PASTED.to_json()) == PASTED
    assert FeatureSpec.from_json({"char_sizes": [1, 2, 3]}).pasted is False


@pytest.mark.parametrize("link", ["https://weibo.com/1234/AbCdEf", "http://t.cn/A6xYz",
                                  "www.example.gov.cn/news?id=9"])
def test_a_pasted_link_is_one_mark_whatever_it_points_to(link: str) -> None:
    tokenizer = Tokenizer()

    def features(pasted: str) -> Counter[str]:
        text = normalize(f"看这个新闻 {pasted}，我们小区也一样")
        return dialogue_features(text, words_of(text, tokenizer), PASTED)

    assert features(link) == features("https://news.qq.com/a/20260101")
    assert "w:小区" in features(link) and "c:~" in features(link)


@pytest.mark.parametrize("text", ["我的投诉怎么样了 2026年3月", "小区门口垃圾三天没人收", "１３９１２３４５６７８ 电话"])
def test_a_text_with_no_latin_letter_has_nothing_pasted_to_fold(text: str) -> None:
    # The fold is skipped for such texts (most messages): it would change nothing anyway.
    assert not has_pasted(normalize(text))
    assert dialogue_features(normalize(text), [], PASTED) == dialogue_features(normalize(text), [])
    assert has_pasted(normalize("链接 http://t.cn/A6xYz"))


RHETORICAL = FeatureSpec(grievance=True, rhetorical=True)


def test_the_rhetorical_cues_tell_a_grievance_asked_from_a_procedure_asked() -> None:
    # Issue 15: a why of the writer's own lot, a problem with who is to deal with it, and the
    # same service asked about in general.
    why = dialogue_features("为啥我们这栋楼一礼拜两回停水", [], RHETORICAL)
    who = dialogue_features("巷口那盏路灯坏了半个月 就没人管管吗", [], RHETORICAL)
    general = dialogue_features("请问停水了一般先找物业还是找水务公司", [], RHETORICAL)
    where = dialogue_features("电梯年检的事归哪个部门", [], RHETORICAL)
    assert why[CONCEPT + "r_why_own"] == 1 and why[CONCEPT + "r_problem"] == 1
    assert who[CONCEPT + "r_problem_asks"] == 1 and who[CONCEPT + "r_problem_who"] == 1
    assert CONCEPT + "r_why_own" not in general and CONCEPT + "r_problem_who" not in general
    assert where[CONCEPT + "r_who_bare"] == 1 and CONCEPT + "r_problem_asks" not in where
    # A spec without them (every model file before) reads none, and the option travels.
    assert not [f for f in dialogue_features("为啥我们这栋楼一礼拜两回停水", [],
                                             FeatureSpec(grievance=True))
                if f.startswith(CONCEPT + "r_")]
    assert FeatureSpec.from_json(RHETORICAL.to_json()) == RHETORICAL
    assert FeatureSpec.from_json({"char_sizes": [1, 2, 3]}).rhetorical is False


TAILED = FeatureSpec(grievance=True, pasted=True, tail=True)


def test_the_tail_family_reads_only_the_last_clause() -> None:
    # Session 15: the clause that asks is mostly the last; an opening that tells of a past
    # event and a closing that asks about it must give different tail n-grams.
    told = dialogue_features(normalize("去年夏天楼道里淹过一回水，想问问现在防汛沙袋去哪领？"), [], TAILED)
    asked = {feature for feature in told if feature.startswith("t:")}
    assert "t:哪领" in asked and "t:领$" in asked
    assert not {feature for feature in asked if "淹" in feature or "楼道" in feature}
    # A run-on with no punctuation is cut to its end; a spec without the family reads none.
    run_on = dialogue_features(normalize("隔壁工地从早到晚打桩我家墙上的裂缝越来越宽了"), [], TAILED)
    assert "t:宽了$" in run_on and not [f for f in run_on if f.startswith("t:") and "工地" in f]
    assert not [f for f in dialogue_features("隔壁工地打桩", [], FeatureSpec()) if f.startswith("t:")]
    assert FeatureSpec.from_json(TAILED.to_json()) == TAILED
    assert FeatureSpec.from_json({"char_sizes": [1, 2, 3]}).tail is False
