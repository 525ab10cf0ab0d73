"""Emergencies: the kinds a message can be judged to be, each with its own advice.

A flagged message goes to a human at once and the citizen is told the number to call (110 / 119
/ 120 / 122, or a crisis line for self-harm). The judgement itself is the dialogue model's
emergency head (:mod:`nlp.dialogue_model`), recall-first: a miss costs far more than a false alarm.
"""

from __future__ import annotations

#: Kinds of emergency, each with its own advice (110 / 119 / 120 / 122, a hotline).
EMERGENCY_KINDS: tuple[str, ...] = (
    "self_harm", "violence", "fire", "gas", "accident", "medical", "mass_incident",
)
