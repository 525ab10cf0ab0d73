"""Learning from clerks' corrections, end to end on a small store (issue 18): verdicts given
through the CLI and the store functions → ``nlp train --from-store`` → ``nlp promote`` (a worse
model refused) → the running bot's processor swaps the promoted model in between batches."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot import cases_cli, corrections
from bot.core import Core
from nlp.cli import main as nlp_main
from nlp.model import LinearModel
from nlp.promotion import FROM_STORE, version_of, version_path
from run import build_parser
from storage import Case, CategoryCorrection
from tests.bot.harness import BotHarness, open_core
from tests.conftest import FIXED_NOW

PARCEL = [f"{place}的快递驿站{problem}，{ask}" for place, problem, ask in itertools.islice(
    itertools.product(["小区门口", "学校旁边", "菜场对面", "公司楼下"],
                      ["把我的包裹弄丢了不肯赔偿", "私自拆开快递包裹", "收取保管费"],
                      ["请市场监管部门查处", "希望有人管一管"]), 14)]
# Every text a new matter beyond doubt: this is about learning categories, and "投诉没有回音"
# reads as a progress question as often as a matter (the dialogue's own tests cover that line).
RIDE = [f"网约车司机{problem}，{ask}，{when}" for problem, ask, when in itertools.islice(
    itertools.product(["故意绕路多收车费", "接单后拒载", "开车时一直打电话"],
                      ["平台不处理", "客服一直推诿"], ["昨天晚上", "上周五"]), 12)]


def verdicts(core: Core) -> list[CategoryCorrection]:
    return list(core.store.read_sync(lambda s: list(s.exec(
        select(CategoryCorrection).order_by(col(CategoryCorrection.id))))))


@pytest.fixture
def core(database_url: str, tmp_path: Path) -> Core:
    opened = open_core(database_url, tmp_path / "data", FIXED_NOW,
                       model_path=tmp_path / "data" / "models" / "classifier.model")
    yield opened
    opened.close()


async def file_cases(core: Core) -> dict[str, str]:
    bot = BotHarness(core)
    for index, text in enumerate(PARCEL + RIDE):
        await bot.push(text, sender=f"console:市民{index}")
    rows = core.store.read_sync(lambda s: list(s.exec(select(Case).order_by(col(Case.id)))))
    assert len(rows) == len(PARCEL) + len(RIDE)
    return {row.number: ("商贸旅游" if index < len(PARCEL) else "交通运输")
            for index, row in enumerate(rows)}


def test_cases_category_on_the_command_line(core: Core, capsys: pytest.CaptureFixture[str]) -> None:
    import asyncio

    truth = asyncio.run(file_cases(core))
    number, label = next(iter(truth.items()))
    args = build_parser().parse_args(["cases", "category", number, "--set", label, "--json",
                                      "--actor", "staff:王"])
    assert cases_cli.run(core, args, near_days=3) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["number"] == number and printed["category"] == label
    assert printed["verdict"] in ("confirmed", "corrected")
    [row] = verdicts(core)
    assert (row.source, row.actor, row.category) == ("cli", "staff:王", label)
    assert PARCEL[0] in row.text
    refused = build_parser().parse_args(["cases", "category", number, "--set", "不存在"])
    assert cases_cli.run(core, refused, near_days=3) == 1
    assert "不在分类目录" in capsys.readouterr().err
    assert len(verdicts(core)) == 1


async def test_corrections_retrain_promote_and_swap(core: Core, tmp_path: Path,
                                                    database_url: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    truth = await file_cases(core)
    known = core.intake.conversation.routing.units

    def judge(session: object) -> int:
        changed = 0
        for number, label in truth.items():
            case = cases_cli.staff.get(session, number)  # type: ignore[arg-type]
            changed += case.category != label
            corrections.set_category(session, case, label, actor="staff:clerk",  # type: ignore[arg-type]
                                     source="console", now=FIXED_NOW, known=known)
        return changed

    corrected = core.store.write_sync(judge)
    rows = verdicts(core)
    assert len(rows) == len(truth)
    assert sum(row.predicted != row.category for row in rows) == corrected
    store = corrections.store_examples(database_url, tmp_path / "data")
    assert sorted(e.label for e in store(None)) == sorted(truth.values())
    active = tmp_path / "data" / "models" / "classifier.model"

    # Retrain on the store: cross-validated figures against the model in use.
    candidate = tmp_path / "candidate.npz"
    assert nlp_main(["train", "--from-store", "--out", str(candidate), "--quiet"],
                    store_examples=store, active_model=active) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["own"] == len(truth)
    assert report["candidate_cross_validated"]["accuracy"] >= 0.9
    assert set(report["model_in_use"]) == {"accuracy", "macro_f1"}
    assert LinearModel.load(candidate).meta[FROM_STORE]["n"] == len(truth)

    # A model that scores worse is refused: nothing changes. (Trained on the two topics with
    # their labels swapped, so it gets the bureau's cases wrong.)
    shuffled = tmp_path / "shuffled.tsv"
    lines = ["label\ttext"] + [f"{'商贸旅游' if text in RIDE else '交通运输'}\t{text}"
                               for text in PARCEL + RIDE]
    shuffled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    worse = tmp_path / "worse.npz"
    assert nlp_main(["train", "--data", str(shuffled), "--out", str(worse), "--quiet"]) == 0
    capsys.readouterr()
    assert nlp_main(["promote", str(worse)], store_examples=store, active_model=active) == 1
    assert "refused" in capsys.readouterr().err
    assert not active.exists() and version_of(active) is None

    # The candidate is not worse: promoted, and the processor swaps it in between batches.
    before = core.intake.analyzer.classifier
    assert nlp_main(["promote", str(candidate)], store_examples=store, active_model=active) == 0
    assert "promoted" in capsys.readouterr().err
    assert active.read_bytes() == candidate.read_bytes()
    record = json.loads(version_path(active).read_text(encoding="utf-8"))
    assert record["figures"]["n"] == len(truth)
    assert core.intake.analyzer.classifier is before  # not yet: only at a safe point
    assert core.processor.between_batches is not None
    await core.processor.between_batches()
    swapped = core.intake.analyzer.classifier
    assert swapped is not before and isinstance(swapped, LinearModel)
    assert swapped.meta[FROM_STORE]["n"] == len(truth)
    bot = BotHarness(core)
    await bot.push("网约车司机故意绕路多收车费，投诉没有回音，今天早上", sender="console:新市民")
    newest = core.store.read_sync(lambda s: s.exec(select(Case).order_by(col(Case.id).desc())).first())
    assert newest is not None and newest.category == "交通运输"
    # Checking again without a new promotion changes nothing.
    await core.processor.between_batches()
    assert core.intake.analyzer.classifier is swapped


def test_train_from_store_with_nothing_to_learn(core: Core, tmp_path: Path, database_url: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = corrections.store_examples(database_url, tmp_path / "data")
    assert nlp_main(["train", "--from-store", "--since", "2026-01-01", "--quiet"],
                    store_examples=store, active_model=tmp_path / "m") == 1
    assert "no confirmed or corrected cases" in capsys.readouterr().err
    # A first model (trained on an export) cannot be compared on nothing: refused unless forced.
    export = tmp_path / "export.tsv"
    export.write_text("label\ttext\n" + "".join(
        f"{'商贸旅游' if text in PARCEL else '交通运输'}\t{text}\n" for text in PARCEL + RIDE),
        encoding="utf-8")
    first = tmp_path / "first.npz"
    assert nlp_main(["train", "--data", str(export), "--out", str(first), "--quiet"]) == 0
    active = tmp_path / "models" / "classifier.model"
    assert nlp_main(["promote", str(first)], store_examples=store, active_model=active) == 1
    assert "--force" in capsys.readouterr().err and not active.exists()
    assert nlp_main(["promote", str(first), "--force"], store_examples=store,
                    active_model=active) == 0
    assert active.read_bytes() == first.read_bytes()
    record = version_of(active)
    assert record is not None and record["figures"] == {"n": 0, "forced": True}
