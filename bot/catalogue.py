"""What the bot knows about channels: their :class:`~channels.base.Capabilities`, nothing else.

``bot/`` never names a channel (``tests/bot/test_no_channel_names.py`` fails if it does). Where
a decision depends on the channel (the short form of a notice, buttons, the words of a rating
request, a display name), the bot asks the catalogue, which ``run.py`` installs once from its
one list of channels, the way it installs the log redaction. Until then (tests that never go
through ``run.py``), an unknown channel gets neutral capabilities: the full text, no buttons,
its name as its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from channels.base import Capabilities


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The capabilities of every registered channel, by channel name; immutable."""

    by_name: Mapping[str, Capabilities] = field(default_factory=dict)

    @classmethod
    def of_channels(cls, capabilities: Iterable[Capabilities]) -> Catalogue:
        table = {item.name: item for item in capabilities}
        return cls(MappingProxyType(table))

    def of(self, channel: str) -> Capabilities:
        """The capabilities of ``channel``; neutral ones when it is not registered."""
        found = self.by_name.get(channel)
        return found if found is not None else Capabilities(name=channel, display_name=channel)

    def display_names(self) -> dict[str, str]:
        return {name: item.display_name for name, item in self.by_name.items()}


# One slot, replaced whole (never mutated in place) by install(): readers see either the old
# or the new immutable catalogue.
_installed: list[Catalogue] = [Catalogue()]


def install(capabilities: Iterable[Capabilities]) -> Catalogue:
    """Make ``capabilities`` the catalogue; ``run.py`` calls it once with its channel list."""
    catalogue = Catalogue.of_channels(capabilities)
    _installed[0] = catalogue
    return catalogue


def current() -> Catalogue:
    return _installed[0]
