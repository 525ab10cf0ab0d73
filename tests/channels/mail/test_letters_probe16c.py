"""What the mail channel hands the bot of a letter, as a citizen probe by mail found it wrong
(session 16, probe16c), in other words than the probe's letters: a short signature under
"-- " is the writer's own closing (the name and phone the intake asked for again), a letter
forwarded inline is the petition, a vacation reply is known by its subject when no header
says so, and a letter told in its subject with a body of a signature is read with it."""

from __future__ import annotations

import pytest

from channels.mail.parser import parse_letter
from channels.mail.quoting import strip_quotes_and_signature


@pytest.mark.parametrize(("text", "own"), [
    # A person's short closing under the delimiter stays: it is where their particulars are.
    ("楼道里的消防栓没有水。\n-- \n钟立群\n13912340987", "楼道里的消防栓没有水。\n钟立群\n13912340987"),
    ("路面塌了\n--\n邵淑华 手机 13800001111", "路面塌了\n邵淑华 手机 13800001111"),
    # A firm's long signature is no closing of a person's.
    (("请处理。\n-- \n某某科技有限公司\n本邮件及其附件含有保密信息，仅限于发送给上面地址中列出的个人或群组。"
     "禁止任何其他人以任何形式使用本邮件中的信息。如果您错收了本邮件，请您立即电话或邮件通知发件人并删除本邮件。"),
     "请处理。"),
    ("请处理。\n-- \n" + "\n".join(f"line {i}" for i in range(9)), "请处理。"),
    # The quote below a short signature still goes.
    ("补充：昨晚又停电了。\n-- \n滕明远\n\n在 2026年11月3日，信访局 写道：\n> 已登记", "补充：昨晚又停电了。\n滕明远"),
])
def test_a_short_signature_is_the_writers_own(text: str, own: str) -> None:
    assert strip_quotes_and_signature(text) == own


@pytest.mark.parametrize(("text", "own"), [
    (("帮我爸转一下。\n\n---------- Forwarded message ---------\nFrom: 温建平 <w@example.cn>\n"
     "Date: 2026年11月2日\nSubject: 问题\nTo: me@example.cn\n\n村口的变压器冒烟好几次了。\n温建平"),
     "帮我爸转一下。\n\n村口的变压器冒烟好几次了。\n温建平"),
    ("-------- 转发邮件 --------\n发件人：严冬梅\n主题：来信\n\n学校旁边的网吧让未成年人进。",
     "学校旁边的网吧让未成年人进。"),
    # A reply's original message is still a quote.
    ("好的\n\n-----Original Message-----\nFrom: 信访局\n已登记", "好的"),
])
def test_a_letter_forwarded_inline_is_read(text: str, own: str) -> None:
    assert strip_quotes_and_signature(text) == own


def _letter(subject: str, body: str, *headers: str) -> bytes:
    head = "".join(f"{line}\r\n" for line in headers)
    return (f"From: a@example.cn\r\nTo: xinfang@example.cn\r\nSubject: {subject}\r\n"
            f"Message-ID: <p16@example.cn>\r\n{head}MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            f"{body}\r\n").encode()


@pytest.mark.parametrize(("subject", "auto"), [
    ("Automatic reply: 您的来信已登记", True),
    ("自動回覆：收到", True),
    ("OUT OF OFFICE: back on 3 Dec", True),
    ("Autoreply: [XF2026-000001]", True),
    # A person's subject about auto-replies is none.
    ("关于自动回复功能的建议", False),
    ("Re: 我不在家时施工队进了院子", False),
])
def test_a_vacation_reply_is_known_by_its_subject(subject: str, auto: bool) -> None:
    letter = parse_letter(_letter(subject, "我这几天不在，回来后再联系。"))
    assert letter.auto_generated is auto


@pytest.mark.parametrize(("subject", "body", "text"), [
    # The body only signs: the subject is the letter's first line.
    ("菜市场门口的下水井盖被偷了", "温建平 13666660000", "菜市场门口的下水井盖被偷了\n\n温建平 13666660000"),
    ("小区电梯困人三次了", "", "小区电梯困人三次了"),
    # A body that tells the matter is read alone; a reply's subject is the thread's.
    ("噪音", "楼下的酒吧每天放音乐到凌晨。", "楼下的酒吧每天放音乐到凌晨。"),
    ("Re: [XF2026-000009] 路灯", "收到", "收到"),
    ("回复：路灯不亮", "好的", "好的"),
])
def test_a_letter_told_in_its_subject(subject: str, body: str, text: str) -> None:
    assert parse_letter(_letter(subject, body)).text == text
