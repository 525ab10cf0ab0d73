"""The processor classifies its next chunk while the current one is decided (issue 17).

On SQLite the drain starts reading and classifying chunk k + 1 when chunk k's transaction
begins to commit (the commit's wait for the disk leaves the GIL to the classifier). What is decided must not change: chunks decided with their analyses made ahead
give what deciding one message at a time gives, and a message the classifier fails on in a
chunk classified ahead still goes to a person while the rest of its chunk is decided.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bench.decide_mix import interleave, scripts
from bot.core import Core
from bot.intake import DurableIntake
from channels.base import InboundMessage
from nlp import Analyzer
from storage import Message
from storage.store import Store
from tests.bot.harness import COMPLAINT, POISON, BotHarness, poison_classifier
from tests.bot.test_batch_equivalence import KNOWN_SENDERS, NEW_SENDERS, _one_at_a_time, _run
from tests.conftest import FIXED_NOW


async def _in_small_chunks(core: Core, arrivals: list[Any], offset: int) -> None:
    core.processor.CHUNK = 3  # several chunks, so several are classified ahead
    for index, said in enumerate(arrivals, offset):
        await core.intake.store(InboundMessage(
            channel="sms", sender=said.sender, text=said.text, external_id=f"SMmix{index}",
            received_at=FIXED_NOW, raw=said.text.encode()))
    while await core.processor.drain():
        pass


def test_chunks_classified_ahead_decide_as_one_at_a_time(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    classify, write_sync = DurableIntake.classify, Store.write_sync

    async def classifying(self: DurableIntake, ids: Any) -> Any:
        steps.append("classify")
        return await classify(self, ids)

    def writing(self: Store, work: Any) -> Any:
        steps.append("write")
        result = write_sync(self, work)
        # The result 20 ms late, as after a slow fsync: the next chunk is classified meanwhile.
        time.sleep(0.02)
        steps.append("committed")
        return result

    arrivals = interleave(scripts(NEW_SENDERS, KNOWN_SENDERS, seed=41), random.Random(41))
    with tempfile.TemporaryDirectory(prefix="ahead-") as folder:
        alone = asyncio.run(_run(_one_at_a_time, Path(folder) / "alone", analyzer, arrivals))
        monkeypatch.setattr(DurableIntake, "classify", classifying)
        monkeypatch.setattr(Store, "write_sync", writing)
        ahead = asyncio.run(_run(_in_small_chunks, Path(folder) / "ahead", analyzer, arrivals))
    assert alone["cases"], "the mix opened no case: nothing was compared"
    assert ahead == alone
    # The second chunk's classification began before the first chunk's commit was over.
    assert steps.count("classify") >= len(arrivals) // 3
    drained = steps[steps.index("classify"):]  # the stores and the warm-up come before
    assert drained[:drained.index("committed")].count("classify") >= 2, drained


async def test_a_poison_message_in_a_chunk_classified_ahead_goes_to_a_human(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    if bot.core.store.engine.dialect.name != "sqlite":
        pytest.skip("chunks are classified ahead on SQLite only")
    poison_classifier(bot, monkeypatch)
    monkeypatch.setattr(bot.core.processor, "CHUNK", 2)
    texts = [COMPLAINT, COMPLAINT, COMPLAINT, POISON + " " + COMPLAINT, COMPLAINT]
    for n, text in enumerate(texts):
        await bot.core.intake.store(InboundMessage(
            channel="sms", sender=f"tel:+86138000002{n:02d}", text=text,
            external_id=f"SMq{n}", received_at=FIXED_NOW, raw=text.encode()))
    assert await bot.core.processor.drain() == 4
    rows = bot.core.store.read_sync(lambda s: list(s.exec(select(Message).order_by(Message.id))))
    assert [m.needs_human for m in rows] == [False, False, False, True, False]
    assert all(m.processed_at is not None for m in rows)
