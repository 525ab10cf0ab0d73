"""The whistleblower firewall (Art 30, 46(5)): accusations never reach the accused.

Rules:

1. A 检举控告 case is never assigned or forwarded (转送 / 交办) to an accused unit or to any
   unit under it, and a case already with such a unit leaves it the moment the accusation is
   recorded (``bot.workflow``'s ``accuse``). Who may read a case is ``bot.access``.
2. Everything produced for a handling unit (dispatch sheets, exports, notices) leaves out the
   petitioner's identity: name, contact, channel address, and any phone number, e-mail
   address or ID number inside the petition text.

Units are named many ways ("朝阳区住建委" is "朝阳区住房和城乡建设委员会"; "区政府" is
"区人民政府"), so no check ever compares raw strings: :class:`UnitTree` resolves every name to
its canonical unit through the bureau's aliases and abbreviations (``bot/data/units.toml``,
``XINFANG_UNITS_FILE``) and walks the hierarchy from there. A name it cannot resolve is
refused with :class:`UnknownUnit`, which carries the nearest known names.

Errors::

    ValueError
     ├── UnitsError    the unit table is malformed; names the file and the key
     └── UnknownUnit   a name that is no unit of the table (or fits several); ``suggestions``
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

ACCUSATION = "检举控告"
DEFAULT_UNITS = Path(__file__).parent / "data" / "units.toml"
REDACTED = "［已隐去］"
COUNTY = "{county}"

#: Long forms and the short forms people write, applied longest first to make a name's key.
#: A bureau adds its own under ``[abbreviations]``.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("中国共产党", ""),
    ("纪律检查委员会", "纪委"),
    ("监察委员会", "监委"),
    ("纪委监委", "纪委"),  # 合署办公 since 2018: one body, usually called 纪委
    ("人民政府", "政府"),
    ("住房和城乡建设", "住建"),
    ("住房城乡建设", "住建"),
    ("人力资源和社会保障", "人社"),
    ("人力资源社会保障", "人社"),
    ("卫生健康", "卫健"),
    ("城市管理综合行政执法", "城管执法"),
    ("城市管理", "城管"),
    ("市场监督管理", "市场监管"),
    ("政法委员会", "政法委"),
    ("委员会", "委"),
)

_PHONE = re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
#: A petitioner naming themselves in the text ("我叫张三", "姓名：李四"): the name is masked even
#: when the dialogue never recorded it. Over-masking ("我是业主") is the safe side.
_SELF_NAMED = re.compile(r"(我叫|我是|本人|姓名|名字|署名|举报人|联系人)(\s*[:：]?\s*)"
                         r"([\u4e00-\u9fff]{2,4})")
_SPACES = re.compile(r"[\s·・]+")
_TABLES = ("parents", "contacts", "aliases", "discipline", "abbreviations", "county")


class UnitsError(ValueError):
    """The unit table is malformed; the message names the file and the key."""


class UnknownUnit(ValueError):
    """``name`` is no unit of the bureau's table, or fits several; ``suggestions`` are close."""

    def __init__(self, name: str, suggestions: Sequence[str] = (), *,
                 ambiguous: bool = False) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.ambiguous = ambiguous
        if ambiguous:
            message = f"unit name {name!r} fits several units: {', '.join(self.suggestions)}"
        else:
            message = f"unknown unit {name!r}: not in the bureau's unit table"
            if self.suggestions:
                message += f"; did you mean {', '.join(self.suggestions)}?"
        super().__init__(message)


def clean_name(name: str) -> str:
    """A unit name as written, without width variants and spaces (NFKC, spaces removed)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(name)))


@dataclass(frozen=True, slots=True)
class UnitTree:
    """Units, the unit directly above each, their other names, and where accusations go."""

    parents: Mapping[str, str] = field(default_factory=dict)
    contacts: Mapping[str, str] = field(default_factory=dict)
    #: Another name → the canonical unit it names.
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: A unit → the discipline inspection and supervision organ (纪检监察) for it and every
    #: unit under it; the organ at the accused's level is the nearest one going up.
    discipline: Mapping[str, str] = field(default_factory=dict)
    abbreviations: tuple[tuple[str, str], ...] = ABBREVIATIONS
    _index: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    #: What :meth:`find_in` looks for, in the order it looks: the names of one unit each, three
    #: characters or more, longest first; and by first character, the positions of those
    #: that start with it. Built once: sorting the index on every call cost most of routing
    #: an accusation (issue 17).
    _findable: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False,
                                                   compare=False)
    _starting: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False,
                                                  repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, set[str]] = {}
        for unit in self.units:
            index.setdefault(self.key(unit), set()).add(unit)
        for alias, unit in self.aliases.items():
            index.setdefault(self.key(alias), set()).add(unit)
        self._index.update({key: tuple(sorted(found)) for key, found in index.items()})
        findable = tuple((key, self._index[key][0])
                         for key in sorted(self._index, key=len, reverse=True)
                         if len(key) >= 3 and len(self._index[key]) == 1)
        starting: dict[str, list[int]] = {}
        for position, (key, _) in enumerate(findable):
            starting.setdefault(key[0], []).append(position)
        object.__setattr__(self, "_findable", findable)
        self._starting.update({first: tuple(at) for first, at in starting.items()})

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None, *, counties: Sequence[str] | None = None) -> UnitTree:
        """The table at ``path`` (default: the shipped example); ``[county]`` templates are
        made for each of ``counties`` (default: the counties of the bureau's territory)."""
        source = path or DEFAULT_UNITS
        try:
            data = tomllib.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UnitsError(f"{source}: cannot read ({exc.strerror})") from None
        except tomllib.TOMLDecodeError as exc:
            raise UnitsError(f"{source}: not valid TOML ({exc})") from None
        if "county" in data and counties is None:
            counties = _territory_counties()
        return cls.from_mapping(data, source=str(source), counties=counties or ())

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "units",
                     counties: Sequence[str] = ()) -> UnitTree:
        unknown = set(data) - set(_TABLES)
        if unknown:
            raise UnitsError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; "
                             f"expected {', '.join(_TABLES)}")
        parents = _names_table(data, "parents", source)
        contacts = _names_table(data, "contacts", source)
        discipline = _names_table(data, "discipline", source)
        aliases = _alias_table(data.get("aliases", {}), f"{source}.aliases")
        extra = _names_table(data, "abbreviations", source)
        template = data.get("county", {})
        if not isinstance(template, Mapping) or not set(template) <= {"parents", "aliases",
                                                                       "discipline", "contacts"}:
            raise UnitsError(f"{source}.county: takes parents, aliases, discipline, contacts")
        for county in counties:
            def fill(text: str, county: str = county) -> str:
                return text.replace(COUNTY, county)
            for key, table in (("parents", parents), ("contacts", contacts),
                               ("discipline", discipline)):
                for unit, value in _names_table(template, key, f"{source}.county").items():
                    table.setdefault(fill(unit), fill(value))
            for alias, unit in _alias_table(template.get("aliases", {}),
                                            f"{source}.county.aliases").items():
                aliases.setdefault(fill(alias), fill(unit))
        for unit, address in contacts.items():
            if not address.startswith("mailto:"):
                raise UnitsError(f"{source}.contacts.{unit}: must be a mailto: address")
        pairs = tuple(sorted({*ABBREVIATIONS, *extra.items()}, key=lambda p: -len(p[0])))
        tree = cls(parents, contacts, aliases, discipline, pairs)
        for unit in tree.parents:
            tree.ancestors(unit, source=source)  # refuses cycles now, not at assign time
        for alias in tree.aliases:
            if len(tree._index[tree.key(alias)]) > 1:
                raise UnitsError(f"{source}.aliases: {alias} is also the name of another unit")
        return tree

    # -- names -----------------------------------------------------------------------------

    @property
    def units(self) -> frozenset[str]:
        """Every canonical unit the table names."""
        return frozenset({*self.parents, *self.parents.values(), *self.contacts,
                          *self.aliases.values(), *self.discipline, *self.discipline.values()})

    def key(self, name: str) -> str:
        """What two names of one unit have in common: cleaned, long forms abbreviated."""
        text = clean_name(name)
        for long, short in self.abbreviations:
            text = text.replace(long, short)
        return text

    def resolve(self, name: str) -> str:
        """The canonical unit ``name`` names; raises :class:`UnknownUnit`.

        A bureau without a unit table checks names as written (cleaned): there is nothing to
        resolve them against.
        """
        cleaned = clean_name(name)
        if not cleaned:
            raise UnknownUnit(name)
        if not self._index:
            return cleaned
        found = self._index.get(self.key(cleaned))
        if found is None:
            raise UnknownUnit(name, self.suggest(cleaned))
        if len(found) > 1:
            raise UnknownUnit(name, found, ambiguous=True)
        return found[0]

    def lookup(self, name: str) -> str | None:
        """The canonical unit, or None when ``name`` resolves to none (or to several)."""
        try:
            return self.resolve(name)
        except UnknownUnit:
            return None

    def same(self, first: str, second: str) -> bool:
        """Whether two names name one unit (unknown names: the same key)."""
        return self._canonical(first) == self._canonical(second)

    def names_of(self, name: str) -> frozenset[str]:
        """Every way the table writes the unit ``name`` (itself, its aliases): for queries on
        stored unit columns, which hold what staff typed before names were resolved."""
        unit = self._canonical(name)
        written = {unit, clean_name(name), name,
                   *(alias for alias, target in self.aliases.items() if target == unit)}
        # and each in its short form ("市交通委员会" → "市交通委"): staff type those too
        return frozenset({*written, *(self.key(each) for each in written)})

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        keys = get_close_matches(self.key(name), list(self._index), n=limit, cutoff=0.5)
        return tuple(dict.fromkeys(unit for key in keys for unit in self._index[key]))

    def find_in(self, text: str) -> tuple[str, ...]:
        """The units a free text names ("区城管局执法人员" → 区城管局), longest names first."""
        target = self.key(text)
        found: list[str] = []
        taken: list[tuple[int, int]] = []
        # Only names whose first character the text has can be in it; looked at in the one
        # order of _findable (which name takes an overlapping span depends on it).
        starting = self._starting
        positions = sorted(at for first in set(target) for at in starting.get(first, ()))
        for key, unit in (self._findable[at] for at in positions):
            start = target.find(key)
            while start >= 0:
                end = start + len(key)
                if not any(start < t_end and t_start < end for t_start, t_end in taken):
                    taken.append((start, end))
                    if unit not in found:
                        found.append(unit)
                start = target.find(key, end)
        return tuple(found)

    def _canonical(self, name: str) -> str:
        return self.lookup(name) or self.key(name)

    # -- the hierarchy ---------------------------------------------------------------------

    def ancestors(self, unit: str, *, source: str = "units") -> list[str]:
        """The units above ``unit``, nearest first."""
        chain: list[str] = []
        start = current = self.lookup(unit) or clean_name(unit)
        while current in self.parents:
            current = self.parents[current]
            if current == start or current in chain:
                raise UnitsError(f"{source}.parents: {unit} is inside a cycle")
            chain.append(current)
        return chain

    def is_within(self, unit: str, accused: str) -> bool:
        """True when ``unit`` is ``accused`` or a unit under it (names resolved)."""
        target = self._canonical(accused)
        return self._canonical(unit) == target or target in self.ancestors(unit)

    def conflict(self, unit: str, accused_units: Iterable[str]) -> str | None:
        """The accused unit that ``unit`` is, or is under; None when it may receive the case."""
        return next((a for a in accused_units if self.is_within(unit, a)), None)

    def discipline_organ(self, unit: str) -> str | None:
        """The 纪检监察 organ at ``unit``'s level: the nearest one for it or a unit above."""
        resolved = self.lookup(unit) or clean_name(unit)
        for level in (resolved, *self.ancestors(resolved)):
            if level in self.discipline:
                return self.discipline[level]
        return None

    def accusation_destination(self, accused: Sequence[str]) -> str | None:
        """Where an accusation goes: the 纪检监察 organ at the level of the first accused unit
        that has one, going up past any organ that is itself accused or under an accused unit
        (a unit table without such an organ: None, a person decides)."""
        for unit in accused:
            organ = self.discipline_organ(unit)
            seen: set[str] = set()
            while organ is not None and self.conflict(organ, accused) is not None:
                seen.add(organ)
                above = self.ancestors(organ)
                organ = self.discipline_organ(above[0]) if above else None
                if organ in seen:
                    organ = None
            if organ is not None:
                return organ
        return None

    def contact(self, unit: str) -> str:
        """The unit's mailbox for dispatch sheets, whatever name the case holds; "" if none."""
        resolved = self.lookup(unit)
        return self.contacts.get(resolved, "") if resolved else self.contacts.get(unit, "")


def _names_table(data: Mapping[str, Any], key: str, source: str) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and k and (v or key == "abbreviations")
            for k, v in table.items()):
        raise UnitsError(f"{source}.{key}: must map unit names to names")
    return {clean_name(k) if key != "abbreviations" else k:
            (clean_name(v) if key in ("parents", "discipline") else v) for k, v in table.items()}


def _alias_table(table: object, source: str) -> dict[str, str]:
    """``unit = ["alias", …]`` → {alias: unit}."""
    if not isinstance(table, Mapping):
        raise UnitsError(f"{source}: must map each unit to a list of its other names")
    aliases: dict[str, str] = {}
    for unit, names in table.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            raise UnitsError(f"{source}.{unit}: must be a list of names")
        for name in names:
            aliases[clean_name(name)] = clean_name(unit)
    return aliases


def _territory_counties() -> tuple[str, ...]:
    from nlp.territory import Territory

    return tuple(county.name for province in Territory.default().provinces
                 for city in province.cities for county in city.counties)


def redact(text: str, identity_strings: Iterable[str] = ()) -> str:
    """``text`` without the petitioner's known identity strings, phones, e-mails, ID numbers,
    and the name after a self-introduction ("我叫…")."""
    for value in sorted({s.strip() for s in identity_strings if len(s.strip()) >= 2},
                        key=len, reverse=True):
        text = text.replace(value, REDACTED)
    for pattern in (_EMAIL, _ID_NUMBER, _PHONE):
        text = pattern.sub(REDACTED, text)
    return _SELF_NAMED.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)
