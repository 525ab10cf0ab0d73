"""Table-driven parsing over the .eml files in tests/payloads/mail/, plus the helpers' edge cases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from channels.mail import (
    ParseLimits,
    decode_bytes,
    decode_header_value,
    html_to_text,
    parse_letter,
    sanitize_filename,
    strip_quotes_and_signature,
)

PAYLOADS = Path(__file__).resolve().parents[2] / "payloads" / "mail"


@dataclass(frozen=True)
class Expected:
    subject: str
    text: str
    from_address: str = ""
    from_name: str = ""
    message_id: str = ""
    auto_generated: bool = False
    attachments: tuple[tuple[str, str], ...] = ()  # (sanitized name, content type)
    problems: tuple[str, ...] = ()


CASES: dict[str, Expected] = {
    "gb2312_label_gbk_chars.eml": Expected(
        subject="关于朱镕基反映的问题",
        text="尊敬的领导：\n我叫朱镕基，邻居陶喆家装修噪音严重，请协助处理。\n此致\n敬礼",
        from_address="taozhe@example.com", from_name="陶喆", message_id="<gbk-001@example.com>",
    ),
    "utf8_split_encoded_words_qp.eml": Expected(
        subject="小区路灯坏了三个月", text="小区东门的路灯已经坏了三个月，晚上很危险。",
        from_address="li.si@example.com", from_name="李四", message_id="<split-002@example.com>",
    ),
    "big5_qp.eml": Expected(
        subject="公園廁所", text="市民反映：公園廁所長期無人清潔。",
        from_address="chen@example.com.tw", message_id="<big5-003@example.com.tw>",
    ),
    "iso2022jp_7bit.eml": Expected(
        subject="手紙", text="中文字の手紙です。", from_address="yamada@example.jp",
        from_name="山田", message_id="<jp-004@example.jp>",
    ),
    "attachments_rfc2231_names.eml": Expected(
        subject="材料附件", text="请查收附件中的照片和材料。", from_address="wang@example.com",
        message_id="<att-005@example.com>",
        attachments=(
            ("照片.jpg", "image/jpeg"),
            ("passwd", "application/pdf"),
            ("_CON.txt", "application/octet-stream"),
            ("申诉书.doc", "application/msword"),
        ),
    ),
    "html_only_with_quote.eml": Expected(
        subject="噪音投诉", text="工地夜间施工 噪音很大&影响休息。\n\n请尽快处理\n谢谢",
        from_address="zhao@example.com", from_name="Zhao", message_id="<html-006@example.com>",
    ),
    "reply_with_quote_signature.eml": Expected(
        subject="Re: [XF2026-000123] 您的来信已登记",
        text="补充材料：噪音在晚上十点以后仍然存在。\n\n张三\n电话 13800000000",
        from_address="zhangsan@example.com", from_name="张三", message_id="<reply-007@example.com>",
    ),
    "raw_8bit_headers_unknown_charset.eml": Expected(
        subject="道路积水", text="雨后道路积水严重。", from_address="wangwu@example.com",
        from_name="王五", message_id="<raw8-008@example.com>",
    ),
    "malformed_addresses_no_message_id.eml": Expected(
        subject="=?utf-8?Q?unterminated", text="请处理小区垃圾问题。", problems=("no_sender",),
    ),
    "auto_reply_out_of_office.eml": Expected(
        subject="Automatic reply: [XF2026-000200]", text="I am out of the office until Monday.",
        from_address="liu@example.com", message_id="<ooo-010@example.com>", auto_generated=True,
    ),
    "bounce_dsn.eml": Expected(
        subject="Undelivered Mail Returned to Sender",
        text="The mail system could not deliver your message.",
        from_address="mailer-daemon@mx.example.com", from_name="Mail Delivery System",
        message_id="<dsn-011@mx.example.com>", auto_generated=True,
        attachments=(("attachment", "message/delivery-status"), ("attachment", "text/rfc822-headers")),
    ),
    "precedence_bulk.eml": Expected(
        subject="Weekly newsletter", text="News.", from_address="news@example.com",
        message_id="<bulk-012@example.com>", auto_generated=True,
    ),
    "forward_related_alternative.eml": Expected(
        subject="转发：楼道堆放杂物", text="楼道里堆满了杂物，存在消防隐患。",
        from_address="sun@example.com", from_name="Sun", message_id="<fwd-013@example.com>",
        attachments=(("attachment", "image/png"), ("forwarded.eml", "message/rfc822")),
    ),
}


def test_every_payload_file_has_a_row() -> None:
    assert sorted(path.name for path in PAYLOADS.glob("*.eml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_payload_parses_as_expected(name: str) -> None:
    expected = CASES[name]
    letter = parse_letter((PAYLOADS / name).read_bytes())
    assert letter.subject == expected.subject
    assert letter.text == expected.text
    assert letter.from_address == expected.from_address
    assert letter.from_name == expected.from_name
    assert letter.message_id == expected.message_id
    assert letter.auto_generated is expected.auto_generated
    assert tuple((item.filename, item.content_type) for item in letter.attachments) == expected.attachments
    for problem in expected.problems:
        assert problem in letter.problems
    assert "\ufffd" not in letter.text + letter.subject + letter.from_name


def test_quoted_text_is_kept_in_full_text() -> None:
    letter = parse_letter((PAYLOADS / "reply_with_quote_signature.eml").read_bytes())
    assert "> 查询码：ABCD2345" in letter.full_text and "ABCD2345" not in letter.text
    assert letter.in_reply_to == ("<xf.41.abcdef@xinfang.example.cn>",)


def test_attachment_limits_drop_data_and_say_so() -> None:
    raw = (PAYLOADS / "attachments_rfc2231_names.eml").read_bytes()
    letter = parse_letter(raw, ParseLimits(attachment_max_bytes=10))
    assert [item.filename for item in letter.attachments] == ["_CON.txt", "申诉书.doc"]
    assert "attachment_too_large" in letter.problems
    counted = parse_letter(raw, ParseLimits(max_attachments=1))
    assert len(counted.attachments) == 1 and "too_many_attachments" in counted.problems
    total = parse_letter(raw, ParseLimits(attachments_total_bytes=25))
    assert sum(len(item.data) for item in total.attachments) <= 25
    assert "attachment_too_large" in total.problems


def test_deep_nesting_is_bounded() -> None:
    depth = 200
    parts = [f'Content-Type: multipart/mixed; boundary="b{n}"\r\n\r\n--b{n}\r\n' for n in range(depth)]
    closing = "".join(f"\r\n--b{n}--\r\n" for n in reversed(range(depth)))
    raw = ("From: a@example.com\r\nSubject: deep\r\n" + "".join(parts)
           + "Content-Type: text/plain\r\n\r\ndeep text" + closing).encode()
    letter = parse_letter(raw, ParseLimits(max_depth=10))
    assert "nesting_too_deep" in letter.problems


@pytest.mark.parametrize(
    ("data", "label", "text"),
    [
        ("镕喆".encode("gbk"), "gb2312", "镕喆"),
        ("镕喆".encode("gbk"), "x-gbk", "镕喆"),
        ("镕喆".encode("gbk"), "CP936", "镕喆"),
        ("镕喆".encode("gbk"), "euc-cn", "镕喆"),
        ("中文".encode(), "gb2312", "中文"),  # mislabelled UTF-8 (invalid as GB18030 here)
        ("中文".encode(), "", "中文"),
        ("中文".encode("gb18030"), "unknown-8bit", "中文"),
        ("中文".encode(), "no-such-charset", "中文"),
        ("\ufeff中文".encode("utf-8"), "utf-8", "中文"),
        ("圖形".encode("big5"), "big5", "圖形"),
        (b"caf\xe9", "us-ascii", "caf\ufffd"),
    ],
)
def test_decode_bytes(data: bytes, label: str, text: str) -> None:
    assert decode_bytes(data, label) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("=?gb2312?B?6UY=?=", "镕"),
        ("=?utf-8?q?=E4=B8=AD=E6=96=87_x?=", "中文 x"),
        ("=?UTF-8?B?5Lit?= =?UTF-8?B?5paH?=", "中文"),
        ("Re: =?utf-8?B?5Lit5paH?= [XF2026-000001]", "Re: 中文 [XF2026-000001]"),
        ("=?utf-8*zh?B?5Lit?=", "中"),
        ("=?bogus?B?5Lit?=", "中"),
        ("=?utf-8?B?5Lit", "=?utf-8?B?5Lit"),
        ("plain\r\n folded", "plain folded"),
        ("中文".encode().decode("ascii", "surrogateescape"), "中文"),
        ("", ""),
    ],
)
def test_decode_header_value(value: str, text: str) -> None:
    assert decode_header_value(value) == text


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("a\x00b\x1fc\u202egpj.exe", "abcgpj.exe"),
        ("...", "attachment"),
        ("", "attachment"),
        (" 申诉书 .doc ", "申诉书 .doc"),
        ('a<b>c:d"e|f?g*h.txt', "a_b_c_d_e_f_g_h.txt"),
        ("长" * 100 + ".pdf", "长" * 65 + ".pdf"),
    ],
)
def test_sanitize_filename(name: str, safe: str) -> None:
    assert sanitize_filename(name) == safe


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("hello\n\nOn Mon, 1 Jan 2026, A <a@b.cn> wrote:\n> old", "hello"),
        ("新内容\n\n-----原始邮件-----\n发件人: x\n旧内容", "新内容"),
        ("新内容\n------------------ 原始邮件 ------------------\n发件人: x", "新内容"),
        ("新内容\n\n发件人: 信访局\n发送时间: 2026年11月1日\n旧内容", "新内容"),
        ("text\nFrom: Bureau\nSent: Monday\nold", "text"),
        ("text\n-- \nsig", "text\nsig"),
        ("请处理\n\n发自我的iPhone", "请处理"),
        ("发自肺腑地请求处理", "发自肺腑地请求处理"),
        ("> only a quote", "> only a quote"),
        ("Zhang wrote:\n> old\nnew", "new"),
        ("在 2026年11月1日 周一 10:00，信访局 写道：\n> 旧\n\n补充：新", "补充：新"),
        ("上\n\nOn Mon, Nov 2, 2026 at 10:00 AM Bureau <x@y.cn>\nwrote:\n> old", "上"),
    ],
)
def test_strip_quotes_and_signature(text: str, own: str) -> None:
    assert strip_quotes_and_signature(text) == own


def test_html_to_text_survives_broken_and_deep_markup() -> None:
    assert html_to_text("<p>a<b>b</p><div>c") == "ab\n\nc"
    deep = "<div>" * 50_000 + "深" + "</div>" * 50_000
    assert html_to_text(deep) == "深"
    assert html_to_text("<![if x]><p>&#x4e2d;&lt;</p>") == "中<"
