"""What a message already gives (Art 19): read where it is said, never made up from a greeting."""

from __future__ import annotations

import pytest

from nlp.particulars import extract_particulars, looks_like_bare_name, surname_only, valid_id_number

LETTER = "尊敬的领导：\n我家楼下的餐馆油烟很大，晚上十一点还在炒菜，请你们处理。\n王芳\n2026年3月1日"


@pytest.mark.parametrize(("text", "name"), [
    ("我叫孙八，电话13912345678", "孙八"),
    ("本人张伟，住和平路", "张伟"),
    ("姓名：欧阳娜娜", "欧阳娜娜"),
    ("我姓李，叫李秀兰，电话 139 1234 5678", "李秀兰"),   # surname, then the full name
    ("我姓王叫小红", "王小红"),                        # surname, then the given name
    ("免贵姓张，名伟", "张伟"),
    ("我姓欧阳，叫欧阳娜娜", "欧阳娜娜"),                # a compound surname
    (LETTER, "王芳"),                                  # a letter's signature line
    ("此致敬礼 张三", "张三"),
    ("王芳 2026年3月1日", "王芳"),                      # signed and dated
    ("我叫孙八电话13912345678", "孙八"),                 # no punctuation before the phone
    ("俺是王家庄的赵老四 电话15100001234", "赵老四"),      # dialect, where from, then who
    ("我是阳光小区3栋的住户李梅", "李梅"),
    ("俺叫刘大柱", "刘大柱"),
    ("我的名字叫陈小兵", "陈小兵"),
    ("我叫王芳家住幸福路的老小区", "王芳"),
])
def test_a_name_is_read_where_it_is_given(text: str, name: str) -> None:
    assert extract_particulars(text).name == name


@pytest.mark.parametrize("text", [
    "谢谢啊",            # 谢 is a surname: a thanks is still no signature
    "好的谢谢",
    "王芳",              # a bare reply is read by the dialogue, which knows it asked
    "我是业主",
    "我是王家庄的村民",   # where from, and no name
    "我是李明的家属",     # whose relative: not the writer's name
    "我姓李",            # the surname alone is not a name
    "查询",
])
def test_nothing_is_made_a_name_that_was_not_given_as_one(text: str) -> None:
    assert extract_particulars(text).name == ""


def test_phone_and_id_number_must_be_valid() -> None:
    given = extract_particulars("电话 139-1234-5678，身份证 11010519491231002X")
    assert given.phone == "+8613912345678" and given.id_number == "11010519491231002X"
    assert extract_particulars("电话 12345678901，身份证 110105194912310021").phone == ""
    assert not valid_id_number("110105194912310021")


@pytest.mark.parametrize(("reply", "is_name"), [
    ("李四", True), ("王小红", True), ("张大山", True),
    ("查询", False), ("同意", False), ("算了", False), ("高兴", False), ("管理", False),
])
def test_a_bare_reply_is_a_name_only_when_it_is_not_an_everyday_word(reply: str,
                                                                     is_name: bool) -> None:
    assert looks_like_bare_name(reply) is is_name


@pytest.mark.parametrize(("reply", "surname"), [
    ("我姓罗", "罗"), ("免贵姓欧阳", "欧阳"), ("姓罗", "罗"), (" 我姓王。", "王"), ("本人姓张！", "张"),
    # The surname alone, as many answer "your name?" (session 14's probe: thanked by it, not
    # told it is no name).
    ("罗", "罗")])
def test_a_surname_given_alone_is_read(reply: str, surname: str) -> None:
    assert surname_only(reply) == surname


@pytest.mark.parametrize("reply", ["李四", "我姓罗叫罗明", "我是罗明", "谢谢", "查询", "我姓啊",
                                   "今天天气不错啊", "罗女士", "我姓罗，电话13912345678"])
def test_a_name_or_anything_else_is_no_surname_alone(reply: str) -> None:
    assert surname_only(reply) == ""


@pytest.mark.parametrize(("text", "phone"), [
    ("一三八一二三四五六七八", "+8613812345678"), ("我的电话是一三九零零零零一一一一", "+8613900001111"),
    ("幺三八零零零零幺幺幺幺", "+8613800001111"),  # 幺: 1 as it is read out
    ("一二三四五六七八九十一二", ""), ("三十一个人等了二十二天", ""),  # no valid number
])
def test_a_phone_written_in_chinese_numerals_is_read(text: str, phone: str) -> None:
    assert extract_particulars(text).phone == phone
