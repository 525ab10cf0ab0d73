"""The dialogue's table and its pure helpers: the order of the rows, no channel imports,
slash commands, grades in words, yes / no answers (issue 15 items 1, 3 and 6)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.dialogue import table
from bot.dialogue.commands import parse_command
from bot.dialogue.followup import yes_no
from bot.dialogue.matter import NewMatter
from bot.dialogue.rating import grade_in_words

DIALOGUE = Path(__file__).resolve().parents[2] / "bot" / "dialogue"


def test_the_table_decides_what_a_message_is_before_it_fills_a_slot() -> None:
    names = [handler.name for handler in table(NewMatter())]
    # "person" (转人工, a call back) comes first and hands what else a message says to the rest.
    assert names == ["person", "emergency", "opt_out", "commands", "taps", "missing_files",
                     "amended", "rating",
                     "feedback", "status",
                     "withdraw", "follow_up", "appeal", "booking", "slots", "same_matter", "chitchat",
                     "clarify",
                     "new_matter"]
    assert names.index("slots") > max(names.index(n) for n in ("emergency", "status", "rating"))


@pytest.mark.parametrize("path", sorted(DIALOGUE.glob("*.py")), ids=lambda p: p.name)
def test_the_dialogue_never_imports_a_channel(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "channels"}


@pytest.mark.parametrize(("text", "expected"), [
    ("/start", ("start", "")),
    ("/lang en", ("lang", "en")),
    ("／New@xinfang_bot", ("new", "")),
    ("/status XF2026-000001 ABCD2345", ("status", "XF2026-000001 ABCD2345")),
    ("我要投诉 /start", None),
    ("/", None),
])
def test_slash_commands(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(("text", "grade"), [
    ("满意，谢谢", 4), ("还行吧3分", 3), ("给你们打4分，谢谢", 4), ("非常满意！辛苦了", 5),
    ("基本满意吧", 3), ("不满意", 2), ("一般般吧", 3), ("3星", 3),
    # Not grades: an address with a figure, thanks alone, a complaint, two figures.
    ("5号楼漏水", None), ("谢谢", None), ("好的", None), ("对处理结果不满意，要求重新调查", None),
    ("3分还是4分", None), ("我家住在3栋", None),
])
def test_grades_in_words(text: str, grade: int | None) -> None:
    assert grade_in_words(text) == grade


@pytest.mark.parametrize(("text", "answer"), [
    ("是", True), ("是的！", True), ("Yes", True), ("不是", False), ("新问题", False),
    ("他们又来了", None), ("", None),
])
def test_yes_and_no(text: str, answer: bool | None) -> None:
    assert yes_no(text) == answer
