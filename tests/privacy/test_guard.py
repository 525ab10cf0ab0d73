"""The privacy guard itself, run on a throwaway test file in a pytest subprocess: a test that
logs a canary at DEBUG fails at teardown, naming the canary's label and the logger but never
the value; a clean test and a test that merely holds canaries in memory pass."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests import canaries

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = '''
import logging
from tests import canaries

def test_clean():
    logging.getLogger("app").debug("case %d stored", 42)
    assert canaries.NAME

def test_leaks_a_name_at_debug():
    logging.getLogger("leaky.lib").debug("from %s", canaries.NAME)

def test_leaks_a_token_in_a_traceback():
    try:
        raise RuntimeError("POST /bot" + canaries.TELEGRAM_TOKEN)
    except RuntimeError:
        logging.getLogger("other.lib").exception("request failed")
'''


def test_guard_fails_exactly_the_leaking_tests(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.privacy_guard", "-p", "no:cacheprovider",
         "-p", "no:logging", "-rA", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "3 passed, 2 errors" in out, out
    assert re.search(r"PASSED \S*::test_clean\b", out), out
    assert re.search(r"ERROR \S*::test_leaks_a_name_at_debug\b", out), out
    assert "name (logger 'leaky.lib')" in out
    assert "telegram_token (logger 'other.lib')" in out
    assert not canaries.find(out.replace("test_leaks_a_token", "")), canaries.find(out)
