"""Word clusters learned from unlabelled text: words used alike share a feature.

A model trained on one city's letters has never seen most of another city's words ("网约车",
a district's own name for its markets); words that occur in the same company ("网约车" beside
"司机", "绕路", "车费") land in the same cluster, and the cluster's weight carries over.
Learned without labels, so the bureau's whole unlabelled archive can teach it:

1. word co-occurrence counts within a window of ``window`` words, over all texts;
2. positive pointwise mutual information (PPMI), reduced to ``dimensions`` with a truncated SVD
   (the classic count-based embedding: Levy, Goldberg & Dagan 2015);
3. k-means over the L2-normalized vectors into ``count`` clusters.

Training only (scikit-learn); the model file keeps the word → cluster map, nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse


def learn(
    documents: Sequence[Sequence[str]],
    *,
    count: int = 300,
    dimensions: int = 100,
    min_count: int = 5,
    window: int = 2,
    seed: int = 0,
) -> dict[str, int]:
    """A word → cluster id map for every word seen at least ``min_count`` times."""
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    frequency: Counter[str] = Counter(word for document in documents for word in document)
    vocabulary = sorted(word for word, seen in frequency.items() if seen >= min_count)
    if len(vocabulary) <= count:
        return {}
    # A small vocabulary cannot fill many dimensions (the SVD needs fewer than its size).
    dimensions = max(1, min(dimensions, len(vocabulary) - 1))
    index = {word: position for position, word in enumerate(vocabulary)}
    rows: list[int] = []
    columns: list[int] = []
    for document in documents:
        ids = [index[word] for word in document if word in index]
        for position, word in enumerate(ids):
            for other in ids[max(0, position - window):position]:
                rows.extend((word, other))
                columns.extend((other, word))
    size = len(vocabulary)
    counts = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, columns)),
                               shape=(size, size)).tocsr()
    counts.sum_duplicates()
    total = counts.sum()
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    # Context distribution smoothed (power 0.75), which keeps rare contexts from dominating PMI.
    context = row_sums ** 0.75
    context /= context.sum()
    coo = counts.tocoo()
    pmi = np.log(coo.data * 1.0 / (row_sums[coo.row] / total) / context[coo.col] / total)
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(size, size))
    vectors = TruncatedSVD(dimensions, random_state=seed).fit_transform(ppmi)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    labels = MiniBatchKMeans(count, random_state=seed, n_init=3, batch_size=4096).fit_predict(vectors)
    return {word: int(label) for word, label in zip(vocabulary, labels)}
