"""``run.py serve`` whose parsers raise on one marker: the parser-exception fault injection.

``python tests/durability/faulty_serve.py serve`` runs the real ``run.py`` after wrapping the
three readers of inbound messages (the mail completer's MIME parser, the SMS form converter,
the Telegram update reader): each raises :class:`ParserBug` when the input carries the marker
named by ``DURABILITY_PARSER_FAULT``, and behaves normally otherwise. The exception's text
quotes the input, as real exceptions do, so a test can prove it never reaches a log or a reply.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import channels.chat.normalize  # after the path is set
import channels.mail.deferred
import channels.sms.webhook

MARKER = os.environ["DURABILITY_PARSER_FAULT"].encode()


class ParserBug(RuntimeError):
    """A stand-in for a bug in a parser."""


def raising_on_marker(original: Callable[..., Any],
                      payload: Callable[..., bytes]) -> Callable[..., Any]:
    def reader(*args: Any, **kwargs: Any) -> Any:
        data = payload(*args, **kwargs)
        if MARKER in data:
            raise ParserBug(f"cannot read {data[:300]!r}")
        return original(*args, **kwargs)

    return reader


def inject(module: ModuleType, name: str, payload: Callable[..., bytes]) -> None:
    setattr(module, name, raising_on_marker(getattr(module, name), payload))


inject(channels.mail.deferred, "parse_letter", lambda raw, *_, **__: bytes(raw))
inject(channels.sms.webhook, "to_inbound_message", lambda form, raw, *_, **__: bytes(raw))
inject(channels.chat.normalize, "read_update",
       lambda data, *_, **__: json.dumps(data, ensure_ascii=False).encode())

if __name__ == "__main__":
    sys.argv = [str(ROOT / "run.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "run.py"), run_name="__main__")
