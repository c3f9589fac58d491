"""Fusion of lexical and semantic scores over a candidate pool.

Both retrievers score every allowed document; the pool is the union of each
retriever's top ``depth`` documents. Two fusion functions:

* ``convex`` — each retriever's scores are z-normalised with the mean and
  standard deviation of its own top-``depth`` list, then combined as
  ``alpha * bm25_z + (1 - alpha) * cosine_z``. Normalising on the top list (not
  the whole collection) makes the scale comparable across queries and
  collections; one parameter, ``alpha``.
* ``rrf`` — reciprocal rank fusion, ``sum 1 / (k + rank)``; the naive baseline.
"""

from __future__ import annotations

import numpy as np

__all__ = ["top_indices", "ranks_of", "fuse_convex", "fuse_rrf", "standardise"]


def top_indices(scores: np.ndarray, depth: int, valid: np.ndarray) -> np.ndarray:
    """Indices of the ``depth`` highest scores among ``valid`` positions, best first."""
    candidates = np.flatnonzero(valid)
    if len(candidates) > depth:
        part = np.argpartition(-scores[candidates], depth - 1)[:depth]
        candidates = candidates[part]
    return candidates[np.argsort(-scores[candidates], kind="stable")]


def ranks_of(order: np.ndarray, size: int) -> np.ndarray:
    """1-based rank of each position given a best-first ``order`` (0 when unranked)."""
    ranks = np.zeros(size, dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def standardise(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """``values`` as z-scores against the mean and standard deviation of ``reference``."""
    if len(reference) == 0:
        return np.zeros(len(values), dtype=np.float64)
    ref = reference.astype(np.float64)
    std = ref.std()
    return (values.astype(np.float64) - ref.mean()) / (std if std > 1e-9 else 1.0)


def _znorm(scores: np.ndarray, top: np.ndarray, pool: np.ndarray) -> np.ndarray:
    return standardise(scores[pool], scores[top])


def fuse_convex(
    bm25: np.ndarray,
    cosine: np.ndarray,
    bm25_top: np.ndarray,
    cosine_top: np.ndarray,
    alpha: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Pool the two top lists and return ``(pool, fused score per pool member)``.

    A document that matches no query term keeps its real BM25 score of 0, which
    the z-normalisation turns into a fair penalty rather than a missing value.
    """
    pool = np.union1d(bm25_top, cosine_top)
    fused = alpha * _znorm(bm25, bm25_top, pool) + (1.0 - alpha) * _znorm(cosine, cosine_top, pool)
    return pool, fused


def fuse_rrf(
    bm25_top: np.ndarray, cosine_top: np.ndarray, size: int, k: float = 60.0
) -> tuple[np.ndarray, np.ndarray]:
    """Reciprocal rank fusion of two best-first lists; returns ``(pool, fused)``."""
    pool = np.union1d(bm25_top, cosine_top)
    fused = np.zeros(len(pool), dtype=np.float64)
    for order in (bm25_top, cosine_top):
        ranks = ranks_of(order, size)[pool]
        fused += np.where(ranks > 0, 1.0 / (k + ranks), 0.0)
    return pool, fused
