"""The console's list of messages flagged for a person that no case holds (a request for a
person from someone with no case): shown to the bureau, masked, newest first and paged; taken
off by "已处理", which records who and when as ``cases handled`` does; CSRF and the triage
permission (no unit handler) enforced. Each row opens its audited single view, the one page
that shows the sender whole (to call back "给我回个电话")."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bot import staff
from bot.console import routes
from storage import Message
from storage.accounts import PersonalDataAccess
from tests.console.conftest import Console

#: A new sender with no case: asking for a person flags the message, not a case.
SENDER_PHONE = "13800138555"
SENDER = f"tel:+86{SENDER_PHONE}"
HANDLED = re.compile(r'action="/console/flagged/(\d+)/handled"')
OPENS = re.compile(r'href="/console/flagged/(\d+)"')


async def ask_for_person(console: Console, sender: str = SENDER, text: str = "转人工") -> int:
    await console.bot.say(text, sender=sender)
    listed = console.core.store.read_sync(lambda s: staff.flagged_messages(s))
    assert listed and listed[0]["text"] == text, listed
    return int(listed[0]["id"])


def message(console: Console, message_id: int) -> Message:
    found = console.core.store.read_sync(lambda s: s.get(Message, message_id))
    assert found is not None
    return found


async def test_the_bureau_sees_a_flagged_message_masked_with_why(console: Console) -> None:
    message_id = await ask_for_person(console)
    clerk = await console.login("clerk")
    queue = await clerk.get("/console/queue")
    assert 'href="/console/flagged"' in queue.text
    page = await clerk.get("/console/flagged")
    assert page.status_code == 200, page.text
    assert HANDLED.findall(page.text) == [str(message_id)]
    assert "转人工" in page.text and "要求人工服务" in page.text and "短信" in page.text
    assert SENDER_PHONE not in page.text  # the sender masked, as lists mask identity
    audited = console.core.store.read_sync(lambda s: list(s.exec(
        select(PersonalDataAccess).where(PersonalDataAccess.purpose == "GET /console/flagged"))))
    assert [row.details["messages"] for row in audited] == [[message_id]]


async def test_handled_takes_it_off_and_records_who_and_when(console: Console) -> None:
    message_id = await ask_for_person(console)
    clerk = await console.login("clerk")
    done = await clerk.post(f"/console/flagged/{message_id}/handled")
    assert done.status_code == 303 and done.headers["location"] == "/console/flagged"
    page = await clerk.get("/console/flagged")
    assert HANDLED.findall(page.text) == [] and "没有待人工处理的消息" in page.text
    kept = message(console, message_id)
    assert not kept.needs_human and kept.meta["handled_by"] == "staff:clerk"
    assert kept.meta["handled_at"]
    again = await clerk.post(f"/console/flagged/{message_id}/handled")
    assert again.status_code == 404
    assert (await clerk.post(f"/console/flagged/{10**20}/handled")).status_code == 404


async def test_handled_needs_the_csrf_token_and_the_triage_permission(console: Console) -> None:
    message_id = await ask_for_person(console)
    clerk = await console.login("clerk")
    for token in ("", clerk.csrf[:-1] + ("A" if clerk.csrf[-1] != "A" else "B")):
        refused = await clerk.post(f"/console/flagged/{message_id}/handled", csrf=token)
        assert refused.status_code == 403 and "CSRF" in refused.text
    handler = await console.login("handler")
    assert (await handler.get("/console/flagged")).status_code == 403
    assert 'href="/console/flagged"' not in (await handler.get("/console/queue")).text
    refused = await handler.post(f"/console/flagged/{message_id}/handled")
    assert refused.status_code == 403
    assert message(console, message_id).needs_human
    signed_out = await console.client().post(f"/console/flagged/{message_id}/handled",
                                             data={"csrf": clerk.csrf})
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/console/login"
    assert message(console, message_id).needs_human


async def test_newest_first_in_keyset_pages(console: Console,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first = await ask_for_person(console, "telegram:9001")
    second = await ask_for_person(console, "telegram:9002", "我要人工客服")
    monkeypatch.setattr(routes, "FLAGGED_PAGE", 1)
    clerk = await console.login("boss")
    page = await clerk.get("/console/flagged")
    assert HANDLED.findall(page.text) == [str(second)]
    assert f'href="/console/flagged?after={second}"' in page.text
    following = await clerk.get("/console/flagged", after=str(second))
    assert HANDLED.findall(following.text) == [str(first)]
    assert "/console/flagged?after=" not in following.text
    # A cursor this page did not write is page one; "²" is a digit to str.isdigit, not to int.
    for foreign in ("²", "abc", "-3"):
        again = await clerk.get("/console/flagged", after=foreign)
        assert again.status_code == 200 and HANDLED.findall(again.text) == [str(second)]


def audited_views(console: Console) -> list[PersonalDataAccess]:
    return console.core.store.read_sync(lambda s: list(s.exec(select(PersonalDataAccess).where(
        PersonalDataAccess.purpose == "GET /console/flagged/{id}"))))


async def test_the_single_view_shows_the_sender_whole_and_is_audited(console: Console) -> None:
    await console.bot.say("请给我回个电话", sender=SENDER, sender_name="王小明")
    [flagged] = console.core.store.read_sync(lambda s: staff.flagged_messages(s))
    message_id = int(flagged["id"])
    clerk = await console.login("clerk")
    listed = await clerk.get("/console/flagged")
    assert OPENS.findall(listed.text) == [str(message_id)]
    assert "王小明" not in listed.text and SENDER_PHONE not in listed.text
    page = await clerk.get(f"/console/flagged/{message_id}")
    assert page.status_code == 200, page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert f"<dd>+86{SENDER_PHONE}</dd>" in page.text and SENDER in page.text  # to call back
    assert "王小明" in page.text and "请给我回个电话" in page.text
    assert "要求人工服务" in page.text and "短信" in page.text
    assert HANDLED.findall(page.text) == [str(message_id)]
    [row] = audited_views(console)
    assert (row.actor, row.case_number, row.details) == ("clerk", "", {"messages": [message_id]})
    assert "sender" in row.fields and "contact" in row.fields
    # The audit row names what was read, never a copy of it.
    assert SENDER_PHONE not in str(row.details) + str(row.fields)


async def test_the_single_view_is_the_bureau_s_and_only_of_a_flagged_message(
        console: Console) -> None:
    message_id = await ask_for_person(console)
    handler = await console.login("handler")
    refused = await handler.get(f"/console/flagged/{message_id}")
    assert refused.status_code == 403 and SENDER_PHONE not in refused.text
    signed_out = await console.client().get(f"/console/flagged/{message_id}")
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/console/login"
    clerk = await console.login("clerk")
    # Message 1 is the first case's: the case page shows it, not this view.
    for unknown in ("1", "999999", str(10**20), "abc", "²", "-1", "0"):
        missing = await clerk.get(f"/console/flagged/{unknown}")
        assert missing.status_code == 404, (unknown, missing.text)
        assert "没有待人工处理的消息" in missing.text
    await clerk.post(f"/console/flagged/{message_id}/handled")
    handled = await clerk.get(f"/console/flagged/{message_id}")
    assert handled.status_code == 404 and SENDER_PHONE not in handled.text
    assert audited_views(console) == []
