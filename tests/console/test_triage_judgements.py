"""The triage page shows each judgement of the case's first message with its confidence and
the words behind it, and a clerk's correction of the intent or the emergency is recorded with
the text it was about (issue 15)."""

from __future__ import annotations

import html

from sqlmodel import col, select

from storage import JudgementCorrection
from tests.console.conftest import Console
from tests.console.test_console import case_of, events


def verdicts(console: Console) -> list[JudgementCorrection]:
    return list(console.core.store.read_sync(lambda s: list(s.exec(
        select(JudgementCorrection).order_by(col(JudgementCorrection.id))))))


async def test_triage_shows_judgements_with_confidence_and_words(console: Console) -> None:
    number = console.numbers["accusation"]
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}/triage")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "机器判断与依据" in text
    for label in ("意图", "紧急情况", "检举控告", "法定途径", "类别"):
        assert f"<td>{label}</td>" in text
    judged = [e for e in events(console, number) if e.action == "judged"]
    assert len(judged) == 1
    # Each judgement's confidence is on the page, and the words behind it where it has any.
    for judgement in judged[0].details.values():
        assert f"{judgement['confidence'] * 100:.0f}%" in text
        if judgement["terms"]:
            assert "、".join(judgement["terms"]) in text
    assert any(j["terms"] for j in judged[0].details.values())


async def test_a_clerk_corrects_the_emergency_and_it_is_recorded(console: Console) -> None:
    number = console.numbers["road"]
    clerk = await console.login("clerk")
    before = case_of(console, number)
    assert not before.emergency
    posted = await clerk.post(f"/console/cases/{number}/judgement",
                              {"judgement": "emergency", "value": "accident"})
    assert posted.status_code == 303 and posted.headers["location"].endswith("/triage")
    after = case_of(console, number)
    assert after.emergency and after.needs_human
    [verdict] = verdicts(console)
    assert (verdict.judgement, verdict.predicted, verdict.value, verdict.source,
            verdict.actor) == ("emergency", "no", "accident", "console", "staff:clerk")
    assert "路灯" in verdict.text
    assert events(console, number)[-1].action == "judgement_set"
    page = html.unescape((await clerk.get(f"/console/cases/{number}/triage")).text)
    assert "事故" in page and "staff:clerk 更正" in page


async def test_an_intent_confirmation_is_a_verdict_and_nonsense_is_refused(
        console: Console) -> None:
    number = console.numbers["road"]
    clerk = await console.login("clerk")
    confirmed = await clerk.post(f"/console/cases/{number}/judgement",
                                 {"judgement": "intent", "value": "new_petition"})
    assert confirmed.status_code == 303
    assert events(console, number)[-1].action == "judgement_confirmed"
    refused = await clerk.post(f"/console/cases/{number}/judgement",
                               {"judgement": "intent", "value": "launch_rockets"})
    assert refused.status_code == 409
    assert len(verdicts(console)) == 1


async def test_a_unit_handler_cannot_correct_judgements(console: Console) -> None:
    number = console.numbers["complaint"]
    handler = await console.login("handler")
    refused = await handler.post(f"/console/cases/{number}/judgement",
                                 {"judgement": "emergency", "value": "fire"})
    assert refused.status_code == 403
    assert verdicts(console) == []
