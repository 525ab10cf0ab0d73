"""Errors raised by ``nlp``.

Analysis itself never raises (:meth:`nlp.Analyzer.analyze` accepts any string); these come from
loading files and from training::

    NlpError
     ├── ModelError            a model file is missing, corrupt or of another format version
     │    └── ModelVersionError  the file is a model, but of an unsupported format version
     ├── TerritoryError        a territory TOML file is unreadable or malformed
     ├── TrainingDataError     a training/evaluation file has no usable label and text columns
     └── PromotionRefused      a candidate model scores worse than the model in use
"""

from __future__ import annotations


class NlpError(Exception):
    """Base class of every error raised by ``nlp``."""


class ModelError(NlpError):
    """A model file cannot be used."""


class ModelVersionError(ModelError):
    """A model file was written in a format version this code does not read."""

    def __init__(self, message: str, *, found: int | None, supported: int) -> None:
        super().__init__(message)
        self.found = found
        self.supported = supported


class TerritoryError(NlpError):
    """A territory file is unreadable or malformed."""


class TrainingDataError(NlpError):
    """A data file for training or evaluation cannot be used."""


class PromotionRefused(NlpError):
    """A candidate model scored worse than the model in use; carries both figures."""

    def __init__(self, message: str, *, candidate: dict[str, float], active: dict[str, float]) -> None:
        super().__init__(message)
        self.candidate = candidate
        self.active = active
