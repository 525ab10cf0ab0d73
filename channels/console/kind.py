"""The terminal console in the composition root's channel list: ``chat`` builds it itself
(it needs the terminal), so ``serve`` never does."""

from __future__ import annotations

from channels.base import CONSOLE, Capabilities, Channel, Completer, Intake

CAPABILITIES = Capabilities(
    name=CONSOLE, display_name="控制台", max_text=100_000, short_form=False, buttons=False,
    links=True, fetches_media=False, initiates=True,
)


class ConsoleKind:
    capabilities = CAPABILITIES

    def build(self, settings: object, intake: Intake) -> Channel | None:
        return None

    def completer(self, settings: object) -> Completer | None:
        return None


KIND = ConsoleKind()
