"""The real intake for the channel benches: ``bot.core.Core`` on the project's own disk.

Every durable figure is taken through ``Core.open(...).intake`` (``bot.intake.DurableIntake``
on ``storage.Store``: group commit, SQLite WAL with ``synchronous=FULL``), with the database in
a scratch directory under ``bench/out/`` (git-ignored). That is the project's disk, not a
tmpfs, so every acknowledged message costs the fsync it costs in production; the figures name
the filesystem they ran on. After a run the benches count the stored rows, so a figure can
never come from a path that answered without storing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import select

if TYPE_CHECKING:
    from bot.core import Core

SCRATCH = Path(__file__).resolve().parent / "out"


@contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A fresh directory under ``bench/out/``, removed afterwards."""
    SCRATCH.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=SCRATCH) as directory:
        yield Path(directory)


def database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'bot.sqlite3'}"


@contextmanager
def open_core(data_dir: Path) -> Iterator[Core]:
    """The bot as ``run.py serve`` builds it (store migrated, classifier loaded)."""
    from bot.core import Core

    core = Core.open(database_url=database_url(data_dir), data_dir=data_dir)
    try:
        yield core
    finally:
        core.close()


def count_inbound(data_dir: Path, channel: str) -> int:
    """Inbound messages of ``channel`` in the store at ``data_dir`` (opened read-only)."""
    from storage import Message, Store

    store = Store.open(database_url(data_dir), data_dir, migrate=False)
    try:
        query = select(func.count()).select_from(Message).where(
            Message.channel == channel, Message.direction == "in"
        )
        return int(store.read_sync(lambda session: session.exec(query).one()))
    finally:
        store.close()


def filesystem(path: Path) -> str:
    """The type of the filesystem holding ``path`` (``ext4``, ``tmpfs``…), from /proc/mounts."""
    best, kind = "", "unknown"
    target = str(path.resolve())
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return kind
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, kind = mount_point, fields[2]
    return kind
