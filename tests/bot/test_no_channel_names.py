"""bot/ never names a channel: it imports no channel package and never branches on or tabulates
a channel's name. What a channel can do comes from its capabilities (bot/catalogue.py)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The names of channels/ adapters (not the bot's own ways in: web, open311, visit, phone).
CHANNEL_NAMES = frozenset({"sms", "mail", "telegram", "console", "wechat"})
CHANNEL_PACKAGES = frozenset(
    path.name for path in (ROOT / "channels").iterdir() if (path / "__init__.py").is_file())
#: Known exceptions: none (bot/conversation.py became bot/dialogue/, issue 15).
KNOWN: frozenset[str] = frozenset()
#: Same word, another thing: (file, word) → what it is there.
HOMONYMS = {
    ("bot/corrections.py", "'console'"): "the staff console, where a clerk gave a verdict",
    ("bot/logredact.py", "'telegram'"): "python-telegram-bot's logger, kept quiet",
}


def namings(source: str) -> list[str]:
    """Where ``source`` names a channel: imports of a channel package; a channel name compared
    with, looked up in, or listed as a key or member of a table."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "channels" and len(parts) > 1 and parts[1] in CHANNEL_PACKAGES:
                found.append(f"line {node.lineno}: imports {node.module}")
            if node.module == "channels":
                found += [f"line {node.lineno}: imports channels.{alias.name}"
                          for alias in node.names if alias.name in CHANNEL_PACKAGES]
        elif isinstance(node, ast.Import):
            found += [f"line {node.lineno}: imports {alias.name}" for alias in node.names
                      if alias.name.split(".")[:1] == ["channels"]
                      and alias.name.split(".")[1:2] != ["base"]]
        elif isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                found += _names(operand, node.lineno, "compared")
        elif isinstance(node, ast.Dict):
            for key in node.keys:
                if key is not None:
                    found += _names(key, node.lineno, "a table key")
        elif isinstance(node, ast.Set | ast.Tuple | ast.List):
            for element in node.elts:
                if isinstance(element, ast.Constant) and element.value in CHANNEL_NAMES:
                    found.append(f"line {node.lineno}: {element.value!r} listed")
    return found


def _names(node: ast.expr, line: int, how: str) -> list[str]:
    if isinstance(node, ast.Constant) and node.value in CHANNEL_NAMES:
        return [f"line {line}: {node.value!r} {how}"]
    if isinstance(node, ast.Tuple):  # ("zh", "telegram") keys
        return [hit for element in node.elts for hit in _names(element, line, how)]
    return []


def test_bot_names_no_channel() -> None:
    offenders = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        hits = [hit for hit in namings(path.read_text("utf-8"))
                if not any((name, word) in HOMONYMS for word in hit.split() if "'" in word)]
        if hits and name not in KNOWN:
            offenders[name] = hits
    assert offenders == {}, f"bot/ names channels (ask their capabilities instead): {offenders}"


def test_the_scan_sees_each_way_of_naming_a_channel() -> None:
    source = (
        "from channels.chat import parse_command\n"
        "import channels.sms\n"
        "if message.channel == 'sms': pass\n"
        "HOW = {('zh', 'telegram'): 'x'}\n"
        "CONTACT = ('sms', 'mail')\n"
        "from channels.base import InboundMessage\n"
        "if scheme == 'web': pass\n"
    )
    assert len(namings(source)) == 7  # the ("zh", "telegram") key counts as key and tuple
