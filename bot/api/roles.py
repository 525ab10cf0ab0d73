"""What each staff role may do. Who may *see* which case is ``bot.access``, the one rule.

- ``clerk`` triages: sees every case and the petitioner's identity; registers the steps of
  intake and dispatch (accept, reject, accuse, assign, merge, withdraw, close …), and splits
  a message that told several matters into one case each (``split``, ``bot.split``).
- ``handler`` works for one unit: sees only the cases that unit handles, and never one where
  the unit is accused or under an accused unit; reports, asks for extensions and answers, and
  never sees the petitioner's identity on an accusation (Art 30, 46(5)).
- ``supervisor`` and ``admin`` see everything and may take every action, including those the
  workflow adds later.
"""

from __future__ import annotations

from bot.api.accounts import Principal
from bot.firewall import ACCUSATION

__all__ = ["ACCUSATION", "ACTIONS_BY_ROLE", "may_act"]

_ALL = "*"
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    "clerk": frozenset({"accept", "reject", "accuse", "assign", "merge", "withdraw", "delivered",
                        "rate", "close", "consent", "settle", "split"}),
    "handler": frozenset({"report", "extend", "answer", "delivered", "unit_accept", "dispute"}),
    "supervisor": frozenset({_ALL}),
    "admin": frozenset({_ALL}),
}


def may_act(principal: Principal, action: str) -> bool:
    allowed = ACTIONS_BY_ROLE.get(principal.role, frozenset())
    return _ALL in allowed or action in allowed
