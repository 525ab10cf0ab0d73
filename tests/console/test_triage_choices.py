"""The triage page offers the classifier's top three categories as one-click choices, and a
click is recorded as a category verdict with the text it was about (issue 18)."""

from __future__ import annotations

import html
import re

from sqlmodel import col, select

from storage import CategoryCorrection
from tests.api.conftest import ROAD_TEXT
from tests.console.conftest import Console
from tests.console.test_console import case_of, events

CHOICE = re.compile(
    r'<form method="post" action="/console/cases/([^"]+)/category" class="choice">\s*'
    r'<input type="hidden" name="csrf" value="[^"]+">\s*'
    r'<input type="hidden" name="category" value="([^"]+)">\s*'
    r'<button type="submit"[^>]*>[^<]*<small>(\d+)%</small>')


def verdicts(console: Console) -> list[CategoryCorrection]:
    return list(console.core.store.read_sync(lambda s: list(s.exec(
        select(CategoryCorrection).order_by(col(CategoryCorrection.id))))))


async def test_triage_offers_three_ranked_choices_and_a_click_records_the_verdict(
        console: Console) -> None:
    number = console.numbers["road"]
    clerk = await console.login("clerk")
    page = await clerk.get(f"/console/cases/{number}/triage")
    assert page.status_code == 200
    choices = [(html.unescape(label), int(percent)) for target, label, percent
               in CHOICE.findall(page.text) if target == number]
    catalogue = set(console.core.intake.conversation.routing.units)
    assert len(choices) == 3
    assert {label for label, _ in choices} <= catalogue
    assert [p for _, p in choices] == sorted((p for _, p in choices), reverse=True)
    case = case_of(console, number)
    # The classifier's own pick leads (the same model ranked both).
    assert choices[0][0] == case.category
    # One click on the second choice corrects the category.
    second = choices[1][0]
    clicked = await clerk.post(f"/console/cases/{number}/category", {"category": second})
    assert clicked.status_code == 303 and clicked.headers["location"].endswith("/triage")
    assert case_of(console, number).category == second
    assert events(console, number)[-1].action == "category_set"
    [verdict] = verdicts(console)
    assert (verdict.case_id, verdict.predicted, verdict.category, verdict.source,
            verdict.actor) == (case.id, case.category, second, "console", "staff:clerk")
    assert ROAD_TEXT in verdict.text
    # Confirming is a verdict too: a row whose category equals what the case carried.
    confirmed = await clerk.post(f"/console/cases/{number}/category", {"category": second})
    assert confirmed.status_code == 303
    rows = verdicts(console)
    assert len(rows) == 2 and rows[-1].predicted == rows[-1].category == second
    assert events(console, number)[-1].action == "category_confirmed"


async def test_a_refused_verdict_writes_no_row(console: Console) -> None:
    number = console.numbers["road"]
    clerk = await console.login("clerk")
    refused = await clerk.post(f"/console/cases/{number}/category", {"category": "不存在的类别"})
    assert refused.status_code == 409
    assert verdicts(console) == []
