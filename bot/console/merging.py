"""The 并单 page: a case beside the other open cases that are likely the same matter.

Each candidate comes with how likely it is the same matter and what the two share (the named
place, the building, the thing, the demand), its first message beside this case's, and a
merge button that uses the ordinary ``merge`` action: the newer case goes into the older one,
so the matter keeps its first number and clocks. Texts are masked where the account may not
see the petitioner's identity (Art 30), and every read is audited like the case page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot import access, cases, workflow
from bot.api.accounts import Principal
from bot.api.audit import record_access
from bot.api.personal import known_strings, mask_text
from bot.api.roles import may_act
from bot.firewall import UnitTree
from bot.matters import MERGEABLE, MatterIndex, collective_alerts
from storage import Case

PURPOSE = "GET /console/cases/{number}/matters"


def _side(session: Session, principal: Principal, case: Case) -> dict[str, Any]:
    text = workflow.first_request(session, case)
    if not access.sees_identity(principal, case):
        text = mask_text(text, known_strings(session, case))
    return {"number": case.number, "status": case.status, "category": case.category,
            "place": case.place, "received_at": case.received_at, "text": text,
            "unit": case.unit}


def matters_page(session: Session, case: Case, principal: Principal, index: MatterIndex, *,
                 now: datetime, units: UnitTree) -> dict[str, Any]:
    """What the 并单 page shows; writes the audit rows of the texts it shows."""
    this = _side(session, principal, case)
    shown = [case.number]
    rows = []
    for proposal in index.proposals(session, case):
        other = cases.find_case(session, proposal.number)
        if other is None or not access.may_see(principal, other, units):
            continue
        older, newer = sorted((case, other), key=lambda c: (c.created_at, c.number))
        mergeable = (may_act(principal, "merge") and case.status in MERGEABLE
                     and other.status in MERGEABLE)
        rows.append({"side": _side(session, principal, other), "proposal": proposal,
                     "same_petitioner": proposal.same_petitioner,
                     "merge": {"source": newer.number, "into": older.number}
                     if mergeable else None})
        shown.append(other.number)
    record_access(session, principal, case_number=case.number, fields=["messages"],
                  purpose=PURPOSE, now=now, compared=shown[1:])
    return {"case": this, "rows": rows, "alerts": collective_alerts(session, case)}
