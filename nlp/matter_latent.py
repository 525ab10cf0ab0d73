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
#: A vector's words that have a row: (word hash, weight, row).
LatentTerms = tuple[tuple[int, float, int], ...]


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

    def terms(self, vector: Vector) -> LatentTerms:
        """``vector``'s words that have a row, as (word hash, weight, row), in the vector's
        order: derived once per signature (:mod:`nlp.matter_view`), since the words a pair
        leaves out are the only part of a projection that depends on the pair."""
        index = self.index
        return tuple((word, weight, row) for word, weight in zip(
            vector.hashes.tolist(), vector.weights.tolist(), strict=True)
            if (row := index.get(word)) is not None)

    def _project(self, terms: LatentTerms, leave_out: frozenset[int],
                 others: frozenset[int]) -> F32Array | None:
        """The weighted sum of the rows of ``terms`` not in ``leave_out`` nor ``others``
        (None when none is left: a projection of nothing, whose cosine is 0)."""
        rows: list[int] = []
        weights: list[float] = []
        for word, weight, row in terms:
            if word not in others and word not in leave_out:
                rows.append(row)
                weights.append(weight)
        if not rows:
            return None
        # take(): a third of the cost of indexing by a list, for a few dozen rows
        return np.asarray(np.asarray(weights, dtype=np.float32) @ self.rows.take(rows, axis=0))

    def residual_cosine(self, a: Vector, b: Vector,
                        names: frozenset[int] = frozenset()) -> float:
        """The cosine of the projections of the words each of ``a`` and ``b`` has and the
        other does not, ``names`` (word hashes) left out of both (0 when either has none
        with a row)."""
        if not self.index or not len(a.hashes) or not len(b.hashes):
            return 0.0
        return self.residual(self.terms(a), self.terms(b), frozenset(a.hashes.tolist()),
                             frozenset(b.hashes.tolist()), names)

    def residual(self, a: LatentTerms, b: LatentTerms, a_words: frozenset[int],
                 b_words: frozenset[int], names: frozenset[int]) -> float:
        """:meth:`residual_cosine` of two vectors given as their :meth:`terms` and their
        word hashes (both non-empty vectors)."""
        u = self._project(a, names, b_words)
        if u is None:
            return 0.0
        v = self._project(b, names, a_words)
        if v is None:
            return 0.0
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
