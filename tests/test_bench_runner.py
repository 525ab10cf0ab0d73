"""The benchmark runner rewrites only its own block of docs/BENCHMARKS.md and only the rows of
the benchmarks it ran: the measured notes written by hand, and other benchmarks' figures, stay."""

from __future__ import annotations

import json
from pathlib import Path

from bench import runner


def _result(value: float) -> dict[str, object]:
    return {"load_start": [0.1, 0.1, 0.1], "load_end": [0.2, 0.2, 0.2], "seconds": 3.0,
            "figures": [{"name": "msgs/s", "value": value, "baseline": 100.0, "ratio": value / 100,
                         "met": None}]}


def test_running_one_benchmark_keeps_the_others_rows_and_the_notes_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    earlier = {"machine": {"when": "2026-12-01T10:00:00+00:00", "platform": "p", "cpus": 2,
                           "python": "3.11"},
               "results": {"mail": _result(61.0), "nlp": _result(80.0)}}
    out.with_suffix(".json").write_text(json.dumps(earlier), encoding="utf-8")
    first = runner.render({"machine": earlier["machine"], "results": earlier["results"]})
    out.write_text(runner.spliced(out, first) + "\n## decide\n\nMeasured by hand: 0.27.\n",
                   encoding="utf-8")

    results = runner.merged(out.with_suffix(".json"), {"nlp": _result(95.0)})
    report = {"machine": {**earlier["machine"], "when": "2026-12-05T05:00:00+00:00"},
              "results": results}
    text = runner.spliced(out, runner.render(report))

    assert results["mail"]["when"] == "2026-12-01T10:00:00+00:00"
    assert results["nlp"]["when"] != "2026-12-01T10:00:00+00:00"
    assert "| mail | msgs/s | 61 " in text
    assert "| nlp | msgs/s | 95 " in text and "| nlp | msgs/s | 80 " not in text
    assert text.count(runner.BEGIN) == 1 and text.count(runner.END) == 1
    assert text.endswith("## decide\n\nMeasured by hand: 0.27.\n")


def test_a_report_without_markers_keeps_what_it_had_below_the_new_block(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Notes\n\nSomething measured by hand.\n", encoding="utf-8")
    text = runner.spliced(out, "# Benchmarks\n")
    assert text.startswith(runner.BEGIN)
    assert text.endswith("# Notes\n\nSomething measured by hand.\n")
    assert runner.spliced(tmp_path / "absent.md", "# Benchmarks\n").startswith(runner.BEGIN)
