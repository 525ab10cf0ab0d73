"""``python run.py report`` in a real subprocess, on SQLite and PostgreSQL: the known cases of
``tests/test_stats.py`` plus one filed through the real ``chat`` intake; the HTML, the CSV
files (UTF-8 with BOM, for Excel) and never a petitioner's name or phone in any of it."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import Analyzer
from tests.bot.harness import open_core
from tests.conftest import FIXED_NOW
from tests.test_stats import PERSONAL, seed

ROOT = Path(__file__).resolve().parents[1]
NAME, PHONE = "张三丰", "13812345678"
COMPLAINT = "我要投诉：小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，已经持续一个月了。"


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=180, cwd=ROOT, check=False)


@pytest.fixture
def env(database_url: str, tmp_path: Path, analyzer: Analyzer) -> dict[str, str]:
    data = tmp_path / "var"
    core = open_core(database_url, data, FIXED_NOW, analyzer)
    seed(core)
    core.close()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    clean.update(XINFANG_DATA_DIR=str(data), XINFANG_DATABASE_URL=database_url,
                 XINFANG_CLOCK="2026-11-22T10:00:00+08:00", XINFANG_LOG_LEVEL="WARNING")
    return clean


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def test_report_writes_html_and_csv_without_personal_data(env: dict[str, str],
                                                          tmp_path: Path) -> None:
    filed = run(["chat", "--as", NAME], env, stdin=f"{COMPLAINT}\n{NAME}\n{PHONE}\n")
    assert filed.returncode == 0, filed.stderr
    assert re.search(r"XF2026-\d{6}", filed.stdout)

    out = tmp_path / "reports"
    result = run(["report", "--year", "2026", "--out", str(out)], env)
    assert result.returncode == 0, result.stderr
    assert "统计 2026 年信访事项" in result.stderr  # progress goes to stderr, paths to stdout
    paths = [Path(line) for line in result.stdout.splitlines()]
    assert paths[0] == out / "report-2026.html"
    assert {p.name for p in paths[1:]} == {f"report-2026-{name}.csv" for name in (
        "summary", "channel", "category", "territory", "level", "unit", "type", "monthly",
        "accused", "satisfaction", "topics")}
    assert all(path.exists() for path in paths)

    html = paths[0].read_text(encoding="utf-8")
    assert "<title>2026年度信访情况统计</title>" in html and "<h1>2026年度信访情况统计</h1>" in html
    assert html.count("<svg") == 8 and "<script" not in html and "<link" not in html
    assert '<td>信访事项总数（件）</td><td class="n">7</td>' in html
    # One accusation is below the minimum count: its unit is named nowhere (bot.stats).
    assert "<td>区住建局</td>" in html and "市教育委员会" not in html

    tables = {path.name.removeprefix("report-2026-").removesuffix(".csv"): read_csv(path)
              for path in paths[1:]}
    # Six known cases and the one just filed on the console (7 in all).
    assert tables["channel"] == [["渠道", "件数", "占比"], ["控制台", "2", "28.6%"],
                                 ["电子邮件", "2", "28.6%"], ["短信", "2", "28.6%"],
                                 ["Telegram", "1", "14.3%"]]
    assert tables["satisfaction"] == [
        ["单位", "评价数", "平均分", "满意率", "5分", "4分", "3分", "2分", "1分"],
        ["区住建局", "2", "3.5", "50.0%", "1", "0", "0", "1", "0"]]
    summary = {row[0]: row[1] for row in tables["summary"][1:]}
    assert summary["转送（件）"] == "2" and summary["交办（件）"] == "1"
    assert summary["督办（件）"] == "2" and summary["退单（件）"] == "1"
    assert summary["受理告知按期率（15日内）"] == "60.0%（3/5）"
    assert summary["按期答复率（60日，含延期）"] == "66.7%（2/3）"
    assert summary["重复信访率"] == "42.9%"  # B, D, G of seven
    monthly = tables["monthly"]
    assert monthly[0][:2] == ["月份", "合计"] and monthly[-2][:2] == ["2026-11", "2"]
    assert tables["accused"] == [["单位", "检举控告件数"]]
    topics = {row[0]: int(row[1]) for row in tables["topics"][1:]}
    assert topics["噪音"] == 3 and topics["工地"] == 3  # A, B and the chat complaint

    written = result.stdout + result.stderr + "".join(
        path.read_text(encoding="utf-8-sig") for path in paths)
    for value in [*PERSONAL, NAME, PHONE, "张三", "三丰"]:
        assert value not in written, value


def test_report_defaults_to_this_year_in_the_data_dir(env: dict[str, str]) -> None:
    result = run(["report"], env)
    assert result.returncode == 0, result.stderr
    html = Path(env["XINFANG_DATA_DIR"]) / "reports" / "report-2026.html"
    assert result.stdout.splitlines()[0] == str(html) and html.exists()
    bad = run(["report", "--year", "26"], env)
    assert bad.returncode == 2 and "--year 26" in bad.stderr
