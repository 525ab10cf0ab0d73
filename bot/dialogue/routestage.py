"""What a citizen is told of a legal route, at the stage the message says it has reached.

Kept apart from bot.dialogue.matter so the intake's material rows (bot.dialogue.intake,
bot.dialogue.slots), which bot.dialogue.matter imports, can tell the next step too.
"""

from __future__ import annotations

from bot import texts
from bot.dialogue.draft import Draft
from nlp import Analysis
from nlp.routes import route_stage
from storage import Case


def legal_route_notice(language: str, route: str, text: str = "") -> str:
    """What the citizen is told of a legal route: the route's own procedure and time limit
    where the texts have one, else the general notice naming it; the next step when ``text``
    (normalized) tells the route has already decided (nlp.routes.route_stage: "复议机关维持了原
    决定" goes to 行政诉讼, not to 行政复议 again)."""
    stage = route_stage(text, route)
    if stage and texts.has(language, f"legal_route_{route}_{stage}"):
        return texts.say(language, f"legal_route_{route}_{stage}")
    key = "legal_route_" + route
    return texts.say(language, key) if texts.has(language, key) else \
        texts.say(language, "legal_route", route=route)


def stage_notice(language: str, analysis: Analysis, case: Case) -> list[Draft]:
    """The next step of a legal route, when material for ``case`` tells the route has already
    decided ("我已经申请过行政复议了 复议机关维持了原决定", told after the case was
    registered): the notice the registration would have given, for the stage now reached."""
    route = analysis.legal_route
    if not route or not route_stage(analysis.text, route):
        return []
    return [Draft(legal_route_notice(language, route, analysis.text), case)]
