"""The command line end to end, in real subprocesses on a temporary data dir: the path a
new user takes (chat → case number and code → status → staff moves it → show --json)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPLAINT = "我要投诉：小区旁边的工地每天夜里施工到凌晨两点，噪音扰民，已经持续一个月了。"


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], check=False, input=stdin,
                          env=env,
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("XINFANG_")}
    clean.update(XINFANG_DATA_DIR=str(tmp_path / "var"), XINFANG_CLOCK="2026-11-22T10:00:00+08:00",
                 XINFANG_LOG_LEVEL="WARNING")
    return clean


def test_help_lists_the_commands(env: dict[str, str]) -> None:
    result = run(["--help"], env)
    assert result.returncode == 0
    for command in ("serve", "chat", "cases", "nlp", "bench"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_a_bad_setting_fails_at_start_naming_the_variable(env: dict[str, str]) -> None:
    result = run(["cases", "list"], {**env, "XINFANG_HTTP_PORT": "eighty"})
    assert result.returncode == 2 and "XINFANG_HTTP_PORT" in result.stderr


def test_complaint_status_and_staff_workflow(env: dict[str, str]) -> None:
    filed = run(["chat", "--as", "张三"], env, stdin=COMPLAINT + "\n张三\n13800001111\n")
    assert filed.returncode == 0, filed.stderr
    number = re.search(r"XF2026-\d{6}", filed.stdout).group()  # type: ignore[union-attr]
    code = re.search(r"查询码 ([A-Z2-9]{8})", filed.stdout).group(1)  # type: ignore[union-attr]

    same = run(["chat", "--as", "张三"], env, stdin="我的案件怎么样了\n")
    assert number in same.stdout and "待审查受理" in same.stdout
    other = run(["chat", "--as", "李四"], env, stdin=f"查询 {number} {code}\n")
    assert number in other.stdout and "待审查受理" in other.stdout
    guess = run(["chat", "--as", "王五"], env, stdin=f"查询 {number} ABCDEFGH\n")
    assert number not in guess.stdout

    steps = [["accept", number], ["assign", number, "--unit", "区住建局", "--mode", "交办"],
             ["report", number, "--text", "已现场检查，责令停工。"],
             ["answer", number, "--text", "已责令工地夜间停工。", "--decision", "支持",
              "--facts", "经核查夜间施工属实。", "--basis", "《环境噪声污染防治法》第三十条"],
             ["close", number]]
    expected = ["accepted", "assigned", "assigned", "answered", "closed"]
    for step, status in zip(steps, expected, strict=True):
        result = run(["cases", *step, "--json"], env)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["status"] == status
        shown = json.loads(run(["cases", "show", number, "--json"], env).stdout)
        assert shown["status"] == status
    assert shown["unit"] == "区住建局" and shown["deadlines"]["handling_due"] == "2027-01-21"
    assert [e["action"] for e in shown["events"]][-5:] == ["accept", "assign", "report", "answer",
                                                           "close"]
    assert {m["direction"] for m in shown["messages"]} == {"in", "out"}

    refused = run(["cases", "accept", number], env)
    assert refused.returncode == 1 and "closed" in refused.stderr

    listed = json.loads(run(["cases", "list", "--json"], env).stdout)
    assert [row["number"] for row in listed] == [number]
    assert set(listed[0]) >= {"number", "status", "category", "unit", "channel", "created_at",
                              "deadlines"}
    # The notices staff queued reach the citizen at their next chat session.
    later = run(["chat", "--as", "张三"], env, stdin="")
    assert "已受理" in later.stdout and "已办结" in later.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_request_for_a_person_with_no_case_is_listed_for_staff_until_handled(
        env: dict[str, str]) -> None:
    asked = run(["chat", "--as", "赵六"], env, stdin="转人工\n")
    assert asked.returncode == 0 and "12345" in asked.stdout, asked.stderr
    listed = run(["cases", "flagged", "--json"], env)
    [flagged] = json.loads(listed.stdout)
    assert flagged["text"] == "转人工" and run(["cases", "list", "--json"], env).stdout.strip() == "[]"
    done = run(["cases", "handled", str(flagged["id"]), "--actor", "staff:li"], env)
    assert done.returncode == 0, done.stderr
    assert json.loads(run(["cases", "flagged", "--json"], env).stdout) == []
    again = run(["cases", "handled", str(flagged["id"])], env)
    assert again.returncode == 1 and "no flagged message" in again.stderr


def test_serve_starts_reports_channels_and_stops_cleanly(env: dict[str, str]) -> None:
    http, smtp = free_port(), free_port()
    serve_env = {**env, "XINFANG_HTTP_PORT": str(http), "XINFANG_SMTP_PORT": str(smtp)}
    process = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "serve"], env=serve_env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        lines: list[str] = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()  # type: ignore[union-attr]
            if not line:
                break
            lines.append(line)
            if "telegram" in line:
                break
        banner = "".join(lines)
        assert f"127.0.0.1:{http}" in banner and "sms" in banner and "off" in banner
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/healthz", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out


def test_workflow_commands_with_json(env: dict[str, str]) -> None:
    filed = run(["chat", "--as", "张三"], env, stdin=COMPLAINT + "\n张三\n13800001111\n")
    number = re.search(r"XF2026-\d{6}", filed.stdout).group()  # type: ignore[union-attr]

    def cases(*args: str) -> object:
        result = run(["cases", *args, "--json"], env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    cases("accept", number)
    view = cases("extend", number, "--days", "20", "--approver", "李局长", "--reason", "联合调查")
    assert view["deadlines"]["handling_due"] == "2027-02-10"  # type: ignore[index]
    too_long = run(["cases", "extend", number, "--days", "11", "--approver", "李局长",
                    "--reason", "再延"], env)
    assert too_long.returncode == 1 and "at most 30" in too_long.stderr
    assert cases("overdue", "--within", "90")[0]["number"] == number  # type: ignore[index]
    booked = cases("book", number)
    assert booked == {"case": number, "day": "2026-12-15", "leader": booked["leader"],  # type: ignore[index]
                      "status": "booked"}
    listed = cases("appointments", "--date", "2026-12-15")
    assert [a["case"] for a in listed] == [number]  # type: ignore[union-attr, index]
    assert cases("reception")[0]["date"] == "2026-12-15"  # type: ignore[index]
    sheet = cases("dispatch", number)
    assert "张三" not in json.dumps(sheet, ensure_ascii=False)
    actions = [e["action"] for e in cases("timeline", number)]  # type: ignore[union-attr, index]
    assert actions[-3:] == ["accept", "extend", "appointment_booked"]
    assert cases("ratings") == []
    merge = run(["cases", "merge", number, "--into", number], env)
    assert merge.returncode == 1 and "itself" in merge.stderr


def test_cases_split_registers_one_matter_of_a_letter_once(env: dict[str, str]) -> None:
    letter = ("我反映两件事。第一，幸福路的路灯坏了半个月，晚上很黑，老人孩子出行不安全，请尽快修理；"
              "第二，我实名举报市教育委员会某科长收受学校好处费，违规审批民办学校办学许可。")
    filed = run(["chat", "--as", "刘敏"], env, stdin=letter + "\n")
    number = re.search(r"XF2026-\d{6}", filed.stdout).group()  # type: ignore[union-attr]

    done = run(["cases", "split", number, "--part", "1", "--actor", "staff:li", "--json"], env)
    assert done.returncode == 0, done.stderr
    view = json.loads(done.stdout)
    assert view["split_from"] == number and view["number"] != number
    assert view["route"]["unit"] == "市住房和城乡建设委员会"
    timeline = json.loads(run(["cases", "timeline", number, "--json"], env).stdout)
    assert [e["details"]["number"] for e in timeline if e["action"] == "split_to"] == [
        view["number"]]
    again = run(["cases", "split", number, "--part", "1"], env)
    assert again.returncode == 1 and "split already" in again.stderr
