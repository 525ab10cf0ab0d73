"""The tokenizer's fast start and fast cut give jieba's own words, entry for entry.

The prefix dictionary is read lazily from a flat file (nlp/prefixdict.py) and the no-HMM cut is
our own pass (nlp/segment.py); both must change nothing jieba would have said.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import prefixdict, segment
from nlp.tokenizer import Tokenizer, default_cache_dir

ROOT = Path(__file__).resolve().parents[2]

TEXTS = (
    "我要投诉小区噪音扰民，物业不管",
    "XF2026-000123 的进度怎么样了？",
    "abc DEF 123 我的投诉怎么样了\r\n第二行\t制表",
    "工资拖欠3个月，老板说下周给，A栋2单元501室",
    "不是要跳楼，是想问问拆迁补偿什么时候发",
    "信访局信访件信访办 12345热线 e-mail: a_b@c.d 50%",
    "",
    " ",
    "。。。！！",
    "ＡＢＣ全角和半角abc混在一起",
)

# Characters of everyday complaints plus the ASCII that jieba treats specially.
_ALPHABET = "".join(sorted(set("".join(TEXTS)))) + "一二三的了是不人我在有他这中大来上国个到说们为子和你地出道也时年"


def _jieba_words(tokenizer: Tokenizer, text: str) -> list[str]:
    # jieba's own cut over the very dictionary the tokenizer reads.
    return list(tokenizer._jieba.cut(text, HMM=False))


def test_the_cut_is_jiebas_on_everyday_texts(tokenizer: Tokenizer) -> None:
    for text in TEXTS:
        assert tokenizer.cut(text) == _jieba_words(tokenizer, text), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "abcXYZ0189 \t\r\n,.-_+#&%。，！？", max_size=60))
def test_the_cut_is_jiebas_on_any_text(tokenizer: Tokenizer, text: str) -> None:
    assert tokenizer.cut(text) == _jieba_words(tokenizer, text)


def test_segment_breaks_ties_and_unknown_characters_as_jieba_does() -> None:
    # Equal scores for "ab"+"c" and "a"+"bc": jieba's max over (score, end) takes the longer
    # first word; a character in no word stands alone at frequency 1.
    plain = jieba.Tokenizer()
    plain.FREQ = {"a": 2, "ab": 2, "abc": 0, "b": 2, "bc": 2, "c": 2, "中": 0, "中国": 5, "国": 1}
    plain.total = 17
    plain.initialized = True
    for text in ("abc", "中国", "中", "国中国", "abcabc中国人", "x中y"):
        assert segment.cut(text, plain.FREQ, plain.total) == list(plain.cut(text, HMM=False)), text


def test_the_stored_dictionary_is_poured_in_by_first_character(tmp_path: Path) -> None:
    frequencies = {"a": 1, "ab": 0, "abc": 3, "b": 2, "中": 5, "中国": 7}
    path = tmp_path / "prefix.bin"
    prefixdict.write(path, frequencies, 18)
    target: dict[str, int] = {}
    lazy = prefixdict.open_lazy(path, target)
    assert lazy is not None and lazy.total == 18
    assert target == {}
    lazy.ensure("ax")
    assert target == {"a": 1, "ab": 0, "abc": 3}
    lazy.ensure("中b")
    assert target == frequencies


def test_a_damaged_file_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "prefix.bin"
    prefixdict.write(path, {"a": 1, "ab": 2}, 3)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    assert prefixdict.open_lazy(path, {}) is None
    path.write_bytes(bytes(data[:-5]))
    assert prefixdict.open_lazy(path, {}) is None
    assert prefixdict.open_lazy(tmp_path / "missing.bin", {}) is None


def test_the_file_name_follows_the_domain_words(tmp_path: Path) -> None:
    assert prefixdict.cache_path(tmp_path, "信访 2000 n\n") != prefixdict.cache_path(
        tmp_path, "信访 2001 n\n")
    assert prefixdict.cache_path(tmp_path, "x") == prefixdict.cache_path(tmp_path, "x")


def test_a_lazy_start_has_the_dictionary_a_full_start_builds(tmp_path: Path) -> None:
    # jieba's own cache copied in, when there is one: the first start then costs ~1 s, not ~5.
    shared = default_cache_dir() / "jieba.cache"
    if shared.exists():
        shutil.copy(shared, tmp_path / "jieba.cache")
    built = Tokenizer(cache_dir=tmp_path)
    assert list(tmp_path.glob("prefix-*.bin")), "the first start stores the finished dictionary"
    lazy = Tokenizer(cache_dir=tmp_path)
    assert lazy._lazy is not None and built._lazy is None
    for text in TEXTS:
        assert lazy.cut(text) == built.cut(text) == list(built._jieba.cut(text, HMM=False))
        assert lazy.terms(text) == built.terms(text)
    lazy.warm()
    assert lazy._jieba.FREQ == built._jieba.FREQ
    assert lazy._jieba.total == built._jieba.total
    assert lazy._jieba.user_word_tag_tab == built._jieba.user_word_tag_tab


def test_a_damaged_stored_dictionary_is_built_again(tmp_path: Path) -> None:
    shared = default_cache_dir() / "jieba.cache"
    if shared.exists():
        shutil.copy(shared, tmp_path / "jieba.cache")
    Tokenizer(cache_dir=tmp_path)
    (stored,) = tmp_path.glob("prefix-*.bin")
    stored.write_bytes(stored.read_bytes()[:1000])
    again = Tokenizer(cache_dir=tmp_path)
    assert again._lazy is None  # built the ordinary way, and stored anew
    assert again.cut(TEXTS[0]) == list(again._jieba.cut(TEXTS[0], HMM=False))
    assert Tokenizer(cache_dir=tmp_path)._lazy is not None


def test_importing_nlp_does_not_import_pkg_resources() -> None:
    # jieba would import it (0.15-0.3 s of the cold start) only to find its dictionary file.
    script = ("import sys, nlp, jieba\n"
              "print('pkg_resources' in sys.modules)\n"
              "with jieba.get_dict_file() as lines: print(bool(lines.readline()))\n")
    output = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    assert output == ["False", "True"]


def test_a_remembered_cut_is_the_cut_and_a_list_of_its_own(tmp_path: Path) -> None:
    fresh = Tokenizer(cache_dir=tmp_path)
    text = "小区门口的路灯坏了三个月没人修"
    first = fresh.terms(text)
    first.append("改过")
    again = fresh.terms(text)
    assert again == Tokenizer(cache_dir=tmp_path).terms(text)
    assert "改过" not in again and again is not first
    # more texts than are remembered: the first is cut again, the same
    for other in ("噪音扰民", "工资拖欠", "油烟太大", "道路积水", "垃圾清运", "违章建筑", "漏水"):
        fresh.terms(other)
    assert fresh.terms(text) == again
