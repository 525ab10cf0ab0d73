"""Runs the benchmarks and writes ``docs/BENCHMARKS.md`` and ``docs/benchmarks.json``.

Machines here are shared and noisy, so every figure is reported with a baseline measured in
the same run on the same machine, and the ratio between them is what targets are set on.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).parent


def available() -> list[str]:
    return sorted(path.stem.removesuffix("_bench") for path in BENCH_DIR.glob("*_bench.py"))


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def main(names: list[str], out: Path) -> int:
    chosen = names or available()
    unknown = sorted(set(chosen) - set(available()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(available())}",
              file=sys.stderr)
        return 2
    results: dict[str, list[dict[str, Any]]] = {}
    for index, name in enumerate(chosen, 1):
        print(f"[{index}/{len(chosen)}] {name} …", flush=True)
        started = time.monotonic()
        module = importlib.import_module(f"bench.{name}_bench")
        figures = module.run()
        for figure in figures:
            baseline = float(figure.get("baseline") or 0.0)
            figure["ratio"] = round(float(figure["value"]) / baseline, 3) if baseline else None
        results[name] = figures
        print(f"    done in {time.monotonic() - started:.1f} s", flush=True)
    report = {"machine": machine(), "results": results}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    out.write_text(render(report), encoding="utf-8")
    print(f"wrote {out} and {out.with_suffix('.json')}")
    return 0


def render(report: dict[str, Any]) -> str:
    info = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `python run.py bench`. Each figure has a baseline measured in the same run on",
        "the same machine; targets are set on the ratio.",
        "",
        f"Machine: {info['platform']}, {info['cpus']} CPUs, Python {info['python']}; "
        f"run {info['when']}.",
        "",
        "| benchmark | figure | value | baseline | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, figures in report["results"].items():
        for f in figures:
            ratio = "" if f.get("ratio") is None else f"{f['ratio']:.3f}"
            lines.append(
                f"| {name} | {f['name']} | {_number(f['value'])} {f.get('unit', '')} | "
                f"{f.get('baseline_name', '')}: {_number(f.get('baseline'))} | {ratio} | "
                f"{f.get('target', '')} |"
            )
    return "\n".join(lines) + "\n"


def _number(value: Any) -> str:
    if value is None:
        return "-"
    value = float(value)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
