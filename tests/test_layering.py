"""The one dependency rule: channels/, nlp/ and storage/ never import each other (or bot/)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INDEPENDENT = ("channels", "nlp", "storage")
OURS = ("bot", "channels", "nlp", "storage", "run", "bench")


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(OURS)


@pytest.mark.parametrize("package", INDEPENDENT)
def test_package_imports_only_itself(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) - {package})
        for path in files
        if imported_packages(path) - {package}
    }
    assert offenders == {}, f"{package}/ must not import other packages of ours: {offenders}"


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from storage import Store\nimport bot.cases\nfrom . import sibling\n")
    assert imported_packages(bad) == {"storage", "bot"}


def test_the_composition_root_imports_no_bench_and_returns_no_any() -> None:
    """bench/ is a tool beside the product (``run.py bench`` runs it as its own process), and
    every function of the composition root says what it returns."""
    tree = ast.parse((ROOT / "run.py").read_text(encoding="utf-8"))
    assert "bench" not in imported_packages(ROOT / "run.py")
    untyped = [node.name for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
               and (node.returns is None or "Any" in ast.unparse(node.returns))]
    assert untyped == []
