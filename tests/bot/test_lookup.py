"""The status fast path (``bot.lookup``) says word for word what the conversation says."""

from __future__ import annotations

from sqlmodel import Session

from bot import cases, lookup, staff
from bot.dialogue.status import status_line
from tests.bot.harness import BotHarness
from tests.conftest import FIXED_NOW

COMPLAINT = "小区旁边的工地每天夜里施工到凌晨两点，噪音很大，严重影响休息，请求有关部门依法查处。"
SENDER = "tel:+8613800000301"
#: Each case is moved this far along the workflow: every status a status line can show.
STEPS = (
    (),
    (("accept", {}),),
    (("accept", {}), ("assign", {"unit": "区住建局", "mode": "交办"})),
    (("accept", {}), ("assign", {"unit": "区住建局", "mode": "转送"}),
     ("answer", {"text": "已责令工地夜间停工。", "decision": "支持",
                 "facts": "经核查夜间施工属实。", "basis": "《环境噪声污染防治法》第三十条"})),
)


async def test_the_fast_path_answers_as_the_conversation_does(bot: BotHarness) -> None:
    numbers = []
    for n, steps in enumerate(STEPS):
        # Different texts: each is a matter of its own, not a repeat of the first (Art 19).
        sender = f"tel:+86138000003{n:02d}"
        replies = await bot.say(f"{COMPLAINT}第{n + 1}个工地在{'东西南北'[n]}门。", sender=sender)
        number = next(r for r in replies if "XF2026-" in r).split("编号 ")[1][:13]
        numbers.append(number)
        for action, fields in steps:
            bot.core.store.write_sync(
                lambda s, a=action, f=fields, x=number: staff.act(
                    s, x, a, actor="staff:t", now=FIXED_NOW, deadlines=bot.core.deadlines,
                    units=bot.core.units, **f))

    def compare(session: Session) -> None:
        for number in numbers:
            case = cases.find_case(session, number)
            fast = lookup.by_number(session, number)
            assert case is not None and fast is not None
            assert (fast.id, fast.number, fast.status, fast.petitioner_id, fast.code_hash) == (
                case.id, case.number, case.status, case.petitioner_id, case.code_hash)
            assert fast.next_deadline() == cases.next_deadline(case)
            for language in ("zh", "en"):
                # the fast path's read against the one built from the ORM case
                assert lookup.status_line(fast, language) == status_line(case, language)
            mine = cases.cases_of(session, case.petitioner_id)
            assert [c.number for c in lookup.cases_of(session, case.petitioner_id)] == [
                c.number for c in mine]
        assert lookup.by_number(session, "XF2026-999999") is None

    bot.core.store.read_sync(compare)
    assert len({bot.core.store.read_sync(lambda s, x=x: lookup.by_number(s, x)).status  # type: ignore[union-attr]
                for x in numbers}) == len(STEPS)


async def test_a_status_question_gets_the_fast_paths_line(bot: BotHarness) -> None:
    replies = await bot.say(COMPLAINT, sender=SENDER)
    number = next(r for r in replies if "XF2026-" in r).split("编号 ")[1][:13]
    answer = await bot.say(f"查询 {number}", sender=SENDER)
    fast = bot.core.store.read_sync(lambda s: lookup.by_number(s, number))
    assert fast is not None and answer == [lookup.status_line(fast, "zh")]
