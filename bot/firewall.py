"""The whistleblower firewall (Art 30, 46(5)): accusations never reach the accused.

Two rules:

1. A 检举控告 case is never assigned or forwarded (转送 / 交办) to an accused unit or to any
   unit under it. The accused units are recorded on the case (``Case.accused_units``); the
   hierarchy is the bureau's TOML (``bot/data/units.toml``, ``XINFANG_UNITS_FILE``).
2. Everything produced for a handling unit (dispatch sheets, exports, notices) leaves out the
   petitioner's identity: name, contact, channel address, and any phone number, e-mail
   address or ID number inside the petition text.

Errors::

    ValueError
     └── UnitsError   the unit table is malformed; names the file and the key
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ACCUSATION = "检举控告"
DEFAULT_UNITS = Path(__file__).parent / "data" / "units.toml"
REDACTED = "［已隐去］"

_PHONE = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class UnitsError(ValueError):
    """The unit table is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class UnitTree:
    """Units and the unit directly above each; contacts for dispatch sheets."""

    parents: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> UnitTree:
        source = path or DEFAULT_UNITS
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UnitsError(f"{source}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise UnitsError(f"{source}: not valid TOML ({exc})") from None
        unknown = set(data) - {"parents", "contacts"}
        if unknown:
            raise UnitsError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                             f"expected parents, contacts")
        tables: dict[str, dict[str, str]] = {}
        for key in ("parents", "contacts"):
            table = data.get(key, {})
            if not isinstance(table, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and k and v
                    for k, v in table.items()):
                raise UnitsError(f"{source}.{key}: must map unit names to names")
            tables[key] = dict(table)
        for unit, address in tables["contacts"].items():
            if not address.startswith("mailto:"):
                raise UnitsError(f"{source}.contacts.{unit}: must be a mailto: address")
        tree = cls(tables["parents"], tables["contacts"])
        for unit in tree.parents:
            tree.ancestors(unit, source=str(source))  # refuses cycles now, not at assign time
        return tree

    def ancestors(self, unit: str, *, source: str = "units") -> list[str]:
        """The units above ``unit``, nearest first."""
        chain: list[str] = []
        current = unit
        while current in self.parents:
            current = self.parents[current]
            if current == unit or current in chain:
                raise UnitsError(f"{source}.parents: {unit} is inside a cycle")
            chain.append(current)
        return chain

    def is_within(self, unit: str, accused: str) -> bool:
        """True when ``unit`` is ``accused`` or a unit under it."""
        unit, accused = unit.strip(), accused.strip()
        return unit == accused or accused in self.ancestors(unit)

    def conflict(self, unit: str, accused_units: Iterable[str]) -> str | None:
        """The accused unit that ``unit`` is, or is under; None when it may receive the case."""
        return next((a for a in accused_units if self.is_within(unit, a)), None)


def redact(text: str, identity_strings: Iterable[str] = ()) -> str:
    """``text`` without the petitioner's known identity strings, phones, e-mails, ID numbers."""
    for value in sorted({s.strip() for s in identity_strings if len(s.strip()) >= 2},
                        key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in (_EMAIL, _ID_NUMBER, _PHONE):
        text = pattern.sub(REDACTED, text)
    return text
