"""A second sentence encoder that re-scores the fused pool (the third hybrid signal).

The hybrid pool is the union of the BM25 and the first encoder's top lists. A
second, different encoder (multilingual-e5-small, one vector per document, the
first 128 word pieces) scores the pool members; its scores are z-normalised
over the pool and mixed in with weight ``rescore_weight``:

    fused = (1 - w) * (alpha * z_bm25 + (1 - alpha) * z_cosine) + w * z_rescore

It only re-orders the pool (no retrieval of its own), so a query reads one
stored vector per pool member, whatever the catalog size. On SciFact train
(5-fold CV) it adds half a point of nDCG@10 to the two-signal hybrid: the two
encoders err on different documents (docs/matching.md, Quality).
"""

from __future__ import annotations

import numpy as np

from innofield.matching.fusion import standardise

__all__ = ["DocumentVectors", "mix_rescore"]


class DocumentVectors:
    """One vector per document slot (rows follow the engine's slots)."""

    def __init__(self) -> None:
        self.vectors = np.zeros((0, 0), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.vectors)

    def append(self, rows: np.ndarray) -> None:
        """Add the rows of new documents, in slot order."""
        rows = np.ascontiguousarray(rows, dtype=np.float32)
        self.vectors = np.vstack([self.vectors, rows]) if len(self.vectors) else rows

    def keep(self, slots: np.ndarray) -> None:
        """Keep only the documents at ``slots`` (ascending), renumbered from 0."""
        if len(self.vectors):
            self.vectors = self.vectors[slots]

    def scores(self, qvec: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """Inner products of the pool members' vectors with the query vector."""
        return self.vectors[pool] @ qvec.astype(np.float32)


def mix_rescore(fused: np.ndarray, scores: np.ndarray, weight: float) -> np.ndarray:
    """``(1 - weight) * fused + weight * z(scores)``, z taken over the pool itself."""
    return (1.0 - weight) * fused + weight * standardise(scores, scores)
