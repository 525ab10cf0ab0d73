"""The model file format: one ``.npz`` archive, no pickle.

Pickled scikit-learn objects break across library versions and execute code when loaded; a
bureau should be able to load a model file it was sent without trusting it.  The archive holds
plain arrays and a JSON header::

    header      uint8   UTF-8 JSON: format, format_version, labels, spec, block_weights, scale, meta
    vocabulary  uint8   UTF-8 feature names joined by "\\n", in index order
    idf         float32 (n_features,)
    weights     float32 (n_features, n_labels)
    bias        float32 (n_labels,)
    cluster_words  uint8  (version 2, optional) UTF-8 words joined by "\\n"
    cluster_ids    int32  (version 2, optional) the cluster of each of those words

Version 2 added the letter cleaning and place masking flags to the spec, the word-cluster
family and its map; version 1 files still load and predict exactly as before.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nlp.atomic import save_arrays
from nlp.errors import ModelError, ModelVersionError
from nlp.features import BLOCKS, FeatureSpec
from nlp.vectorizer import FloatArray

FORMAT = "xinfang-nlp-linear"
#: Bumped whenever the arrays or the feature extraction change meaning.
FORMAT_VERSION = 2
#: Versions this code reads.
READABLE = (1, 2)

_ARRAYS = ("header", "vocabulary", "idf", "weights", "bias")


@dataclass(frozen=True, slots=True)
class ModelData:
    """Everything a model file holds, as plain values."""

    labels: tuple[str, ...]
    spec: FeatureSpec
    block_weights: tuple[float, ...]
    scale: float
    features: list[str]
    idf: FloatArray
    weights: FloatArray
    bias: FloatArray
    meta: dict[str, Any]
    #: Word → cluster id (empty: the model has no cluster features).
    clusters: dict[str, int] = field(default_factory=dict)


def write(data: ModelData, path: Path) -> None:
    """Write ``data`` to ``path`` atomically (a reader never sees half a file)."""
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "labels": list(data.labels),
        "spec": data.spec.to_json(),
        "block_weights": list(data.block_weights),
        "scale": data.scale,
        "meta": data.meta,
    }
    arrays = {
        "header": np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8),
        "vocabulary": np.frombuffer("\n".join(data.features).encode(), dtype=np.uint8),
        "idf": data.idf.astype(np.float32),
        "weights": data.weights.astype(np.float32),
        "bias": data.bias.astype(np.float32),
    }
    if data.clusters:
        words = sorted(data.clusters)
        arrays["cluster_words"] = np.frombuffer("\n".join(words).encode(), dtype=np.uint8)
        arrays["cluster_ids"] = np.array([data.clusters[word] for word in words], dtype=np.int32)
    save_arrays(path, arrays)


def read(path: Path) -> ModelData:
    """Read a model file; :class:`ModelError` (or :class:`ModelVersionError`) says why not."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc}") from exc
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as archive:
            missing = [name for name in _ARRAYS if name not in archive.files]
            if missing:
                raise ModelError(f"{path} is not a model file (missing {', '.join(missing)})")
            header = json.loads(archive["header"].tobytes().decode())
            _check_header(header, path)
            features = archive["vocabulary"].tobytes().decode().split("\n")
            idf = archive["idf"]
            weights = archive["weights"]
            bias = archive["bias"]
            clusters: dict[str, int] = {}
            if "cluster_words" in archive.files and "cluster_ids" in archive.files:
                words = archive["cluster_words"].tobytes().decode().split("\n")
                ids = archive["cluster_ids"]
                if len(words) != len(ids):
                    raise ModelError(f"{path}: cluster words and ids differ in length")
                clusters = dict(zip(words, (int(value) for value in ids)))
    except (ValueError, OSError, EOFError, zipfile.BadZipFile, UnicodeDecodeError, KeyError) as exc:
        raise ModelError(f"{path} is not a readable model file: {exc}") from exc
    labels = tuple(str(label) for label in header["labels"])
    if not features or features == [""]:
        features = []
    if weights.shape != (len(features), len(labels)) or idf.shape != (len(features),):
        raise ModelError(f"{path}: array shapes do not match the vocabulary and labels")
    return ModelData(
        labels=labels,
        spec=FeatureSpec.from_json(header["spec"]),
        # Families added since the file was written have no features in it: weight 0.
        block_weights=tuple(float(weight) for weight in header["block_weights"])
        + (0.0,) * (len(BLOCKS) - len(header["block_weights"])),
        scale=float(header["scale"]),
        features=features,
        idf=idf.astype(np.float32),
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
        meta=dict(header.get("meta", {})),
        clusters=clusters,
    )


def _check_header(header: object, path: Path) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelError(f"{path} is not a {FORMAT} model file")
    version = header.get("format_version")
    if version not in READABLE:
        found = version if isinstance(version, int) else None
        raise ModelVersionError(
            f"{path} has model format version {version!r}; this code reads version "
            f"{FORMAT_VERSION}: retrain it with `python run.py nlp train`",
            found=found,
            supported=FORMAT_VERSION,
        )
