"""Writing a model file (or its promotion record) so that a reader never sees half of it: a
temporary file beside it, flushed to disk, then renamed over it. Models are package data, not
secrets: the file gets the permissions any new file gets under the current umask (``mkstemp``
would leave it 0600)."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_arrays(target: Path, arrays: dict[str, Any]) -> None:
    """``arrays`` as a compressed ``.npz`` at ``target``, atomically."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    write_atomically(target, buffer.getvalue())
