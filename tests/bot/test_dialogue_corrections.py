"""`nlp train-dialogue --with-corrections --store URL`: a clerk's correction in the case store
changes the retrained model's judgement of that text and of a close paraphrase (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from bot import corrections
from nlp import Analyzer
from nlp.cli import main
from nlp.dialogue_model import EMERGENCY, DialogueModel
from nlp.dialogue_training import Correction, judge_text
from nlp.tokenizer import Tokenizer
from storage import Case
from tests.bot.harness import BotHarness
from tests.conftest import FIXED_NOW
from tests.corpus_slice import corpus_slice

SENDER = "console:值班住户"
#: Someone fallen into an open manhole, in words no corpus sentence uses; the small model below
#: takes it for another kind (the wrong number to call), and the clerk corrects it to accident.
#: (People trapped in a lift served until the corpus itself taught the small model that scene.)
REPORTED = "下水井里有人在喊救命，盖子开着"
#: What the small model takes the scene for before the correction (the corpus decides which).
WRONG_KINDS = ("violence", "self_harm")
#: The same scene told another way, in no corpus and no correction.
PARAPHRASE = "窨井里传出来喊救命的声音 井盖不知道被谁掀了"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the CLI reads the same file (the shared ``bot`` opens on this)."""
    return sqlite_url


def _emergency(model_path: Path, text: str, tokenizer: Tokenizer) -> str:
    return judge_text(DialogueModel.load(model_path), text, tokenizer)[EMERGENCY].label


async def test_a_clerks_correction_retrains_the_judgement_of_the_text_and_a_paraphrase(
        bot: BotHarness, sqlite_url: str, tmp_path: Path, analyzer: Analyzer,
        capsys: pytest.CaptureFixture[str]) -> None:
    await bot.say(REPORTED, sender=SENDER)
    [case] = bot.core.store.read_sync(lambda s: list(s.exec(select(Case))))

    def correct(session):  # type: ignore[no-untyped-def]
        return corrections.set_judgement(session, session.get(Case, case.id), "emergency", "accident",
                                         actor="staff:clerk", source="cli", now=FIXED_NOW)

    bot.core.store.write_sync(correct)
    assert bot.core.store.read_sync(corrections.dialogue_corrections) == [
        Correction(REPORTED, EMERGENCY, "accident")]

    train = corpus_slice("phrasings_train.tsv", tmp_path / "train.tsv", 6)
    dev = corpus_slice("phrasings_dev.tsv", tmp_path / "dev.tsv", 4)
    # The deployment's own store is elsewhere: --store names the one with the correction.
    load = corrections.store_corrections("sqlite:///" + str(tmp_path / "absent.db"),
                                         tmp_path / "other-data")
    common = ["train-dialogue", "--train", str(train), "--dev", str(dev), "--quiet"]
    assert main([*common, "--out", str(tmp_path / "before.npz")], store_corrections=load) == 0
    capsys.readouterr()
    assert main([*common, "--out", str(tmp_path / "after.npz"), "--with-corrections",
                 "--store", sqlite_url], store_corrections=load) == 0
    said = capsys.readouterr().err
    assert "corrections: 1 read, 1 used (intent 0, emergency 1)" in said
    # Counts only: the petitioner's words never reach the output.
    assert REPORTED not in said

    # Without the correction: another kind (self-harm or medical, as the corpus stands), a wrong
    # number to call.
    assert _emergency(tmp_path / "before.npz", REPORTED, analyzer.tokenizer) in WRONG_KINDS
    assert _emergency(tmp_path / "before.npz", PARAPHRASE, analyzer.tokenizer) in WRONG_KINDS
    assert _emergency(tmp_path / "after.npz", REPORTED, analyzer.tokenizer) == "accident"
    assert _emergency(tmp_path / "after.npz", PARAPHRASE, analyzer.tokenizer) == "accident"


def test_with_corrections_needs_the_store(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train-dialogue", "--with-corrections", "--out",
                 str(tmp_path / "m.npz")]) == 2
    assert "needs the case store" in capsys.readouterr().err
    assert main(["train-dialogue", "--store", "sqlite:///x.db", "--out",
                 str(tmp_path / "m.npz")]) == 2
    assert not (tmp_path / "m.npz").exists()
