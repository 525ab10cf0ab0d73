"""Special routing as rules of law, applied before any category (the ``[law]`` table of
``routing.toml``):

- 检举控告 (Art 30; Art 22 ¶3): to the discipline inspection and supervision organ (纪检监察)
  at the accused unit's level, from the unit table (``units.toml`` ``[discipline]``), never
  to the accused or a unit under it; with no accused unit recognised, to ``accusation``.
  A text the classifier surely sends to the 纪检监察 route (bribery, 违纪) counts as one.
- Matters for courts, procuratorates, arbitration or administrative review (Art 22 ¶3, 28,
  31): the citizen gets the legal-route notice (the conversation sends it); the case goes to
  the 政法 office named in ``legal`` where the bureau routes them, else to triage. Never to the
  category's unit: a court judgement is not the 商务局's business. Only a sure judgement
  (``legal_confidence``) moves the case; an unsure one is told and routed by its category.
- Police matters (治安、刑事、户籍、交通违法): to the public security organ in ``police``
  (``{county}`` for the county branch), recognised by ``police_terms`` in the text, by the
  shapes a victim tells a crime in (``nlp.police``: "被偷了", "让人骗了两万") and by violence
  the emergency judgement is sure of.

Each rule gives a :class:`LawRoute`; the routing decision (``bot.routing``) then checks every
proposal against the firewall before anyone sees it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.firewall import ACCUSATION, UnitTree
from nlp import Analysis, Place
from nlp.police import police_matter

#: The emergency kind whose danger is the police's to meet, and how sure the judgement must be
#: for it alone to send the case there: at 0.5 the emergency dialogue already leads with the
#: kind's number (``bot.dialogue.alarm.SURE``); fainter, the case goes by its words.
VIOLENCE = "violence"
SURE_VIOLENCE = 0.5
#: Legal routes (``nlp.routes``) that belong to courts, procuratorates, arbitration, review.
LEGAL_ROUTES = ("诉讼", "仲裁", "行政复议")
DISCIPLINE_ROUTE = "纪检监察"
LEVELS = ("county", "city", "default")
#: The legal-route judgement's confidence from which the case itself goes to the 政法 office.
#: Telling the citizen of a legal route is recall-first (nlp flags from 0.08: a notice too many
#: costs nothing), but sending the case away from the unit its category names is not: a wage
#: claim with no arbitration named reads 仲裁 at ≈ 0.15 and belongs to the labour bureau. At 0.3,
#: on authors the model never saw (docs/NLP.md), a flagged route is right 0.86 of the time and
#: 0.90 of routes are still flagged; below it the case is routed by its category, the notice
#: still sent and the possible route named among the reasons. The notice names the route only
#: from here too (or when its stage is told): under it the citizen is told staff will say which
#: legal route applies (bot.dialogue.matter.named_surely; docs/NLP.md session 23, probe28).
LEGAL_CONFIDENCE = 0.3


class LawRoutesError(ValueError):
    """The ``[law]`` table is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class LawRoute:
    """A destination required by law, with the rule that chose it."""

    unit: str  # "" when the rule leaves it to a person (no destination configured)
    rule: str  # accusation / legal / police
    reasons: tuple[str, ...]
    accused: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LawRoutes:
    accusation: str = ""
    legal: str = ""
    police: Mapping[str, str] = field(default_factory=dict)
    police_terms: tuple[str, ...] = ()
    legal_confidence: float = LEGAL_CONFIDENCE

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "routing") -> LawRoutes:
        where = f"{source}: law"
        unknown = set(data) - {"accusation", "legal", "legal_confidence", "police",
                               "police_terms"}
        if unknown:
            raise LawRoutesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        police = data.get("police", {})
        if isinstance(police, str):
            police = {"default": police}
        if not isinstance(police, Mapping) or not set(police) <= set(LEVELS) or not all(
                isinstance(v, str) for v in police.values()):
            raise LawRoutesError(f"{where}.police: a unit, or a table of {', '.join(LEVELS)}")
        terms = data.get("police_terms", [])
        if not isinstance(terms, list) or not all(isinstance(t, str) and t for t in terms):
            raise LawRoutesError(f"{where}.police_terms: a list of words")
        for key in ("accusation", "legal"):
            if not isinstance(data.get(key, ""), str):
                raise LawRoutesError(f"{where}.{key}: a unit name (or \"\")")
        confidence = data.get("legal_confidence", LEGAL_CONFIDENCE)
        if isinstance(confidence, bool) or not isinstance(confidence, int | float) \
                or not 0 <= confidence <= 1:
            raise LawRoutesError(f"{where}.legal_confidence: a number from 0 to 1")
        return cls(str(data.get("accusation", "")), str(data.get("legal", "")), dict(police),
                   tuple(terms), float(confidence))

    def decide(self, analysis: Analysis, tree: UnitTree, place: Place | None) -> LawRoute | None:
        """The route the law requires for ``analysis``, or None (the category decides)."""
        # The accusation judgement is recall-first (the firewall depends on it); the route
        # head's 纪检监察 without it moves the case only when sure, like any legal route ("请派出所
        # 尽快立案追回" reads 纪检监察 at 0.12 and is the police's).
        sure_route = analysis.legal_route_confidence >= self.legal_confidence
        matter = _without_own_particulars(analysis)
        crime = police_matter(matter)
        sure_discipline = analysis.legal_route == DISCIPLINE_ROUTE and sure_route
        accused = analysis.accusation or analysis.statutory_type == ACCUSATION
        # A crime told with no official and no public unit in it ("几个混混来店里收保护费") is
        # the police's: the accusation head hears 保护费 and 敲诈 as graft, but there is nobody
        # in office to accuse, so no firewall to keep. A route head sure of 纪检监察 still decides.
        if sure_discipline or (accused and not (crime and not analysis.accused
                                                and not accused_units(analysis, tree))):
            return self._accusation(analysis, tree)
        if analysis.legal_route in LEGAL_ROUTES and sure_route:
            terms = "、".join(analysis.legal_route_terms[:4])
            told = (f"法定途径：{analysis.legal_route}（{terms}），已告知信访人依法定途径办理"
                    f"（《信访工作条例》第二十二条、第三十一条）")
            reasons = (told,)
            if self.legal:
                return LawRoute(self.legal, "legal", (*reasons, f"按本局规定转{self.legal}"))
            return LawRoute("", "legal", (*reasons, "未配置政法机关，转人工分办"))
        # The bureau's words as written, then the shapes a victim tells a crime in ("电动车被偷
        # 了", "让人骗了两万": nlp.police), then violence under way or threatened that the
        # emergency head is sure of ("他拿着铁锹要打我爸"): each is the police's, whatever
        # the topic's unit.
        found = [term for term in self.police_terms if term in matter]
        found += [term for term in crime if term not in found]
        if not found and analysis.emergency_kind == VIOLENCE \
                and analysis.emergency_confidence >= SURE_VIOLENCE:
            found = [f"人身安全（{'、'.join(analysis.emergency_terms[:3]) or VIOLENCE}）"]
        if found:
            unit = _by_level(self.police, place)
            reasons = (f"公安事项（{'、'.join(found[:4])}）",)
            return LawRoute(unit, "police", reasons if unit else (*reasons, "未配置公安机关"))
        return None

    def unsure_route(self, analysis: Analysis) -> str | None:
        """The reason line for a route judged too faintly to move the case (the citizen is
        told of a legal route all the same), for the clerk who reads the proposal."""
        if analysis.legal_route_confidence >= self.legal_confidence or analysis.accusation:
            return None
        if analysis.legal_route == DISCIPLINE_ROUTE:
            return (f"可能涉及检举控告（{DISCIPLINE_ROUTE}，置信度 "
                    f"{analysis.legal_route_confidence:.2f}），请核实")
        if analysis.legal_route in LEGAL_ROUTES:
            return (f"可能的法定途径：{analysis.legal_route}（置信度 "
                    f"{analysis.legal_route_confidence:.2f}，已告知信访人），未据此分办")
        return None

    def _accusation(self, analysis: Analysis, tree: UnitTree) -> LawRoute:
        accused = accused_units(analysis, tree)
        terms = "、".join(analysis.accusation_terms[:4] or analysis.statutory_terms[:4])
        reasons = [f"检举控告（{terms}）：依《信访工作条例》第三十条转纪检监察机关，不得转交被检举单位"]
        if accused:
            reasons.append(f"被检举单位：{'、'.join(accused)}")
            organ = tree.accusation_destination(accused)
            if organ is not None:
                return LawRoute(organ, "accusation", (*reasons, f"被检举单位同级纪检监察机关：{organ}"),
                                accused)
        fallback = self.accusation if self.accusation and not (
            accused and tree.conflict(self.accusation, accused)) else ""
        if not fallback:
            reasons.append("未能确定纪检监察机关，转人工分办")
        return LawRoute(fallback, "accusation", tuple(reasons), accused)


def accused_units(analysis: Analysis, tree: UnitTree) -> tuple[str, ...]:
    """The units the accusation names: from the spans the analyzer marked as accused, else
    from the whole text, leaving out the bodies an accusation is addressed to (纪检监察)."""
    organs = set(tree.discipline.values())
    found: list[str] = []
    for span in analysis.accused:
        found += [unit for unit in tree.find_in(span) if unit not in found]
    if not found:
        found = [unit for unit in tree.find_in(analysis.text) if unit not in organs]
    return tuple(found)


#: The writer's own ID number under its label ("身份证号：3201…").
#: "我的身份证110…被人冒用" names the card itself: a label needs 号 or a colon.
_OWN_ID = re.compile(r"(?:(?:公民)?身份证(?:件)?(?:号码|号)[:：是为\s]*|(?:公民)?身份证(?:件)?\s*[:：]\s*|"
                     r"证件号(?:码)?[:：是为\s]*)(?<![0-9])\d{15}(?:\d{2}[0-9Xx])?(?![0-9A-Za-z])")


def _without_own_particulars(analysis: Analysis) -> str:
    """The text without the writer's ID number and the label introducing it: a letter that
    gives its writer's 身份证号 tells no identity-card matter (a police one) by it. Read by
    its shape, not its checksum: a number mistyped by one digit is still the writer's."""
    return _OWN_ID.sub("", analysis.text)


def _by_level(units: Mapping[str, str], place: Place | None) -> str:
    for level in LEVELS:
        template = units.get(level)
        if template is None:
            continue
        if level == "county" and (place is None or place.county is None):
            continue
        if level == "city" and (place is None or place.city is None):
            continue
        return template.format(county=place.county if place else "",
                               city=place.city if place else "")
    return ""
