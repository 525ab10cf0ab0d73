"""Corrections of one's particulars told in words, without the whole new value (probe13), and
look-alikes that are matters. Used by tests/bot/test_dialogue_amended.py.

A row of ``APPLIED``: the address on file, the message, the address after it. A row of
``ASKED``: the address on file ("" for none besides the phone), the message, the particular
asked for again in full ("phone", "address", "name", "id_number").
"""

from __future__ import annotations

#: A part of the address on file, unambiguous: put in place.
APPLIED: list[tuple[str, str, str]] = [
    ("光明路9号", "门牌号搞错了，应该是19号", "光明路19号"),
    ("光明路9号", "门牌写错了，是29号", "光明路29号"),
    ("光明路9号", "不对不对，门牌号应该是109号", "光明路109号"),
    ("光明路9号", "门牌号不是9号，是19号", "光明路19号"),
    ("和平小区5栋", "哦小区名字错了，是和美小区", "和美小区5栋"),
    ("和平小区5栋", "小区名写错了，应该是阳光小区", "阳光小区5栋"),
    ("幸福小区5栋2单元", "抱歉，是3单元不是2单元", "幸福小区5栋3单元"),
    ("幸福小区5栋2单元", "楼号错了，应该是7栋", "幸福小区7栋2单元"),
    ("王家村三组", "村名说错了，是李家村", "李家村三组"),
    ("上坝村二组", "说错了，是下坝村，不是上坝村", "下坝村二组"),
]

#: A part that cannot be put in place safely, or no new value at all: the whole one is asked.
ASKED: list[tuple[str, str, str]] = [
    ("", "号码倒数第二位是3不是2", "phone"),
    ("", "不好意思，电话号码中间那个1应该是7", "phone"),
    ("", "电话留错了，刚那个是我儿子的", "phone"),
    ("", "刚才电话号码写错了", "phone"),
    ("", "手机号第三位是5不是8", "phone"),
    ("", "号码最后两位是反的", "phone"),
    ("", "电话少写了一位", "phone"),
    ("", "留的号码是我老伴的，不是我的", "phone"),
    ("", "电话号码好像留错了", "phone"),
    ("光明路9号", "地址写错了", "address"),
    ("光明路9号", "门牌号错了，是5栋", "address"),  # no 栋 on file: not guessed
    ("光明路9号", "门牌号不是8号，是18号", "address"),  # the wrong one is not on file
    ("", "名字写错了，最后一个字是鸣", "name"),
    ("", "身份证号码最后一位应该是X", "id_number"),
]

#: Matters about a house number, a phone or an address: never read as a correction.
LOOK_ALIKES: list[str] = [
    "门牌号被人涂掉了，快递老送错",
    "小区名字改了，导航一直找不到，外卖进不来",
    "门牌号错了好多年，派出所一直不给改",
    "社区把我家地址登记错了，低保一直发不下来",
    "快递员把门牌号看错了，东西丢了不赔",
    "号码被人冒用了，天天收到催债短信",
    "电话打错了好几次都没人接，你们热线是不是坏了",
]

#: Corrections that carry danger words: the alarm stands.
DANGER: list[str] = [
    "电话留错了，我儿子要跳楼",
    "地址写错了，我家着火了",
]
