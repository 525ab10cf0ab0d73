"""The bureau's territory and the national gazetteer places are resolved against.

A :class:`Territory` is read from TOML the bureau edits (its provinces, cities and counties, with
the short names people use).  Names repeat across China (朝阳区 is in Beijing and in Changchun,
鼓楼区 in four cities), so the place resolver prefers the bureau's own territory unless the text
names another city or province.

TOML shape::

    name = "北京市"                  # a label for logs and reports
    [[province]]
    name = "北京市"
    aliases = ["北京"]
    [[province.city]]
    name = "北京市"
    aliases = ["北京"]
    counties = ["东城区", "朝阳区"]
    county_aliases = { "朝阳" = "朝阳区" }   # optional short forms, only if unambiguous locally
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from nlp.errors import TerritoryError


@dataclass(frozen=True, slots=True)
class County:
    """A county-level division (区 / 县 / 县级市 / 旗) and its short names."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class City:
    """A prefecture-level division (or a municipality) and its counties."""

    name: str
    aliases: tuple[str, ...] = ()
    counties: tuple[County, ...] = ()


@dataclass(frozen=True, slots=True)
class Province:
    """A province-level division and its cities."""

    name: str
    aliases: tuple[str, ...] = ()
    cities: tuple[City, ...] = ()


@dataclass(frozen=True, slots=True)
class Territory:
    """A named set of provinces, cities and counties."""

    name: str
    provinces: tuple[Province, ...]

    @classmethod
    def from_toml(cls, path: Path) -> Territory:
        """Read a territory file; :class:`TerritoryError` says which entry is wrong."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise TerritoryError(f"cannot read territory file {path}: {exc}") from exc
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "<mapping>") -> Territory:
        """Build a territory from parsed TOML (see the module docstring for the shape)."""
        provinces = tuple(
            _province(item, f"{source}: province[{index}]")
            for index, item in enumerate(_list(data.get("province", []), source))
        )
        if not provinces:
            raise TerritoryError(f"{source}: at least one [[province]] is required")
        return cls(name=_str(data.get("name", provinces[0].name), f"{source}: name"), provinces=provinces)

    @classmethod
    def default(cls) -> Territory:
        """The example territory shipped with the package (Beijing); bureaus replace it."""
        return _packaged("territory.toml")

    @classmethod
    def national(cls) -> Territory:
        """The shipped national gazetteer: all provinces, their main cities, well-known counties."""
        return _packaged("gazetteer.toml")


def _packaged(name: str) -> Territory:
    text = resources.files("nlp.data").joinpath(name).read_text(encoding="utf-8")
    return Territory.from_mapping(tomllib.loads(text), source=f"nlp/data/{name}")


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TerritoryError(f"{where}: expected a non-empty string, got {value!r}")
    return value.strip()


def _list(value: object, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise TerritoryError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise TerritoryError(f"{where}: expected a table, got {type(value).__name__}")
    return value


def _names(value: object, where: str) -> tuple[str, ...]:
    return tuple(_str(item, where) for item in _list(value, where))


def _province(item: object, where: str) -> Province:
    table = _table(item, where)
    return Province(
        name=_str(table.get("name"), f"{where}.name"),
        aliases=_names(table.get("aliases", []), f"{where}.aliases"),
        cities=tuple(
            _city(city, f"{where}.city[{index}]")
            for index, city in enumerate(_list(table.get("city", []), f"{where}.city"))
        ),
    )


def _city(item: object, where: str) -> City:
    table = _table(item, where)
    county_names = _names(table.get("counties", []), f"{where}.counties")
    aliases: dict[str, list[str]] = {}
    for alias, county in _table(table.get("county_aliases", {}), f"{where}.county_aliases").items():
        county_name = _str(county, f"{where}.county_aliases.{alias}")
        if county_name not in county_names:
            raise TerritoryError(f"{where}.county_aliases: {county_name!r} is not in counties")
        aliases.setdefault(county_name, []).append(_str(alias, f"{where}.county_aliases"))
    return City(
        name=_str(table.get("name"), f"{where}.name"),
        aliases=_names(table.get("aliases", []), f"{where}.aliases"),
        counties=tuple(County(name, tuple(aliases.get(name, ()))) for name in county_names),
    )
