"""Server-side SVG charts of :mod:`bot.stats` figures, with matplotlib.

The SVG keeps its text as text (``svg.fonttype = none``): the browser renders the Chinese
labels with its own fonts, and the labels stay searchable and copyable. Every label is plain
text (``text.parse_math`` off): unit names, categories and keywords come from staff and
petitioners, and a ``$`` in one must not be read as mathtext (which raises on bad TeX). Output is
deterministic: a fixed hash salt for the element ids and no date in the metadata, so the same
figures give the same bytes (reports can be compared, tests can read them).

A :class:`matplotlib.figure.Figure` is built per chart, never through ``pyplot``: no global
figure state, so charts may be drawn from worker threads.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.stats import Count, MonthRow, Statistics, UnitSatisfaction

#: Tried in order by the browser; matplotlib measures with the first it has (DejaVu at worst).
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
         "WenQuanYi Micro Hei", "SimHei", "DejaVu Sans"]
STYLE: dict[Any, Any] = {
    "svg.fonttype": "none", "svg.hashsalt": "xinfang-stats", "font.family": "sans-serif",
    "text.parse_math": False, "text.usetex": False,
    "font.sans-serif": FONTS, "font.size": 10, "axes.spines.top": False,
    "axes.spines.right": False}
PALETTE = ("#2f6fb0", "#e07b39", "#3a9b5d", "#c4463a", "#8560a8", "#8c6d52", "#d46fae",
           "#7a7a7a", "#b5b034", "#3fb1c1")
MAX_BARS = 15


def bar(counts: Sequence[Count], title: str, *, unit: str = "件") -> str:
    """Horizontal bars, largest on top; more than :data:`MAX_BARS` are summed as 其他."""
    shown = _top(counts)
    if not any(c.count for c in shown):
        return empty(title)
    with _figure(7.0, 1.2 + 0.32 * max(len(shown), 1)) as figure:
        axes = figure.add_subplot()
        labels = [c.label for c in reversed(shown)]
        values = [c.count for c in reversed(shown)]
        bars = axes.barh(labels, values, color="#2f6fb0")
        axes.bar_label(bars, labels=[f"{v}" for v in values], padding=3)
        _finish(axes, title, f"{unit}数")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        return _svg(figure)


def stacked_months(monthly: Sequence[MonthRow], title: str) -> str:
    """Cases per month, each bar split by channel."""
    months = [row.month[2:] for row in monthly]
    channels = sorted({name for row in monthly for name in row.by_channel})
    if not any(sum(row.by_channel.values()) for row in monthly):
        return empty(title)
    with _figure(8.0, 3.6) as figure:
        axes = figure.add_subplot()
        bottom = [0] * len(monthly)
        for index, channel in enumerate(channels):
            values = [row.by_channel.get(channel, 0) for row in monthly]
            axes.bar(months, values, bottom=bottom, label=channel,
                     color=PALETTE[index % len(PALETTE)])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        if channels:
            axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
        _finish(axes, title, "件数", vertical=True)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        return _svg(figure)


def line(points: Sequence[tuple[str, float | None]], title: str, *,
         percent: bool = True) -> str:
    """Values over time (months); a missing value leaves a gap."""
    labels = [label for label, _ in points]
    values = [float("nan") if v is None else (v * 100 if percent else v) for _, v in points]
    if all(v is None for _, v in points):
        return empty(title)
    with _figure(8.0, 3.2) as figure:
        axes = figure.add_subplot()
        axes.plot(labels, values, marker="o", color="#c4463a")
        if percent:
            axes.set_ylim(0, 100)
        _finish(axes, title, "%" if percent else "", vertical=True)
        return _svg(figure)


def donut(counts: Sequence[Count], title: str) -> str:
    """Shares of a whole, as a ring with the total in the middle."""
    shown = [c for c in _top(counts, limit=8) if c.count > 0]
    total = sum(c.count for c in shown)
    if not total:
        return empty(title)
    with _figure(6.0, 3.6) as figure:
        axes = figure.add_subplot()
        if shown:
            wedges, _ = axes.pie([c.count for c in shown], startangle=90, counterclock=False,
                                 colors=PALETTE[:len(shown)],
                                 wedgeprops={"width": 0.38, "edgecolor": "white"})
            axes.legend(wedges, [f"{c.label} {c.count} ({c.count * 100 / total:.1f}%)"
                                 for c in shown], loc="center left", bbox_to_anchor=(1.0, 0.5),
                        frameon=False, fontsize=9)
        axes.text(0, 0, f"{total}", ha="center", va="center", fontsize=16)
        axes.set_aspect("equal")
        axes.set_title(title, fontsize=12, loc="left")
        return _svg(figure)


def satisfaction(rows: Sequence[UnitSatisfaction], title: str = "各单位满意度") -> str:
    """Mean grade per unit (1–5), with the number of ratings."""
    shown = sorted(rows, key=lambda row: (row.mean, row.unit))[-MAX_BARS:]
    if not shown:
        return empty(title, "本期间还没有评价")
    with _figure(7.0, 1.2 + 0.32 * max(len(shown), 1)) as figure:
        axes = figure.add_subplot()
        bars = axes.barh([row.unit for row in shown], [row.mean for row in shown],
                         color="#3a9b5d")
        axes.bar_label(bars, labels=[f"{row.mean:.2f}（{row.ratings}条）" for row in shown],
                       padding=3)
        axes.set_xlim(0, 5.9)
        _finish(axes, title, "平均评分（1–5）")
        return _svg(figure)


def empty(title: str, said: str = "本期间没有数据") -> str:
    """A chart with nothing to draw says so, instead of an axis around nothing."""
    with _figure(7.0, 1.4) as figure:
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.text(0.5, 0.4, said, ha="center", va="center", fontsize=11, color="#4a4a4a",
                  transform=axes.transAxes)
        axes.set_title(title, fontsize=12, loc="left")
        return _svg(figure)


def all_charts(stats: Statistics) -> dict[str, tuple[str, str]]:
    """Every chart of a statistics set: name → (title, SVG); the report and console show them."""
    monthly = [(row.month[2:], row.overdue_rate.value) for row in stats.monthly]
    charts = {
        "monthly": ("各月信访件数（按渠道）", stacked_months(stats.monthly, "各月信访件数（按渠道）")),
        "channel": ("信访渠道", donut(stats.by_channel, "信访渠道")),
        "category": ("问题类别", bar(stats.by_category, "问题类别")),
        "territory": ("属地", bar(stats.by_territory, "属地")),
        "unit": ("责任单位", bar(stats.by_unit, "责任单位")),
        "overdue": ("各月超期率", line(monthly, "各月超期率")),
        "satisfaction": ("各单位满意度", satisfaction(stats.satisfaction)),
    }
    if stats.accused_units:
        charts["accused"] = ("被检举控告较多的单位", bar(stats.accused_units, "被检举控告较多的单位"))
    if stats.hot_topics:
        charts["topics"] = ("热点问题（关键词）", bar(stats.hot_topics, "热点问题（关键词）",
                                                     unit="提及件"))
    return charts


def _top(counts: Sequence[Count], limit: int = MAX_BARS) -> list[Count]:
    if len(counts) <= limit:
        return list(counts)
    return [*counts[:limit - 1], Count("其他", sum(c.count for c in counts[limit - 1:]))]


def _finish(axes: Axes, title: str, value_label: str, *, vertical: bool = False) -> None:
    axes.set_title(title, fontsize=12, loc="left")
    if vertical:
        axes.set_ylabel(value_label)
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    else:
        axes.set_xlabel(value_label)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    with matplotlib.rc_context(STYLE), warnings.catch_warnings():
        # Without a CJK font installed on the server, matplotlib measures the labels with
        # DejaVu's placeholder glyph and says so; the browser draws them with its own fonts.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Drop the XML prolog and DOCTYPE: the SVG is inlined into HTML pages.
    return text[text.index("<svg"):]
