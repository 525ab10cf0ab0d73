"""The Open311 service list: the classifier's categories (or, lacking them, the routing
table's). A category's name is its ``service_code``; none has extra attributes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core import Core

GROUP = "信访"


@dataclass(frozen=True, slots=True)
class Catalogue:
    codes: tuple[str, ...]

    @classmethod
    def of(cls, core: Core) -> Catalogue:
        categories: Sequence[str] = getattr(core.intake.analyzer, "categories", ()) or ()
        if not categories:
            categories = sorted(core.intake.conversation.routing.units)
        return cls(tuple(str(c) for c in categories))

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def services(self) -> list[dict[str, Any]]:
        return [self.service(code) for code in self.codes]

    @staticmethod
    def service(code: str) -> dict[str, Any]:
        return {
            "service_code": code,
            "service_name": code,
            "description": f"信访事项：{code}类",
            "metadata": False,
            "type": "realtime",
            "keywords": code,
            "group": GROUP,
        }

    @staticmethod
    def definition(code: str) -> dict[str, Any]:
        return {"service_code": code, "attributes": []}
