"""A bureau's own model: trained on its confirmed and corrected cases, promoted only when it
is not worse than the model in use, and picked up by a running server without a restart.

The model in use is one file (the bot's ``data/models/classifier.model``) with a version file
beside it (``classifier.version``: JSON with the model's sha256, when and from what it was
promoted, and the figures that justified it).  :func:`promote` writes the model first and the
version file last, both atomically, so a reader that sees a new version finds its model
complete; :func:`version_of` is what a server polls (a ``stat`` and a small read).

The comparison is on the bureau's own labelled cases: the candidate's figures are
cross-validated (each case predicted by a model trained without it, the base file always in
training), the model in use is scored on the same cases as they are.  Cases the model in use
was trained on flatter it, which only makes promotion more cautious.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nlp.atomic import write_atomically
from nlp.dataset import Example
from nlp.errors import ModelError, PromotionRefused
from nlp.model import LinearModel, shipped_model_path

#: The meta key of a model trained with ``--from-store`` holding its cross-validated figures.
FROM_STORE = "from_store"
#: Figures compared; the candidate must not be lower on either (beyond the tolerance).
COMPARED = ("accuracy", "macro_f1")


def version_path(active: Path) -> Path:
    """The version file beside the model in use."""
    return active.with_suffix(".version")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def version_of(active: Path) -> dict[str, Any] | None:
    """The version record of the model in use (None: none promoted yet, or unreadable)."""
    try:
        data = json.loads(version_path(active).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("sha256"), str) else None


def active_model(active: Path) -> LinearModel:
    """The model in use: the promoted file, else the shipped one."""
    return LinearModel.load(active if active.exists() else shipped_model_path())


def compare(candidate: LinearModel, active: LinearModel, examples: Sequence[Example]) -> dict[str, Any]:
    """``{"n", "candidate": {...}, "active": {...}}`` on the bureau's labelled ``examples``.

    The candidate's figures are the cross-validated ones its training recorded when it was
    trained from the store; a model trained elsewhere is scored directly.
    """
    from nlp.training import score

    recorded = candidate.meta.get(FROM_STORE)
    if isinstance(recorded, dict) and all(key in recorded for key in COMPARED):
        candidate_figures = {key: float(recorded[key]) for key in COMPARED}
        n = int(recorded.get("n", len(examples)))
    else:
        scored = score(candidate, examples)
        candidate_figures = {key: float(scored[key]) for key in COMPARED}
        n = len(examples)
    active_scored = score(active, examples)
    return {"n": n, "candidate": candidate_figures,
            "active": {key: float(active_scored[key]) for key in COMPARED}}


def promote(candidate_path: Path, active: Path, examples: Sequence[Example], *,
            tolerance: float = 0.0, force: bool = False,
            now: datetime | None = None) -> dict[str, Any]:
    """Make ``candidate_path`` the model in use when it is not worse on ``examples``.

    Raises :class:`PromotionRefused` (nothing changed) when it scores lower than the model in
    use on accuracy or macro-F1 by more than ``tolerance``, or when there is nothing to compare
    on; :class:`ModelError` when it cannot be loaded.  ``force`` skips the comparison (a first
    model trained on an export, before any case was corrected); the record says so.  Returns
    the version record written.
    """
    candidate = LinearModel.load(candidate_path)
    if not examples and not force:
        raise PromotionRefused("no confirmed or corrected cases to compare the models on "
                               "(--force installs it unchecked)", candidate={}, active={})
    figures: dict[str, Any] = (
        {"n": 0, "forced": True} if force else compare(candidate, active_model(active), examples))
    worse = [] if force else [key for key in COMPARED
                              if figures["candidate"][key] < figures["active"][key] - tolerance]
    if worse:
        raise PromotionRefused(
            "the candidate scores worse than the model in use on "
            + ", ".join(f"{key} ({figures['candidate'][key]:.4f} < {figures['active'][key]:.4f})"
                        for key in worse)
            + f" over {figures['n']} cases; not promoted",
            candidate=figures["candidate"], active=figures["active"])
    record = {
        "sha256": sha256(candidate_path),
        "promoted_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
        "source": candidate_path.name,
        "figures": figures,
    }
    _copy_atomically(candidate_path, active)
    write_atomically(version_path(active), json.dumps(record, ensure_ascii=False, indent=1).encode())
    return record


def _copy_atomically(source: Path, target: Path) -> None:
    write_atomically(target, source.read_bytes())
    # What was written must be what was compared (a file replaced meanwhile is refused).
    if sha256(target) != sha256(source):  # pragma: no cover - a concurrent writer
        raise ModelError(f"{target} changed while it was being promoted")


