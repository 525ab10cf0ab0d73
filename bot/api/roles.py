"""What each staff role may see and do.

- ``clerk`` triages: sees every case and the petitioner's identity; registers the steps of
  intake and dispatch (accept, reject, accuse, assign, merge, withdraw, close …).
- ``handler`` works for one unit: sees only cases assigned to that unit (``case.unit``),
  reports, asks for extensions and answers, and never sees the petitioner's identity on
  检举控告 cases (Art 30, 46(5)).
- ``supervisor`` and ``admin`` see everything and may take every action, including those the
  workflow adds later.
"""

from __future__ import annotations

from bot.api.accounts import Principal
from storage import Case

#: Accusations: the petitioner's identity is withheld from the handling unit.
ACCUSATION = "检举控告"

_ALL = "*"
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    "clerk": frozenset({"accept", "reject", "accuse", "assign", "merge", "withdraw", "delivered",
                        "rate", "close"}),
    "handler": frozenset({"report", "extend", "answer", "delivered"}),
    "supervisor": frozenset({_ALL}),
    "admin": frozenset({_ALL}),
}


def unit_scope(principal: Principal) -> str | None:
    """The one unit whose cases this account may see, or None for all cases."""
    return principal.unit if principal.role == "handler" else None


def may_see(principal: Principal, case: Case) -> bool:
    scope = unit_scope(principal)
    return scope is None or case.unit == scope


def may_act(principal: Principal, action: str) -> bool:
    allowed = ACTIONS_BY_ROLE.get(principal.role, frozenset())
    return _ALL in allowed or action in allowed


def sees_identity(principal: Principal, case: Case) -> bool:
    """Whether the petitioner's identity may be shown to this account for this case."""
    return not (principal.role == "handler" and case.statutory_type == ACCUSATION)
