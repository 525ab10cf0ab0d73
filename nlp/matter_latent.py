"""What two texts say beyond what they share, compared in a latent space learned from petitions.

Two petitions about one place share its words (小区, 物业, the name) whether they are one matter
or two; what tells them apart is what is left: "驿站丢件" against "驿站乱收取件费", "厕所还是脏"
against "厕所还是锁着". The lexicon reads only the problems it lists, and the residual words of
two texts of one matter are often different words (停车费 / 停车的钱). So each text's words that
the other does not have are projected into a space learned, without labels, from the in-domain
petitions (latent semantic analysis: a truncated SVD of their TF-IDF word vectors), and the two
projections are compared: residuals about one problem in other words point one way, residuals
about two problems apart (not every such pair: 脏 and 锁着 are not far apart in 32 dimensions).
The words of named places and parties are left out of the residuals: two school names (育才 /
实验) are alike in the space, and two schools are two matters.

Computed from a signature's stored word vector (:class:`~nlp.matter_signature.Vector`), so a
stored signature of any age compares without its text. The space is kept in the matter model
file as the sorted word hashes and their rows (float16), read with numpy alone.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nlp.matter_signature import Vector

#: Dimensions of the space and the documents a word must be in to have a row (fewer: its row
#: is noise). Chosen on the authors left out (docs/NLP.md, session 9): 32 did as well as 64
#: or 100, with a model file a half or a third the size.
DIMENSIONS = 32
MIN_DF = 5
#: The SVD's seed: the space, hence the model, is the same on every training run.
SEED = 1

U32Array = npt.NDArray[np.uint32]
F32Array = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class LatentSpace:
    """Rows of a latent space by word hash (sorted); a word without a row projects to nothing."""

    hashes: U32Array
    rows: F32Array  # len(hashes) × DIMENSIONS
    #: Row by hash, derived once: a text has a few dozen words, and a dictionary finds each
    #: faster than numpy's calls cost on arrays that short (this runs for every comparison).
    index: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {h: i for i, h in enumerate(self.hashes.tolist())})

    def _project(self, vector: Vector, leave_out: set[int] | frozenset[int]) -> F32Array:
        rows: list[int] = []
        weights: list[float] = []
        for word, weight in zip(vector.hashes.tolist(), vector.weights.tolist(), strict=True):
            row = self.index.get(word)
            if row is not None and word not in leave_out:
                rows.append(row)
                weights.append(weight)
        # take(): a third of the cost of indexing by a list, for a few dozen rows
        return np.asarray(np.asarray(weights, dtype=np.float32) @ self.rows.take(rows, axis=0))

    def residual_cosine(self, a: Vector, b: Vector,
                        names: frozenset[int] = frozenset()) -> float:
        """The cosine of the projections of the words each of ``a`` and ``b`` has and the
        other does not, ``names`` (word hashes) left out of both (0 when either has none
        with a row)."""
        if not self.index or not len(a.hashes) or not len(b.hashes):
            return 0.0
        u = self._project(a, names.union(b.hashes.tolist()))
        v = self._project(b, names.union(a.hashes.tolist()))
        norms = math.sqrt(float(u @ u) * float(v @ v))
        return float(u @ v) / norms if norms else 0.0

    @classmethod
    def fit(cls, vectors: Sequence[Vector]) -> LatentSpace:
        """The space of ``vectors`` (the in-domain petitions' word vectors): a truncated SVD
        of the words seen in at least :data:`MIN_DF` of them."""
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import TruncatedSVD

        df: Counter[int] = Counter()
        for vector in vectors:
            df.update(vector.hashes.tolist())
        kept = np.array(sorted(h for h, count in df.items() if count >= MIN_DF), dtype=np.uint32)
        rows, columns, values = [], [], []
        for row, vector in enumerate(vectors):
            where = np.minimum(np.searchsorted(kept, vector.hashes), len(kept) - 1)
            found = kept[where] == vector.hashes
            rows += [row] * int(found.sum())
            columns += where[found].tolist()
            values += vector.weights[found].tolist()
        matrix = csr_matrix((values, (rows, columns)), shape=(len(vectors), len(kept)))
        svd = TruncatedSVD(DIMENSIONS, algorithm="randomized", n_iter=7, random_state=SEED)
        svd.fit(matrix)
        return cls(kept, svd.components_.T.astype(np.float16).astype(np.float32))

    @classmethod
    def empty(cls) -> LatentSpace:
        return cls(np.zeros(0, dtype=np.uint32), np.zeros((0, DIMENSIONS), dtype=np.float32))
