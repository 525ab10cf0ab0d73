"""Routing: which unit a case goes to, from the classifier's category and the place named.

The table is TOML the bureau edits (``bot/data/routing.toml`` is the shipped example). The
decision is a proposal recorded on the case with its reasons; staff confirm it when they
assign (转送 / 交办). Low confidence or an unknown category goes to the triage unit.
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
        units: dict[str, dict[str, str]] = {}
        for category, levels in dict(data.get("category", {})).items():
            if not isinstance(levels, Mapping) or not set(levels) <= set(LEVELS):
                raise RoutingError(f"{source}: category.{category} takes {', '.join(LEVELS)}")
            units[str(category)] = {str(k): str(v) for k, v in levels.items()}
        return cls(threshold, triage_unit, units)

    def decide(self, analysis: Analysis) -> RoutingDecision:
        place = _most_specific(analysis.places)
        reasons = [f"类别 {analysis.category}（置信度 {analysis.category_confidence:.2f}）"]
        if analysis.category_terms:
            reasons.append("依据词：" + "、".join(analysis.category_terms[:6]))
        levels = self.units.get(analysis.category)
        if levels is None or analysis.category_confidence < self.threshold:
            why = "类别未配置" if levels is None else f"置信度低于 {self.threshold:.2f}"
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
