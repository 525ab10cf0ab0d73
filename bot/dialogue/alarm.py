"""How loud an emergency signal is: whether it leads the reply or follows the normal one.

The recall-first judgement flags at a very low probability (issue 15: a miss can cost a life),
so most of what it flags faintly is a calm complaint ("路灯坏了两周了" 0.10, "水压太低" 0.05).
Every flagged signal reaches a person at once and tells the citizen the numbers to call; how
loudly depends on how sure it is. On the dev split (6,573 rows, session 12), the flagged rows
judged other than self-harm, by P(an emergency):

    under 0.2      real 20, calm 289   quiet: one safety line, then the normal reply
    0.2 to 0.5     real 36, calm 33    the general alarm first (every number, 12356)
    0.5 and over   real 653, calm 19   the kind's number first, then every other

(judged self-harm, at any level: real 178, calm 108 — always an alarm).

Self-harm is never quiet: despair half-said ("明天带孩子一起走了就解脱了", 0.17) reads no louder
than a misread withdrawal ("不弄了，已经被清走了", 0.16), and the crisis line is the one number a
citizen cannot guess. Kept apart from bot.dialogue.emergency so the rows that step aside for an
alarm (rating, status, withdrawal, registration) ask the same question without importing it.
"""

from __future__ import annotations

from nlp import Analysis

#: At or above this the alarm leads the reply with the kind's number to call ("孩子发烧四十度"
#: 0.83).
SURE = 0.5
#: Below this (and not self-harm) the signal is quiet: the normal row answers the message as
#: what it is, led by one short safety line, and the case goes to a person flagged.
QUIET = 0.2


def quiet(analysis: Analysis) -> bool:
    """A flagged signal too faint to lead the reply (see the module's table), or one heard in an
    ultimatum to go higher or public that names no danger (nlp.ultimatum: the crisis line was
    given to people who said they would go to Beijing)."""
    return analysis.emergency and (analysis.threatens_escalation or (
        analysis.emergency_confidence < QUIET and analysis.emergency_kind != "self_harm"))


def alarmed(analysis: Analysis) -> bool:
    """A signal the emergency row answers first, before any other reading of the message."""
    return analysis.emergency and not quiet(analysis)
