"""bot.dialogue.amendment: a correction is read only when all of it is one, and a part of an
address is put in place only when exactly one part on file is of its kind (or named after 不是)."""

from __future__ import annotations

from bot.dialogue.amendment import ADDRESS, PHONE, amended_address, read


def test_a_correction_is_read_word_for_word() -> None:
    told = read("门牌号搞错了,应该是19号")
    assert told is not None and told.items == (ADDRESS,) and told.new == ("19号",)
    assert read("号码倒数第二位是3不是2") is not None
    assert read("电话留错了,刚那个是我儿子的").items == (PHONE,)  # type: ignore[union-attr]
    # One word beyond the grammar and it is something else: a matter, or a danger.
    assert read("门牌号被人涂掉了,快递老送错") is None
    assert read("电话留错了,我儿子要跳楼") is None
    # A particular named or a place given for another: "说错了，是大前天" corrects no particular.
    assert read("说错了,是大前天") is None
    assert read("门牌号是19号") is None  # no word of a correction: given, not corrected


def test_a_place_in_a_correction_is_blanked_from_its_own_words() -> None:
    told = read("小区名字错了,是和美小区")
    assert told is not None and "和美" not in told.fixed and "小区名字错了" in told.fixed


def test_a_part_of_the_address_replaces_the_one_of_its_kind_or_nothing() -> None:
    assert amended_address("光明路9号", read("门牌号应该是19号")) == "光明路19号"  # type: ignore[arg-type]
    assert amended_address("光明路9号", read("门牌号不是9号,是19号")) == "光明路19号"  # type: ignore[arg-type]
    # Not "光明路16号" read inside "光明路6号" by its text: by its parts.
    assert amended_address("新华路6号", read("不对,门牌号是16号,不是6号")) == "新华路16号"  # type: ignore[arg-type]
    assert amended_address("光明路9号", read("门牌号不是8号,是18号")) == ""  # type: ignore[arg-type]
    assert amended_address("光明路9号", read("门牌号错了,是5栋")) == ""  # type: ignore[arg-type]
    assert amended_address("", read("门牌号应该是19号")) == ""  # type: ignore[arg-type]
