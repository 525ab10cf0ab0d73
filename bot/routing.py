"""Routing: which unit a case goes to, from the classifier's category and the place named.

The table is TOML the bureau edits (``bot/data/routing.toml`` is the shipped example). The
decision is a proposal recorded on the case with its reasons; staff confirm it when they
assign (转送 / 交办). Low confidence or an unknown category goes to the triage unit.

Selective routing: with ``target_precision`` (e.g. 0.97) a case is routed automatically only
when the model was at least that precise on held-out messages at the case's confidence
(``Analysis.category_precision``, from the curve its training recorded), which is one
confidence threshold per model, chosen for the target. A model file without that curve
falls back to ``threshold`` on the confidence itself.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp import Analysis, Place

DEFAULT_TABLE = Path(__file__).parent / "data" / "routing.toml"
LEVELS = ("county", "city", "default")


class RoutingError(ValueError):
    """The routing table is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    unit: str
    level: str  # county / city / default / triage
    triage: bool
    reasons: tuple[str, ...]
    place: str


@dataclass(frozen=True, slots=True)
class RoutingTable:
    threshold: float
    triage_unit: str
    units: Mapping[str, Mapping[str, str]]
    #: Auto-route only where the model's held-out precision reaches this (None: ``threshold``).
    target_precision: float | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> RoutingTable:
        source = path or DEFAULT_TABLE
        try:
            with open(source, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as exc:
            raise RoutingError(f"{source}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise RoutingError(f"{source}: not valid TOML ({exc})") from None
        return cls.from_mapping(data, source=str(source))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "routing") -> RoutingTable:
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
        return cls(threshold, triage_unit, units, target)

    def _unsure(self, analysis: Analysis) -> str:
        return _unsure_reason(self, analysis)

    def decide(self, analysis: Analysis) -> RoutingDecision:
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
