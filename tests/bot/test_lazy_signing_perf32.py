"""The processor signs only new petitions for the matter index (issue 17, helper perf32).

A signature is a function of the text and its analysis, cached by text: signing a status
question, a grade or a supplement ahead of the decide was work thrown away whenever the
dialogue never asked for it (49 texts of the decide mix, none asked for). These tests hold
that (1) the processor signs exactly the texts the classifier reads as new petitions, and
(2) whatever the dialogue does need is signed on first use, so a conversation decided with
every text signed ahead and one decided with only new petitions signed ahead write the same
cases, replies and events, field for field. The sentences are written for this test.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import pytest

from bench.decide_mix import Said
from bot.intake import DurableIntake
from nlp import Analysis, Analyzer, Intent
from nlp.matter import MatterJudge
from tests.bot.harness import open_core
from tests.bot.test_batch_equivalence import _in_batches, _one_at_a_time, outcome
from tests.conftest import FIXED_NOW

#: Fresh texts: what opens a case, and what asks after one, adds to one or grades one.
TEXTS = (
    "和平里小区南门的下水道堵了一个星期，污水漫到人行道上，请尽快疏通。",
    "我们村口那座小桥的栏杆断了两根，小孩上学天天走，太危险了，希望派人修一下。",
    "东门菜场旁边的烧烤摊每晚烟熏火燎到十二点，住在楼上根本没法开窗。",
    "物业把小区的消防通道租出去停车了，出了事消防车都进不来，请管一管。",
    "我上周反映的下水道的事有人处理了吗？",
    "进度查一下",
    "补充一下，今天早上污水又漫出来了，我拍了照片。",
    "满意",
    "3",
    "谢谢你们",
)

#: One conversation per sender, in this order: each sender's own messages keep theirs.
CONVERSATION = (
    Said("+8613900000201", TEXTS[0]),
    Said("+8613900000202", TEXTS[1]),
    Said("+8613900000201", TEXTS[4]),
    Said("+8613900000203", TEXTS[2]),
    Said("+8613900000201", TEXTS[6]),
    Said("+8613900000202", "栏杆的事到哪一步了"),
    Said("+8613900000204", TEXTS[3]),
    Said("+8613900000203", TEXTS[5]),
    Said("+8613900000204", TEXTS[7]),
    Said("+8613900000202", TEXTS[8]),
    Said("+8613900000203", TEXTS[9]),
    # the same matter from another petitioner: the matter index compares signatures
    Said("+8613900000205", "和平里小区南门下水道堵了好多天了，污水都流到路上，麻烦疏通一下。"),
    Said("+8613900000201", "上回说的下水道的事有进展没"),
    # a status question naming a thing: the dialogue signs it itself, on first use
    Said("+8613900000203", "烧烤摊的事没人管吗"),
    Said("+8613900000206", "你好"),
    Said("+8613900000206", "幸福路的井盖丢了，晚上很危险，有人管吗？"),
    Said("+8613900000201", "还有，下水道旁边的井盖也松了"),
)


def _signs_everything(self: DurableIntake, text: str) -> Analysis:
    """The processor before perf32: every text signed ahead."""
    analysis = self.analyzer.analyze(text)
    self.conversation.matters.signature(text, analysis)
    return analysis


def test_the_processor_signs_new_petitions_only(analyzer: Analyzer, tmp_path: Path) -> None:
    core = open_core(f"sqlite:///{tmp_path / 'cases.sqlite3'}", tmp_path / "data", FIXED_NOW,
                     analyzer)
    try:
        signed = core.intake.conversation.matters._signed
        kinds = set()
        for text in TEXTS:
            analysis = core.intake._understand(text)
            petition = analysis.intent is Intent.NEW_PETITION
            kinds.add(petition)
            assert (text in signed) == petition, (text, analysis.intent)
        assert kinds == {True, False}, "the table must hold both kinds"
    finally:
        core.close()


async def _decided(folder: Path, analyzer: Analyzer, decide: Any) -> dict[str, Any]:
    core = open_core(f"sqlite:///{folder / 'cases.sqlite3'}", folder / "data", FIXED_NOW,
                     analyzer)
    try:
        await decide(core, list(CONVERSATION), 0)
        return outcome(core)
    finally:
        core.close()


@pytest.mark.parametrize("decide", [_in_batches, _one_at_a_time], ids=["batches", "alone"])
def test_signing_on_first_use_decides_the_same(analyzer: Analyzer,
                                               monkeypatch: pytest.MonkeyPatch,
                                               decide: Any) -> None:
    signed: list[str] = []
    sign = MatterJudge.sign

    def noting(judge: MatterJudge, text: str, *args: Any, **options: Any) -> Any:
        signed.append(text)
        return sign(judge, text, *args, **options)

    with tempfile.TemporaryDirectory(prefix="lazy-sign-") as folder:
        with monkeypatch.context() as patched:
            patched.setattr(MatterJudge, "sign", noting)
            lazy = asyncio.run(_decided(Path(folder) / "lazy", analyzer, decide))
        with monkeypatch.context() as patched:
            patched.setattr(DurableIntake, "_understand", _signs_everything)
            eager = asyncio.run(_decided(Path(folder) / "eager", analyzer, decide))
    assert len(lazy["cases"]) >= 4, "the conversation opened too few cases to compare"
    assert lazy == eager
    # the path on first use was taken: a text the processor left unsigned was signed after
    assert any(analyzer.analyze(text).intent is not Intent.NEW_PETITION for text in signed)
