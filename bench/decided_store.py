"""The store one ``bench.decide_bench.sqlite_run`` decided, as JSON, for exactness checks of
two checkouts (issue 17): a change to the decide path must leave every row the same.

    cd /tmp && python /path/to/bench/decided_store.py --root DIR OUT.json
    cmp MAIN.json BRANCH.json

Run as a file from outside a checkout (``--root``'s ``bench`` package must be the first found,
as in ``bench/decide_write_time.py``). Every table's rows in rowid order, ids included; the
columns that hold a time or a hash (they differ from run to run) are left out.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
#: Columns left out: times of the run and the random query codes' hashes.
VARYING = ("_at", "hash", "created", "updated", "due", "deadline", "received", "code")


def _kept(column: str) -> bool:
    return column != "at" and not any(part in column for part in VARYING)


def dump(root: Path) -> dict[str, Any]:
    sys.path.insert(0, str(root))
    import bench.decide_bench as decide
    from nlp import Analyzer

    if not Path(decide.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"bench imported from {decide.__file__}, not {root}: run as a file")
    with tempfile.TemporaryDirectory() as folder:
        decide.sqlite_run(Analyzer.load(), Path(folder))
        database = sqlite3.connect(Path(folder) / "decide.sqlite3")
        try:
            tables = [name for (name,) in database.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            out: dict[str, Any] = {}
            for table in tables:
                columns = [row[1] for row in database.execute(f'PRAGMA table_info("{table}")')]
                kept = [column for column in columns if _kept(column)]
                listed = ", ".join(f'"{column}"' for column in kept)
                rows = database.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid')
                out[table] = {"columns": kept, "rows": [
                    [value.hex() if isinstance(value, bytes) else value for value in row]
                    for row in rows]}
        finally:
            database.close()
    return out


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]).resolve() if "--root" in argv else HERE
    target = Path(argv[-1])
    found = dump(root)
    target.write_text(json.dumps(found, ensure_ascii=False, sort_keys=True, default=str))
    print(json.dumps({table: len(content["rows"]) for table, content in found.items()
                      if content["rows"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
