"""A running server picks up a promoted category model without a restart.

``nlp promote`` writes the model file, then its version file (:mod:`nlp.promotion`). The
processor calls :meth:`ModelWatcher.check` between batches: a ``stat`` of the version file,
and only when it changed, the new model is loaded off the event loop and swapped into the
analyzer in one assignment (a message is classified wholly by one model). A model that cannot
be loaded is logged and the one in use stays.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from nlp import Analyzer, ModelError
from nlp.model import LinearModel
from nlp.promotion import sha256, version_of, version_path

log = logging.getLogger(__name__)


class ModelWatcher:
    """Polls the version file of the model in use at most every ``interval`` seconds."""

    def __init__(self, model: Path, analyzer: Analyzer, *, interval: float = 2.0) -> None:
        self.model = model
        self.analyzer = analyzer
        self.interval = interval
        self._seen = self._stamp()
        self._checked = float("-inf")  # the first check looks at once
        record = version_of(model)
        self.version: str | None = record["sha256"] if record else None

    def _stamp(self) -> tuple[int, int] | None:
        try:
            status = version_path(self.model).stat()
        except OSError:
            return None
        return status.st_mtime_ns, status.st_size

    async def check(self) -> bool:
        """Swap in a newly promoted model; True when one was swapped in."""
        now = time.monotonic()
        if now - self._checked < self.interval:
            return False
        self._checked = now
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        self._seen = stamp
        record = version_of(self.model)
        if record is None or record["sha256"] == self.version:
            return False
        try:
            model = await asyncio.to_thread(self._load, record["sha256"])
        except (ModelError, OSError) as exc:
            log.warning("promoted model not loaded (%s); the model in use stays", exc)
            return False
        self.analyzer.use_classifier(model)
        self.version = record["sha256"]
        log.info("category model %s in use (promoted %s)", record["sha256"][:12],
                 record.get("promoted_at", "?"))
        return True

    def _load(self, expected: str) -> LinearModel:
        if sha256(self.model) != expected:
            raise ModelError("the model file does not match its version record")
        return LinearModel.load(self.model)
