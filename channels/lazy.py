"""Names a channel package exports without importing its heavy modules up front.

``run.py`` and the bot import a channel package for its kind and capabilities; the server,
parser and provider SDK behind it load on first use of the name that needs them (PEP 562).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def lazy_exports(package: str, table: dict[str, str]) -> Callable[[str], object]:
    """The module ``__getattr__`` of ``package``: ``table`` maps a name to its submodule."""

    def __getattr__(name: str) -> object:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)  # once: later lookups do not come here
        return value

    return __getattr__
