"""A pattern searched only where a match can begin (issue 17).

Python's regular expressions skip ahead to a possible first character only when a pattern
starts with a literal or a character class. A long alternation whose branches start with an
optional word or a look-behind ("(?:一个|个)?(?:你们的?)?(?:人工|客服|…)", "(?<!给他)回电") is tried
branch by branch at every position of the text: the dialogue's rules that look for one of
fifty phrasings in every message decided paid for that (``nlp.person``'s request patterns, a
third of the dialogue's own text reading on the decide path).

:class:`Leading` works out, from the parsed pattern, the characters a match can begin with
(the first character consumed, through optional parts, groups, branches and zero-width
assertions), finds those characters with one class search, and tries the pattern there only.
A match consumes at least one character (patterns that can match the empty string are not
accelerated), and its first character is one of those; so the leftmost position where the
pattern matches is the leftmost candidate position where it matches, and ``match`` at a
position sees the whole text (look-behinds, ``\\b``) as ``search`` does there: the same match.
The class is compiled with the pattern's own flags, so a case-insensitive pattern's first
characters fold as the pattern's do. Where the first characters cannot be told (a negated
class, ``.``, a back-reference), :meth:`Leading.search` is the pattern's own ``search``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: Class escapes a first character may be given by.
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
               sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
               sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class _Unknown(Exception):
    """The first characters of a part cannot be listed as a class."""


def _character(code: int) -> str:
    return re.escape(chr(code))


def _sequence(items: Any) -> tuple[list[str], bool]:
    """The class members a match of ``items`` can begin with, and whether it can be empty."""
    found: list[str] = []
    for op, value in items:
        members, empty = _item(op, value)
        found += members
        if not empty:
            return found, False
    return found, True


def _item(op: Any, value: Any) -> tuple[list[str], bool]:
    if op is sre.LITERAL:
        return [_character(value)], False
    if op is sre.IN:
        members = []
        for kind, item in value:
            if kind is sre.LITERAL:
                members.append(_character(item))
            elif kind is sre.RANGE:
                members.append(f"{_character(item[0])}-{_character(item[1])}")
            elif kind is sre.CATEGORY and item in _CATEGORIES:
                members.append(_CATEGORIES[item])
            else:  # NEGATE and the rest: not listed
                raise _Unknown(kind)
        return members, False
    if op is sre.SUBPATTERN:
        return _sequence(value[3])
    if op is sre.ATOMIC_GROUP:
        return _sequence(value)
    if op is sre.BRANCH:
        found: list[str] = []
        empty = False
        for branch in value[1]:
            members, can_be_empty = _sequence(branch)
            found += members
            empty = empty or can_be_empty
        return found, empty
    if op in _REPEATS:
        low, _, body = value
        members, empty = _sequence(body)
        return members, empty or low == 0
    if op in _ZERO_WIDTH:
        return [], True  # consumes nothing: the first character is the next part's
    raise _Unknown(op)


def first_characters(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A character class matching every character a match of ``pattern`` can begin with
    (compiled with its flags), or None when they cannot be listed or a match can be empty."""
    try:
        members, empty = _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    except _Unknown:
        return None
    if empty or not members:
        return None
    return re.compile("[" + "".join(dict.fromkeys(members)) + "]", pattern.flags)


class Leading:
    """``pattern.search``, trying the pattern only where a match can begin."""

    __slots__ = ("pattern", "starts")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.starts = first_characters(pattern)

    def match(self, text: str) -> re.Match[str] | None:
        """What ``self.pattern.match(text)`` gives: None at once when the text does not begin
        with a character a match can begin with."""
        if self.starts is not None and self.starts.match(text) is None:
            return None
        return self.pattern.match(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        """What ``self.pattern.sub(replacement, text)`` gives: ``text`` itself when nothing
        in it matches."""
        if self.starts is not None and self.search(text) is None:
            return text
        return self.pattern.sub(replacement, text)

    def search(self, text: str) -> re.Match[str] | None:
        """What ``self.pattern.search(text)`` gives."""
        if self.starts is None:
            return self.pattern.search(text)
        match = self.pattern.match
        for start in self.starts.finditer(text):
            found = match(text, start.start())
            if found is not None:
                return found
        return None
