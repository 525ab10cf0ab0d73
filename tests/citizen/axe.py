"""axe-core (Deque's accessibility engine, MPL-2.0) run inside the page through Playwright.

axe-core comes from npm, not from this repository (everything here is the project's own):
``.ci/run`` installs the pinned version into ``tests/.node`` (git-ignored); locally run
``npm install --no-save --prefix tests/.node axe-core@4.14.1``, or point ``XINFANG_AXE_JS`` at
an ``axe.min.js``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

AXE_VERSION = "4.14.1"
_DEFAULT = Path(__file__).resolve().parents[1] / ".node" / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.1 A and AA rules, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> Path | None:
    configured = os.environ.get("XINFANG_AXE_JS", "")
    path = Path(configured) if configured else _DEFAULT
    return path if path.is_file() else None


async def serious_violations(page: Any, source: Path) -> list[str]:
    """Run axe on the page as it is; the serious and critical violations, one line each."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(content=source.read_text(encoding="utf-8"))
    result = await page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = []
    for violation in result["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                         f"at {targets}")
    return found
