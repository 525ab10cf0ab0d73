"""A correction of one's particulars told in words opens no case and raises no alarm (probe13).

"门牌号搞错了，应该是19号" puts the house number in place; "号码倒数第二位是3不是2" and "电话留错了，
刚那个是我儿子的" ask for the whole number; either way the citizen's words are filed under the
open case. Matters about a house number or a phone are still matters, and a correction that
carries danger words is still an alarm. Rows: tests/amendment_table.py.
"""

from __future__ import annotations

from itertools import count

from sqlmodel import select

from bot import texts
from storage import Case, CaseEvent, Identity, Message, Petitioner
from tests.amendment_table import APPLIED, ASKED, DANGER, LOOK_ALIKES
from tests.bot.harness import BotHarness

COMPLAINT = "我要投诉：小区门口的人行道砖翘起来好多块，老人摔过好几次，物业一直不修，希望尽快处理。"
PHONE = "+8613000000001"
ALARMS = (texts.say("zh", "emergency"), texts.say("zh", "emergency_safety"))
ITEM_WORDS = {"phone": "联系电话", "address": "通讯地址", "name": "姓名", "id_number": "身份证号码"}
_senders = count(3000)


def _complete(address: str) -> str:
    """A first message that leaves nothing to ask: name, phone, the address on file, the matter."""
    where = f"，住在{address}" if address else ""
    return f"我叫周全，电话13000000001{where}。{COMPLAINT}"


def _read(bot: BotHarness, sender: str) -> tuple[Petitioner, list[Case], list[tuple[str, int | None]]]:
    """The sender's petitioner, cases, and the events on them with the message each files."""
    def read(session):  # type: ignore[no-untyped-def]
        identity = session.exec(select(Identity).where(Identity.urn == sender)).one()
        cases = list(session.exec(select(Case).where(Case.identity_id == identity.id)))
        events = [(e.action, e.details.get("message_id")) for e in session.exec(
            select(CaseEvent).where(CaseEvent.case_id.in_([c.id for c in cases])))]  # type: ignore[union-attr]
        return session.get(Petitioner, identity.petitioner_id), cases, events
    found: tuple[Petitioner, list[Case], list[tuple[str, int | None]]] = bot.core.store.read_sync(read)
    return found


def _last_message_case(bot: BotHarness, sender: str) -> tuple[int | None, int | None]:
    def read(session):  # type: ignore[no-untyped-def]
        message = session.exec(select(Message).where(Message.sender == sender)
                               .order_by(Message.id.desc())).first()  # type: ignore[union-attr]
        return message.id, message.case_id
    found: tuple[int | None, int | None] = bot.core.store.read_sync(read)
    return found


def _alarmed(replies: list[str]) -> bool:
    return any(r.startswith(ALARMS) or "12356" in r for r in replies)


async def _after_a_complete_case(bot: BotHarness, address: str, text: str) -> tuple[str, list[str]]:
    sender = f"telegram:{next(_senders)}"
    await bot.say(_complete(address), sender=sender)
    person, _cases, _ = _read(bot, sender)
    assert person.contact.split("；")[-1] == (address or PHONE), person.contact  # the setup
    return sender, await bot.say(text, sender=sender)


async def test_a_part_of_the_address_on_file_is_put_in_place(bot: BotHarness) -> None:
    wrong = []
    for before, text, after in APPLIED:
        sender, replies = await _after_a_complete_case(bot, before, text)
        person, cases, events = _read(bot, sender)
        message_id, filed_under = _last_message_case(bot, sender)
        if person.contact != f"{PHONE}；{after}":
            wrong.append(f"{text}: contact {person.contact!r}")
        if person.name != "周全":
            wrong.append(f"{text}: name {person.name!r}")  # "小区名字错了，是和美小区"
        if len(cases) != 1 or filed_under != cases[0].id \
                or ("particulars_corrected", message_id) not in events:
            wrong.append(f"{text}: {len(cases)} cases, filed under {filed_under}, {events}")
        if _alarmed(replies) or not any("更正通讯地址" in r for r in replies):
            wrong.append(f"{text}: replies {replies}")
    assert wrong == []


async def test_a_correction_without_the_whole_value_asks_for_it_on_the_open_case(
        bot: BotHarness) -> None:
    wrong = []
    for before, text, item in ASKED:
        sender, replies = await _after_a_complete_case(bot, before, text)
        person, cases, events = _read(bot, sender)
        message_id, filed_under = _last_message_case(bot, sender)
        if person.contact != PHONE + (f"；{before}" if before else "") or person.name != "周全":
            wrong.append(f"{text}: {person.name!r} {person.contact!r}")
        if len(cases) != 1 or filed_under != cases[0].id \
                or ("particulars_correction_told", message_id) not in events:
            wrong.append(f"{text}: {len(cases)} cases, filed under {filed_under}, {events}")
        asked = f"请发送完整的正确{ITEM_WORDS[item]}"
        if _alarmed(replies) or not any(asked in r and cases[0].number in r for r in replies):
            wrong.append(f"{text}: replies {replies}")
    assert wrong == []


async def test_a_correction_as_a_first_message_opens_no_case(bot: BotHarness) -> None:
    wrong = []
    for _before, text, item in ASKED:
        sender = f"telegram:{next(_senders)}"
        replies = await bot.say(text, sender=sender)
        _person, cases, _ = _read(bot, sender)
        if cases or _alarmed(replies) or not any(ITEM_WORDS[item] in r for r in replies):
            wrong.append(f"{text}: {len(cases)} cases, replies {replies}")
    assert wrong == []


async def test_a_digit_told_with_the_whole_number_replaces_it_and_raises_no_alarm(
        bot: BotHarness) -> None:
    # Heard faintly as self-harm (0.048) and alarmed with the crisis line before.
    sender, replies = await _after_a_complete_case(bot, "", "不好意思电话最后一位是8，13000000008")
    person, cases, _ = _read(bot, sender)
    assert person.contact == "+8613000000008"
    assert len(cases) == 1
    assert not _alarmed(replies)
    assert any("已将您提供的联系电话" in r for r in replies), replies


async def test_matters_about_a_house_number_or_a_phone_are_no_correction(bot: BotHarness) -> None:
    wrong = []
    for text in LOOK_ALIKES:
        sender, replies = await _after_a_complete_case(bot, "光明路9号", text)
        person, _cases, _ = _read(bot, sender)
        _message_id, filed_under = _last_message_case(bot, sender)
        if person.contact != f"{PHONE}；光明路9号":
            wrong.append(f"{text}: contact {person.contact!r}")
        # Registered, joined, or asked about ("是对 XF… 的补充吗？"): a matter, whichever.
        held = any("的补充吗" in r for r in replies)
        if (filed_under is None and not held) or any("更正" in r or "完整的正确" in r for r in replies):
            wrong.append(f"{text}: filed under {filed_under}, replies {replies}")
    assert wrong == []


async def test_a_correction_with_danger_words_is_still_an_alarm(bot: BotHarness) -> None:
    wrong = []
    for text in DANGER:
        _sender, replies = await _after_a_complete_case(bot, "光明路9号", text)
        if not any("110" in r for r in replies):
            wrong.append(f"{text}: replies {replies}")
    assert wrong == []


async def test_a_place_corrected_with_no_address_on_file_is_no_alarm(bot: BotHarness) -> None:
    # Of the matter's place, not the address (none on file): material for the case, and the
    # faint self-harm signal (0.08 on 五楼) rests on the correction's words and a floor.
    sender, replies = await _after_a_complete_case(bot, "", "刚才说错了不是三楼是五楼")
    _person, cases, _ = _read(bot, sender)
    assert len(cases) == 1
    assert not _alarmed(replies), replies
