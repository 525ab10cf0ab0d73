"""The annual statistics report (Art 41 年度信访情况统计): ``python run.py report --year 2026``.

Writes ``report-<year>.html`` (self-contained: inline CSS and SVG charts, Chinese) and one CSV
per table (UTF-8 with a BOM, so Excel reads the Chinese) into ``--out`` (default
``<data dir>/reports``), and prints the paths. Only aggregate figures: no petitioner data.
The report is the bureau's own (Art 41), so it carries the accusation statistics, with the
limits of ``bot.stats.for_viewer`` (a unit named only from the minimum count up).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment

from bot.clock import Clock
from bot.stats import Count, Period, Rate, Statistics, compute, for_viewer

if TYPE_CHECKING:
    from bot.settings import Settings

Cell = str | int | float


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # the CSV file's suffix
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def tables(stats: Statistics) -> list[Table]:
    """The report's tables, in the order they are shown."""
    t, d, r = stats.timeliness, stats.dispatch, stats.repeats
    summary: list[tuple[Cell, ...]] = [
        ("信访事项总数（件）", stats.total),
        ("受理告知按期率（15日内）", _rate(t.acceptance)),
        ("按期答复率（60日，含延期）", _rate(t.answer)),
        ("超期率", _rate(t.overdue)),
        ("转送（件）", d.transferred),
        ("交办（件）", d.assigned),
        ("退单（件）", d.objected),
        ("督办（件）", d.supervised),
        ("其中超期督办（件）", d.supervised_overdue),
        ("重复信访（件）", r.rate.numerator),
        ("重复信访率", r.rate.percent),
        ("其中：重复来信并入原件（件）", r.repeated_cases),
        ("其中：同一信访人同类事项再次信访（件）", r.same_matter_cases),
        ("重复来信（条）", r.repeat_messages),
    ]
    channels = sorted({name for row in stats.monthly for name in row.by_channel})
    result = [
        Table("summary", "总体情况", ("指标", "数值"), tuple(summary)),
        _shares("channel", "按信访渠道", "渠道", stats.by_channel, stats.total),
        _shares("category", "按问题类别", "类别", stats.by_category, stats.total),
        _shares("territory", "按属地", "属地", stats.by_territory, stats.total),
        _shares("level", "按分办层级", "层级", stats.by_level, stats.total),
        _shares("unit", "按责任单位", "单位", stats.by_unit, stats.total),
        _shares("type", "按信访事项性质", "性质", stats.by_type, stats.total),
        Table("monthly", "按月份", ("月份", "合计", *channels, "超期件数", "超期率"), tuple(
            (row.month, row.total, *(row.by_channel.get(c, 0) for c in channels), row.overdue,
             row.overdue_rate.percent) for row in stats.monthly)),
        Table("accused", "被检举控告较多的单位", ("单位", "检举控告件数"),
              tuple((c.label, c.count) for c in stats.accused_units)),
        Table("satisfaction", "各单位满意度", ("单位", "评价数", "平均分", "满意率",
                                              "5分", "4分", "3分", "2分", "1分"),
              tuple((s.unit, s.ratings, s.mean, s.satisfied.percent, *s.distribution)
                    for s in stats.satisfaction)),
    ]
    if stats.hot_topics:
        result.append(Table("topics", "热点问题（关键词）", ("关键词", "提及件数"),
                            tuple((c.label, c.count) for c in stats.hot_topics)))
    return result


def _shares(name: str, title: str, label: str, counts: Sequence[Count], total: int) -> Table:
    return Table(name, title, (label, "件数", "占比"),
                 tuple((c.label, c.count, Rate(c.count, total).percent) for c in counts))


def _rate(rate: Rate) -> str:
    return f"{rate.percent}（{rate.numerator}/{rate.denominator}）"


def title(period: Period) -> str:
    return f"{period.label}{'度' if period.label.endswith('年') else ''}信访情况统计"


_PAGE = Environment(autoescape=True).from_string("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 60em; color: #222; line-height: 1.5; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.7em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9em; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="note">统计期间：{{ period.start }} 至 {{ period.end }}（收到日期，北京时间）；
超期以 {{ stats.as_of }} 为准。依据《信访工作条例》第四十一条。本报告只含汇总数字，不含信访人个人信息。</p>
{% for name, (caption, svg) in charts.items() %}
<figure id="chart-{{ name }}" aria-label="{{ caption }}">{{ svg|safe }}</figure>
{% endfor %}
{% for table in tables %}
<h2 id="{{ table.name }}">{{ table.title }}</h2>
{% if table.rows %}
<table>
<thead><tr>{% for h in table.headers %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in table.rows %}<tr>{% for cell in row %}<td{% if cell is number %} class="n"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% else %}<p class="note">无数据。</p>{% endif %}
{% endfor %}
<p class="note">口径：按期受理告知指自收到之日起15日内作出受理或不予受理决定；按期答复指在办理期限（受理后60日，经批准延期的含延期）内答复；
到期仍未办理的计为超期，未到期的不计入。重复信访指重复来信并入原件、复核后就同一事项再次信访，或同一信访人同类事项再次信访。</p>
</body>
</html>
""")


def render_html(stats: Statistics, chart_svgs: dict[str, tuple[str, str]]) -> str:
    return _PAGE.render(title=title(stats.period), period=stats.period, stats=stats,
                        charts=chart_svgs, tables=tables(stats))


def write(stats: Statistics, out: Path, stem: str) -> list[Path]:
    """Write ``<stem>.html`` and ``<stem>-<table>.csv`` files into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    _progress("绘制图表…")
    from bot import charts  # matplotlib: loaded by the commands that draw, not by serve

    page = render_html(stats, charts.all_charts(stats))
    html_path = out / f"{stem}.html"
    html_path.write_text(page, encoding="utf-8")
    paths = [html_path]
    for table in tables(stats):
        path = out / f"{stem}-{table.name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.headers)
            writer.writerows(table.rows)
        paths.append(path)
    return paths


# -- the command line -----------------------------------------------------------------------


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="the annual statistics report (HTML + CSV)")
    report.add_argument("--year", type=int, default=None, help="the year (default: this year)")
    report.add_argument("--out", default="", help="directory (default: <data dir>/reports)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    from nlp.tokenizer import Tokenizer
    from storage import Store, StoreUnavailable

    today = Clock(settings.fixed_now()).today()
    year = args.year or today.year
    if not 1990 <= year <= 9999:
        print(f"invalid input: --year {year}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else settings.data_dir / "reports"
    try:
        store = Store.open(settings.database, settings.data_dir)
    except StoreUnavailable as exc:
        print(f"cannot open the case store: {exc}", file=sys.stderr)
        return 1
    try:
        _progress("加载分词词典…")
        tokenizer = Tokenizer()
        _progress(f"统计 {year} 年信访事项…")
        stats = for_viewer(store.read_sync(lambda s: compute(s, Period.year(year), today,
                                                             tokenizer=tokenizer)),
                           accusations=True)
    finally:
        store.close()
    paths = write(stats, out, f"report-{year}")
    for path in paths:
        print(path)
    return 0


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
