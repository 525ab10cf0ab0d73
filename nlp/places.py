"""Places named in a message, resolved to province / city / county with context.

A name found in the text may denote several divisions (朝阳区: Beijing or Changchun).  We pick,
in order of evidence: the candidate inside a city or province the same message names, then the
candidate inside the bureau's territory; a name still ambiguous after that keeps only the
levels all its candidates agree on.  That is why a bare "朝阳区" goes to Beijing for a Beijing
bureau, and "长春市朝阳区" goes to Changchun everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.territory import Territory


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place; levels that could not be decided are None.  ``terms``: names in the text."""

    province: str | None
    city: str | None
    county: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    province: str
    city: str | None
    county: str | None
    local: bool  # inside the bureau's territory

    @property
    def depth(self) -> int:
        return 1 + (self.city is not None) + (self.county is not None)


@dataclass(frozen=True, slots=True)
class _Mention:
    surface: str
    start: int
    candidates: tuple[_Entry, ...]


# Short names of two characters or fewer are only taken when they are not followed by a
# character that would make them part of another word ("吉林大学" is a university, not a place
# we can route on, but we accept that edge); one-character names are never indexed.
_MIN_NAME = 2


class PlaceResolver:
    """Find and resolve place names against a bureau territory and the national gazetteer."""

    def __init__(self, territory: Territory, gazetteer: Territory | None = None) -> None:
        self._territory = territory
        index: dict[str, dict[_Entry, None]] = {}
        for source, local in ((territory, True), (gazetteer or Territory.national(), False)):
            for name, entry in _entries(source, local=local):
                if len(name) >= _MIN_NAME:
                    index.setdefault(name, {})[entry] = None
        # An entry listed in both the territory and the gazetteer is the local one.
        self._index = {name: _dedupe(entries) for name, entries in index.items()}
        names = sorted(self._index, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(name) for name in names)) if names else None

    @property
    def territory(self) -> Territory:
        """The bureau territory that wins ties."""
        return self._territory

    def find(self, text: str) -> tuple[Place, ...]:
        """Places in normalized ``text``, most specific first per region, in text order."""
        if self._pattern is None or not text:
            return ()
        mentions = [
            _Mention(match.group(0), match.start(), tuple(self._index[match.group(0)]))
            for match in self._pattern.finditer(text)
        ]
        if not mentions:
            return ()
        context = _context(mentions)
        resolved: list[tuple[_Entry | Place, str]] = []
        for mention in mentions:
            resolved.append((_resolve(mention, context), mention.surface))
        return _merge(resolved)


def _entries(territory: Territory, *, local: bool) -> Iterable[tuple[str, _Entry]]:
    for province in territory.provinces:
        entry = _Entry(province.name, None, None, local)
        for name in (province.name, *province.aliases):
            yield name, entry
        for city in province.cities:
            city_entry = _Entry(province.name, city.name, None, local)
            for name in (city.name, *city.aliases):
                yield name, city_entry
            for county in city.counties:
                county_entry = _Entry(province.name, city.name, county.name, local)
                for name in (county.name, *county.aliases):
                    yield name, county_entry


def _dedupe(entries: Iterable[_Entry]) -> tuple[_Entry, ...]:
    by_key: dict[tuple[str, str | None, str | None], _Entry] = {}
    for entry in entries:
        key = (entry.province, entry.city, entry.county)
        if key not in by_key or entry.local:
            by_key[key] = entry
    return tuple(by_key.values())


@dataclass(frozen=True, slots=True)
class _Context:
    provinces: frozenset[str]
    cities: frozenset[tuple[str, str]]


def _context(mentions: list[_Mention]) -> _Context:
    # Only names that are cities or provinces in every reading count as context: "吉林" is a
    # province and a city, but both readings agree on the province.
    provinces: set[str] = set()
    cities: set[tuple[str, str]] = set()
    for mention in mentions:
        levels = {entry.province for entry in mention.candidates if entry.county is None}
        if len(levels) == 1:
            provinces |= levels
        city_readings = {
            (entry.province, entry.city)
            for entry in mention.candidates
            if entry.city is not None and entry.county is None
        }
        if len(city_readings) == 1:
            cities |= city_readings
    return _Context(frozenset(provinces), frozenset(cities))


def _resolve(mention: _Mention, context: _Context) -> _Entry | Place:
    def evidence(entry: _Entry) -> tuple[int, int, int]:
        in_city = entry.city is not None and (entry.province, entry.city) in context.cities
        in_province = entry.province in context.provinces
        # For a name that is both a city and a province ("北京"), prefer the deeper reading.
        return (2 * in_city + in_province, int(entry.local), entry.depth)

    ranked = sorted(mention.candidates, key=evidence, reverse=True)
    if len(ranked) == 1 or evidence(ranked[0])[:2] != evidence(ranked[1])[:2]:
        return ranked[0]
    # Still ambiguous: keep what every reading agrees on.
    provinces = {entry.province for entry in ranked}
    cities = {entry.city for entry in ranked}
    counties = {entry.county for entry in ranked}
    return Place(
        province=provinces.pop() if len(provinces) == 1 else None,
        city=cities.pop() if len(cities) == 1 else None,
        county=counties.pop() if len(counties) == 1 else None,
        terms=(mention.surface,),
    )


def _merge(resolved: list[tuple[_Entry | Place, str]]) -> tuple[Place, ...]:
    """Fold each mention into the most specific place it is part of ("长春市" + "朝阳区")."""
    places: list[Place] = []
    for item, surface in resolved:
        place = (
            item
            if isinstance(item, Place)
            else Place(item.province, item.city, item.county, (surface,))
        )
        for index, existing in enumerate(places):
            if _contains(existing, place) or _contains(place, existing):
                deeper = place if _depth(place) >= _depth(existing) else existing
                terms = tuple(dict.fromkeys(existing.terms + place.terms))
                places[index] = Place(deeper.province, deeper.city, deeper.county, terms)
                break
        else:
            places.append(place)
    return tuple(places)


def _depth(place: Place) -> int:
    return sum(level is not None for level in (place.province, place.city, place.county))


def _contains(outer: Place, inner: Place) -> bool:
    """Whether ``inner`` lies within (or equals) ``outer``: every level ``outer`` sets agrees."""
    pairs = ((outer.province, inner.province), (outer.city, inner.city), (outer.county, inner.county))
    return all(a is None or a == b for a, b in pairs) and _depth(outer) > 0
