"""The fixture most bot tests share: the test channel (see ``harness``) on a fresh core.

A module that needs the core opened otherwise overrides ``bot``; one that runs on SQLite only
overrides ``database_url``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nlp import Analyzer
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW


@pytest.fixture
async def bot(database_url: str, tmp_path: Path, analyzer: Analyzer) -> AsyncIterator[BotHarness]:
    core = open_core(database_url, tmp_path / "data", FIXED_NOW, analyzer)
    try:
        yield BotHarness(core)
    finally:
        core.close()
