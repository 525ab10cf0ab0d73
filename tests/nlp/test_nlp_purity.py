"""nlp/ is pure: it imports nothing from bot/, channels/ or storage/ (DESIGN.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

NLP = Path(__file__).resolve().parents[2] / "nlp"
FORBIDDEN = ("bot", "channels", "storage")


@pytest.mark.parametrize("path", sorted(NLP.rglob("*.py")), ids=lambda path: path.name)
def test_nlp_imports_nothing_of_the_other_layers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_nlp_does_not_use_jiebas_global_tokenizer() -> None:
    for path in NLP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        # The module-level functions, not our own instance's methods (self._jieba.cut).
        found = re.search(r"(?<![\w.])jieba\.(?:cut|lcut|cut_for_search|dt|load_userdict|add_word|initialize)\b", text)
        assert found is None, f"{path.name} uses {found.group(0) if found else ''}"
