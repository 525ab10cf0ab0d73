"""Hard rules that never depend on a guess: opt-out and opt-in, help, slash commands.

STOP / 退订 carry legal weight (carriers require honouring them) and slash commands are
explicit; both are decided by ``nlp``'s rules, and the slash command's arguments here.
"""

from __future__ import annotations

import re

from sqlmodel import select

from bot import cases, texts
from bot.dialogue.draft import Draft
from bot.dialogue.faqreply import faq_reply
from bot.dialogue.followup import answers_our_question
from bot.dialogue.rating import rates_the_awaited_case
from bot.dialogue.turn import Turn
from nlp import Intent
from storage import Case

# The command words are nlp/commands.py's (one list for every channel); this only splits the
# text. A full-width slash (／) is what Chinese input methods often produce, so it counts too.
_COMMAND = re.compile(r"^[/／](?P<name>[A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)"
                      r"(?P<rest>.*)\Z", re.DOTALL)
#: Commands that are intents the table decides further down (status, list).
PASSED_ON = ("status", "cases", "list")


def parse_command(text: str) -> tuple[str, str] | None:
    """``"/cmd@bot args"`` as ``("cmd", "args")``; None when ``text`` is not a command."""
    match = _COMMAND.match(text.lstrip())
    if match is None:
        return None
    return match.group("name").lower(), match.group("rest").strip()


class OptOut:
    """STOP / 退订 / START and help: whole-message keywords."""

    name = "opt_out"

    def check(self, turn: Turn) -> bool:
        if turn.analysis.intent in (Intent.OPT_OUT, Intent.OPT_IN):
            return True  # "/stop" included: carriers' rules, not a guess
        # A bare 是 / 不是 answers the bot's own question (the supplement question), whatever
        # the intent model makes of two characters: never a request for the help text.
        # Nor is a grade after the rating prompt ("不怎么样" reads like "怎么" to the model).
        return turn.analysis.intent is Intent.HELP and turn.command is None \
            and not answers_our_question(turn) and not rates_the_awaited_case(turn)

    def handle(self, turn: Turn) -> list[Draft]:
        intent, identity = turn.analysis.intent, turn.identity
        if intent is Intent.HELP:
            # "然后呢？接下来我要干啥", "查询码是干嘛用的" read as help to the model: a question
            # an entry answers gets that answer, not the list of commands.
            # "帮我查一下公积金余额" (help 0.68) asks another office's service: said so.
            if turn.services.faq.about_another_service(turn.analysis):
                return [Draft(texts.say(turn.language, "other_service_answer"))]
            return faq_reply(turn) or [Draft(texts.say(turn.language, "help"))]
        identity.opted_out = intent is Intent.OPT_OUT
        turn.session.add(identity)
        if intent is Intent.OPT_IN:
            return [Draft(texts.say(turn.language, "opted_in"))]
        # The cases stay open; staff see on each that notices no longer reach the citizen.
        for case in turn.open_cases():
            if case.identity_id == identity.id:
                cases.record(turn.session, case, turn.message.sender, "opted_out", turn.now,
                             channel=identity.channel)
        return [Draft(texts.say(turn.language, "opted_out"), ignore_opt_out=True)]


class Commands:
    """``/start``, ``/new``, ``/lang``, ``/help`` and unknown commands (answered with help)."""

    name = "commands"

    def check(self, turn: Turn) -> bool:
        return turn.command is not None and turn.command[0] not in PASSED_ON

    def handle(self, turn: Turn) -> list[Draft]:
        assert turn.command is not None  # check() said so
        name, args = turn.command
        if name == "start":
            return [Draft(texts.say(turn.language, "welcome"))]
        if name == "new":
            # A new matter: whatever question an earlier case was waiting on is dropped.
            for case in turn.session.exec(select(Case).where(
                    Case.identity_id == turn.identity.id, Case.awaiting != "")):
                case.awaiting = ""
                turn.session.add(case)
            return [Draft(texts.say(turn.language, "new_prompt"))]
        if name == "lang":
            wanted = args.strip().lower()[:2]
            if wanted not in ("zh", "en"):
                wanted = "en" if turn.petitioner.locale == "zh" else "zh"
            turn.petitioner.locale = wanted
            turn.session.add(turn.petitioner)
            turn.language = wanted
            return [Draft(texts.say(wanted, "lang_set"))]
        return [Draft(texts.say(turn.language, "help"))]
