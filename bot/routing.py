"""Routing: which unit a case goes to, from the classifier's category and the place named.

The table is TOML the bureau edits (``bot/data/routing.toml`` is the shipped example). The
decision is a proposal recorded on the case with its reasons; staff confirm it when they
assign (转送 / 交办). Low confidence or an unknown category goes to the triage unit.

:meth:`RoutingTable.decide` takes three steps, in order:

1. **Rules of law** (``bot.lawroutes``, the ``[law]`` table): accusations to 纪检监察 at the
   accused's level, court / arbitration / review matters to the 政法 office (or triage),
   police matters to 公安. These override any category.
2. **The category** × territory table (属地管理、分级负责), with its confidence threshold.
3. **The firewall check** of whatever was proposed: never the accused unit or one under it
   (the unit table, ``bot.firewall``), before anyone sees the proposal.

Selective routing: with ``target_precision`` (e.g. 0.97) a case is routed automatically only
when the model was at least that precise on held-out messages at the case's confidence
(``Analysis.category_precision``, from the curve its training recorded), which is one
confidence threshold per model, chosen for the target. A model file without that curve
falls back to ``threshold`` on the confidence itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.firewall import UnitTree
from bot.lawroutes import LawRoutes, LawRoutesError
from nlp import Analysis, Place

DEFAULT_TABLE = Path(__file__).parent / "data" / "routing.toml"
LEVELS = ("county", "city", "default")


class RoutingError(ValueError):
    """The routing table is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    unit: str
    level: str  # county / city / default / triage / law
    triage: bool
    reasons: tuple[str, ...]
    place: str
    #: Units the text accuses (resolved through the unit table), for the firewall.
    accused: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingTable:
    threshold: float
    triage_unit: str
    units: Mapping[str, Mapping[str, str]]
    #: Auto-route only where the model's held-out precision reaches this (None: ``threshold``).
    target_precision: float | None = None
    law: LawRoutes = field(default_factory=LawRoutes)
    #: The bureau's unit table: accused units, 纪检监察 levels, the firewall check.
    tree: UnitTree = field(default_factory=UnitTree)

    @classmethod
    def load(cls, path: Path | None = None, *, tree: UnitTree | None = None) -> RoutingTable:
        source = path or DEFAULT_TABLE
        try:
            with open(source, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as exc:
            raise RoutingError(f"{source}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise RoutingError(f"{source}: not valid TOML ({exc})") from None
        return cls.from_mapping(data, source=str(source), tree=tree)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "routing",
                     tree: UnitTree | None = None) -> RoutingTable:
        try:
            threshold = float(data.get("threshold", 0.5))
            triage_unit = str(data["triage_unit"])
        except (KeyError, TypeError, ValueError) as exc:
            raise RoutingError(f"{source}: needs threshold (a number) and triage_unit") from exc
        target: float | None = None
        if "target_precision" in data:
            try:
                target = float(data["target_precision"])
            except (TypeError, ValueError) as exc:
                raise RoutingError(f"{source}: target_precision must be a number") from exc
            if not 0.0 < target <= 1.0:
                raise RoutingError(f"{source}: target_precision must be in (0, 1], "
                                   f"e.g. 0.97, not {target}")
        units: dict[str, dict[str, str]] = {}
        for category, levels in dict(data.get("category", {})).items():
            if not isinstance(levels, Mapping) or not set(levels) <= set(LEVELS):
                raise RoutingError(f"{source}: category.{category} takes {', '.join(LEVELS)}")
            units[str(category)] = {str(k): str(v) for k, v in levels.items()}
        law = data.get("law", {})
        if not isinstance(law, Mapping):
            raise RoutingError(f"{source}: law must be a table")
        try:
            rules = LawRoutes.from_mapping(law, source=source)
        except LawRoutesError as exc:
            raise RoutingError(str(exc)) from None
        return cls(threshold, triage_unit, units, target, rules, tree or UnitTree())

    def _unsure(self, analysis: Analysis) -> str:
        return _unsure_reason(self, analysis)

    def decide(self, analysis: Analysis) -> RoutingDecision:
        """The proposal for ``analysis``: rules of law, else the category; firewall-checked."""
        decision = self.by_law(analysis) or self.by_category(analysis)
        unsure = self.law.unsure_route(analysis)
        if unsure is not None:
            decision = replace(decision, reasons=(*decision.reasons, unsure))
        return self.firewall_checked(decision)

    def by_law(self, analysis: Analysis) -> RoutingDecision | None:
        """The rules-of-law step (``bot.lawroutes``): None when no rule applies."""
        place = _most_specific(analysis.places)
        route = self.law.decide(analysis, self.tree, place)
        if route is None:
            return None
        if not route.unit:
            return RoutingDecision(self.triage_unit, "triage", True, route.reasons,
                                   _describe(place), route.accused)
        unit = self.tree.lookup(route.unit) or route.unit
        return RoutingDecision(unit, "law", False, route.reasons, _describe(place),
                               route.accused)

    def firewall_checked(self, decision: RoutingDecision) -> RoutingDecision:
        """``decision``, unless it proposes an accused unit or one under it: then the
        accusation's own destination, else triage, saying why."""
        blocked = self.tree.conflict(decision.unit, decision.accused) if decision.accused else None
        if blocked is None:
            return decision
        why = f"防火墙：{decision.unit} 是被检举单位或其下级单位（{blocked}），不得转交"
        organ = self.tree.accusation_destination(decision.accused)
        if organ is not None:
            return replace(decision, unit=organ, level="law", triage=False,
                           reasons=(*decision.reasons, why, f"改转纪检监察机关：{organ}"))
        return replace(decision, unit=self.triage_unit, level="triage", triage=True,
                       reasons=(*decision.reasons, why, "转人工分办"))

    def by_category(self, analysis: Analysis) -> RoutingDecision:
        """The category × territory step."""
        place = _most_specific(analysis.places)
        reasons = [f"类别 {analysis.category}（置信度 {analysis.category_confidence:.2f}）"]
        if analysis.category_terms:
            reasons.append("依据词：" + "、".join(analysis.category_terms[:6]))
        levels = self.units.get(analysis.category)
        unsure = self._unsure(analysis)
        if analysis.category_alternatives and (levels is None or unsure):
            reasons.append("备选类别：" + "、".join(
                f"{label}（{confidence:.2f}）" for label, confidence in analysis.category_alternatives))
        if levels is None or unsure:
            why = "类别未配置" if levels is None else unsure
            return RoutingDecision(self.triage_unit, "triage", True,
                                   (*reasons, f"{why}，转人工分办"), _describe(place))
        for level in LEVELS:
            template = levels.get(level)
            if template is None:
                continue
            if level == "county" and (place is None or place.county is None):
                continue
            if level == "city" and (place is None or place.city is None):
                continue
            unit = template.format(county=place.county if place else "",
                                   city=place.city if place else "")
            if place is not None and level != "default":
                reasons.append(f"属地：{_describe(place)}（{'、'.join(place.terms)}）")
            return RoutingDecision(unit, level, False, tuple(reasons), _describe(place))
        return RoutingDecision(self.triage_unit, "triage", True,
                               (*reasons, "无对应层级，转人工分办"), _describe(place))


def _unsure_reason(table: RoutingTable, analysis: Analysis) -> str:
    """Why the category is not sure enough to route on ("" when it is)."""
    precision = analysis.category_precision
    if table.target_precision is not None and precision is not None:
        if precision < table.target_precision:
            return (f"该置信度下模型留出集准确率 {precision:.1%}，"
                    f"低于自动分办要求的 {table.target_precision:.0%}")
        return ""
    if analysis.category_confidence < table.threshold:
        return f"置信度低于 {table.threshold:.2f}"
    return ""


def _most_specific(places: Sequence[Place]) -> Place | None:
    for level in ("county", "city", "province"):
        for place in places:
            if getattr(place, level) is not None:
                return place
    return None


def _describe(place: Place | None) -> str:
    if place is None:
        return ""
    parts: list[str] = []
    for part in (place.province, place.city, place.county):
        # A municipality is its own city (北京市 北京市): say it once.
        if part and (not parts or parts[-1] != part):
            parts.append(part)
    return "".join(parts)
