"""Runs the benchmarks and writes ``docs/BENCHMARKS.md`` and ``docs/BENCHMARKS.json``.

Machines here are shared and noisy, so every figure is reported with a baseline measured in
the same run on the same machine, and the ratio between them is what targets are set on.
The 1/5/15-minute load averages at the start and end of each benchmark are recorded next to
its figures: a load near the CPU count means the figures were taken on a busy machine.

Only the block between :data:`BEGIN` and :data:`END` is the runner's: the measured notes written
around it by hand stay as they are, and running some benchmarks (``python run.py bench nlp``)
replaces only their rows — the others keep theirs from an earlier run, each row with its own
time.

A figure may carry ``min_ratio`` (met when value / baseline ≥ it) or ``max_value`` (met when
value < it); the runner marks those met or missed. Any other extra keys (``stored``,
``rounds``, ``p50_ms``…) are shown as notes.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).parent
#: Keys every figure may have; any others are shown as notes.
STANDARD_KEYS = {"name", "value", "baseline_name", "baseline", "unit", "target", "ratio", "met",
                 "min_ratio", "max_value"}


#: Run last: its PostgreSQL servers leave checkpoints and autovacuum running afterwards, which
#: would fall on whichever benchmark came next.
LAST = ("scale",)
#: The markers around the generated part of the report.
BEGIN = "<!-- python run.py bench writes from here … -->"
END = "<!-- … to here; the rest of this file is written by hand -->"


def available() -> list[str]:
    names = sorted(path.stem.removesuffix("_bench") for path in BENCH_DIR.glob("*_bench.py"))
    return [n for n in names if n not in LAST] + [n for n in LAST if n in names]


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": _now(),
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def main(names: list[str], out: Path) -> int:
    chosen = names or available()
    unknown = sorted(set(chosen) - set(available()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(available())}",
              file=sys.stderr)
        return 2
    info = machine()  # taken at the start: "when" is when the run began
    results: dict[str, dict[str, Any]] = {}
    for index, name in enumerate(chosen, 1):
        print(f"[{index}/{len(chosen)}] {name} …", flush=True)
        results[name] = run_one(name)
        print(f"    done in {results[name]['seconds']:.1f} s", flush=True)
    report = {"machine": info, "results": merged(out.with_suffix(".json"), results)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    out.write_text(spliced(out, render(report)), encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.json')}")
    return 0 if not any("error" in result for result in results.values()) else 1


def merged(previous_json: Path, results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The earlier report's results with this run's in place of theirs (benchmarks not run
    keep their rows and their own times)."""
    try:
        earlier = json.loads(previous_json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = {}
    earlier_when = earlier.get("machine", {}).get("when", "an earlier run")
    kept = {name: result for name, result in earlier.get("results", {}).items()
            if name not in results and isinstance(result, dict)}
    for result in kept.values():
        result.setdefault("when", earlier_when)
    when = _now()
    return {**kept, **{name: {"when": when, **result} for name, result in results.items()}}


def spliced(out: Path, generated: str) -> str:
    """The report file with ``generated`` between the markers; a file without them (or none)
    gets the generated block first and keeps the rest below it."""
    block = f"{BEGIN}\n{generated}\n{END}\n"
    try:
        text = out.read_text(encoding="utf-8")
    except OSError:
        return block
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return block + "\n" + text
    rest = text[end + len(END):].lstrip("\n")
    return text[:start] + block + ("\n" + rest if rest else "")


def run_one(name: str) -> dict[str, Any]:
    """One benchmark's figures (or its error), with the load averages around it."""
    load_start = _load_average()
    started = time.monotonic()
    result: dict[str, Any] = {"load_start": load_start}
    try:
        figures = importlib.import_module(f"bench.{name}_bench").run()
    except Exception as exc:  # noqa: BLE001 - one broken bench must not cost the others
        print(f"    {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        result["error"] = f"{type(exc).__name__}: {exc}"
        figures = []
    for figure in figures:
        baseline = float(figure.get("baseline") or 0.0)
        figure["ratio"] = round(float(figure["value"]) / baseline, 3) if baseline else None
        figure["met"] = _met(figure)
    result.update(load_end=_load_average(), seconds=round(time.monotonic() - started, 1),
                  figures=figures)
    return result


def _met(figure: dict[str, Any]) -> bool | None:
    if "min_ratio" in figure and figure["ratio"] is not None:
        return bool(figure["ratio"] >= figure["min_ratio"])
    if "max_value" in figure:
        return bool(float(figure["value"]) < figure["max_value"])
    return None


def _load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def render(report: dict[str, Any]) -> str:
    info = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `python run.py bench`. Each figure has a baseline measured in the same run on",
        "the same machine; throughput targets are set on the ratio, latency targets on the value.",
        "`met` is worked out by the runner. Notes: `rounds` are the per-round rates (medians are",
        "reported); `stored` counts the inbound rows in the store after the run and",
        "`acknowledged` the 200/250 answers the durable side gave (they must be equal).",
        "",
        (f"Machine: {info['platform']}, {info['cpus']} CPUs, Python {info['python']}; "
         f"last run {info['when']} (each benchmark's own time is in the load table)."),
        "",
        "| benchmark | figure | value | baseline | ratio | target | met | notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, result in report["results"].items():
        if "error" in result:
            lines.append(f"| {name} | failed: {result['error']} | | | | | | |")
        for f in result["figures"]:
            ratio = "" if f.get("ratio") is None else f"{f['ratio']:.3f}"
            met = {True: "yes", False: "**no**", None: ""}[f.get("met")]
            notes = ", ".join(f"{key} {_note(value)}" for key, value in f.items()
                              if key not in STANDARD_KEYS)
            lines.append(
                f"| {name} | {f['name']} | {_number(f['value'])} {f.get('unit', '')} | "
                f"{f.get('baseline_name', '')}: {_number(f.get('baseline'))} | {ratio} | "
                f"{f.get('target', '')} | {met} | {notes} |"
            )
    lines += [
        "",
        f"Load averages (1, 5, 15 min) around each benchmark, on {info['cpus']} CPUs:",
        "",
        "| benchmark | run | load at start | load at end | seconds |",
        "|---|---|---|---|---|",
    ]
    for name, result in report["results"].items():
        lines.append(f"| {name} | {result.get('when', info['when'])} | "
                     f"{_loads(result['load_start'])} | {_loads(result['load_end'])} | "
                     f"{result['seconds']:.0f} |")
    return "\n".join(lines) + "\n"


def _loads(values: list[float]) -> str:
    return " / ".join(f"{value:.2f}" for value in values)


def _note(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_number(item) for item in value) + "]"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return _number(value)


def _number(value: Any) -> str:
    if value is None:
        return "-"
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


if __name__ == "__main__":
    # ``python run.py bench`` runs this module in its own process (run.py imports no bench/).
    import argparse

    _parser = argparse.ArgumentParser(prog="python -m bench.runner")
    _parser.add_argument("names", nargs="*", help="only these benchmarks (default: all)")
    _parser.add_argument("--out", default="docs/BENCHMARKS.md")
    _args = _parser.parse_args()
    sys.exit(main(_args.names, Path(_args.out)))
