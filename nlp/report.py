"""The evaluation report: a confusion-matrix picture, a per-label table, the reliability curve
and the precision-coverage curve."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def write_report(directory: Path, truth: Sequence[str], predicted: Sequence[str], result: dict[str, Any],
                 *, confidence: Sequence[float] = ()) -> None:
    """Write ``confusion.png`` and ``per_label.tsv`` into ``directory`` (created if needed).

    With ``confidence`` (the top label's, per message) also ``reliability.png`` and
    ``precision_coverage.png``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    labels = sorted(set(truth) | set(predicted))
    with (directory / "per_label.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["label", "precision", "recall", "f1", "support"])
        for label in labels:
            row = result["per_label"][label]
            writer.writerow([label, row["precision"], row["recall"], row["f1"], row["support"]])
        writer.writerow(["(macro)", "", "", result["macro_f1"], result["n"]])
    _confusion_png(directory / "confusion.png", truth, predicted, labels)
    if confidence:
        correct = [gold == guess for gold, guess in zip(truth, predicted)]
        _reliability_png(directory / "reliability.png", confidence, correct)
        _coverage_png(directory / "precision_coverage.png", confidence, correct)


def _reliability_png(path: Path, confidence: Sequence[float], correct: Sequence[bool]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from nlp.calibration import expected_calibration_error, reliability

    values = np.asarray(confidence, dtype=np.float64)
    hits = np.asarray(correct, dtype=bool)
    rows = [row for row in reliability(values, hits) if row["n"]]
    figure, axes = plt.subplots(figsize=(5.5, 5))
    try:
        axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        axes.plot([r["confidence"] for r in rows], [r["accuracy"] for r in rows], marker="o",
                  label="model")
        for row in rows:
            axes.annotate(str(row["n"]), (row["confidence"], row["accuracy"]), fontsize=7,
                          textcoords="offset points", xytext=(3, -10))
        axes.set_xlabel("confidence (mean of bin)")
        axes.set_ylabel("accuracy in bin")
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.02)
        axes.set_title(f"reliability, ECE = {expected_calibration_error(values, hits):.3f}, n = {len(values)}")
        axes.legend(loc="upper left")
        figure.tight_layout()
        figure.savefig(path, dpi=120)
    finally:
        plt.close(figure)


def _coverage_png(path: Path, confidence: Sequence[float], correct: Sequence[bool]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from nlp.calibration import coverage_at_precision, precision_coverage

    values = np.asarray(confidence, dtype=np.float64)
    hits = np.asarray(correct, dtype=bool)
    points = precision_coverage(values, hits)
    figure, axes = plt.subplots(figsize=(5.5, 5))
    try:
        axes.plot([c for c, _ in points], [p for _, p in points], label="routed most confident first")
        for target, colour in ((0.95, "tab:orange"), (0.97, "tab:red")):
            coverage = coverage_at_precision(values, hits, target)
            axes.axhline(target, color=colour, linestyle=":", linewidth=1)
            axes.plot([coverage], [target], marker="o", color=colour,
                      label=f"precision {target}: coverage {coverage:.2f}")
        axes.set_xlabel("coverage (share auto-routed)")
        axes.set_ylabel("precision of the routed share")
        axes.set_xlim(0, 1)
        axes.set_ylim(min(0.8, min((p for _, p in points), default=0.8)), 1.005)
        axes.set_title(f"precision-coverage, n = {len(values)}")
        axes.legend(loc="lower left")
        figure.tight_layout()
        figure.savefig(path, dpi=120)
    finally:
        plt.close(figure)


def _confusion_png(path: Path, truth: Sequence[str], predicted: Sequence[str], labels: list[str]) -> None:
    # Imported here: matplotlib costs half a second and is only needed for reports.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager

    index = {label: position for position, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(labels)), dtype=int)
    for actual, guess in zip(truth, predicted):
        counts[index[actual], index[guess]] += 1
    # Chinese labels need a CJK font; when the machine has none, fall back to numbered labels
    # with a legend in the title rather than drawing empty boxes (and warning on every glyph).
    cjk_fonts = [
        font.name
        for font in font_manager.fontManager.ttflist
        if any(key in font.name for key in ("CJK", "Hei", "Song", "WenQuanYi", "Noto Sans SC", "Droid Sans Fallback"))
    ]
    names = labels if cjk_fonts or all(label.isascii() for label in labels) else [str(i) for i in range(len(labels))]
    figure, axes = plt.subplots(figsize=(1.2 * len(labels) + 3, 1.0 * len(labels) + 2.5))
    try:
        if cjk_fonts:
            plt.rcParams["font.sans-serif"] = [cjk_fonts[0], *plt.rcParams["font.sans-serif"]]
        axes.imshow(counts, cmap="Blues")
        axes.set_xticks(range(len(labels)), names, rotation=45, ha="right")
        axes.set_yticks(range(len(labels)), names)
        axes.set_xlabel("predicted")
        axes.set_ylabel("true")
        threshold = counts.max() / 2 if counts.size else 0
        for row in range(len(labels)):
            for column in range(len(labels)):
                axes.text(column, row, str(counts[row, column]), ha="center", va="center",
                          color="white" if counts[row, column] > threshold else "black")
        if names is not labels:
            axes.set_title("label n = row n of per_label.tsv (no CJK font installed)", fontsize=9)
        figure.tight_layout()
        figure.savefig(path, dpi=120)
    finally:
        plt.close(figure)
