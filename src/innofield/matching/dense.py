"""Passage vectors of the indexed documents and their MaxP search.

Each document has one or more passage vectors (see ``innofield.matching.passages``),
stored as consecutive rows; a document's semantic score is its best passage's
inner product with the query (MaxP).

Small indexes are searched exactly: the query is multiplied with every passage
row (or, under a filter that keeps less than a quarter of the documents, with
the rows of the allowed documents only). Above ``exact_rows`` rows, search is
two-stage, because reading every passage vector (660 MB of float32 for 100k
items of four to five sentences) costs more than the whole query budget: each
document also keeps a centroid (the normalised mean of its passage vectors),
the query is scored against the centroids (projected on their ``dims``
principal directions, a quarter of the memory to read), and only the
``candidates`` best allowed documents, plus any the caller names (the lexical
top list, so fusion always has a real cosine for every pooled document), get
the exact MaxP over their passages. Every other document scores ``-inf`` (not
retrieved). docs/matching.md gives the recall of the first stage.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PassageVectors"]


def _normalised(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)


class PassageVectors:
    """Passage rows per document slot, their centroids, and exact or two-stage MaxP search."""

    def __init__(self, candidates: int = 2000, exact_rows: int = 100_000, dims: int = 128) -> None:
        self.candidates = candidates
        self.exact_rows = exact_rows
        self.dims = dims
        self._projection: np.ndarray | None = None  # (width, dims), fitted on the centroids
        self._fitted_on = 0  # number of documents when the projection was fitted
        self._reduced: np.ndarray | None = None  # centroids @ projection, dropped on change
        self.vectors = np.zeros((0, 0), dtype=np.float32)  # one row per passage
        self.starts = np.zeros(0, dtype=np.int64)  # first passage row of each slot
        self.counts = np.zeros(0, dtype=np.int64)  # passages of each slot
        self.centroids = np.zeros((0, 0), dtype=np.float32)  # one row per slot

    def __len__(self) -> int:
        return len(self.starts)

    def append(self, rows: np.ndarray, counts: np.ndarray) -> None:
        """Add documents whose passages are ``rows``, ``counts[i]`` rows for document i."""
        rows = np.ascontiguousarray(rows, dtype=np.float32)
        width = rows.shape[1]
        base = self.vectors if self.vectors.size else np.zeros((0, width), np.float32)
        cents = self.centroids if self.centroids.size else np.zeros((0, width), np.float32)
        starts = len(base) + np.cumsum(counts) - counts
        # the first batch is kept as given: no second copy of a large fit
        self.vectors = np.vstack([base, rows]) if len(base) else rows
        self.starts = np.concatenate([self.starts, starts]).astype(np.int64)
        self.counts = np.concatenate([self.counts, counts]).astype(np.int64)
        new = np.add.reduceat(rows, starts - len(base), axis=0) if len(rows) else rows
        self.centroids = np.vstack([cents, _normalised(new)])
        self._reduced = None

    def keep(self, slots: np.ndarray) -> None:
        """Keep only the documents at ``slots`` (ascending), renumbered from 0."""
        if not self.vectors.size:
            return
        alive = np.zeros(len(self.starts), dtype=bool)
        alive[slots] = True
        self.vectors = self.vectors[np.repeat(alive, self.counts)]
        self.counts = self.counts[slots]
        self.starts = (np.cumsum(self.counts) - self.counts).astype(np.int64)
        self.centroids = self.centroids[slots]
        self._reduced = None

    def discard(self, slots: list[int]) -> None:
        """Removed documents keep their rows until :meth:`keep` (the mask excludes them)."""

    def _first_stage(self) -> tuple[np.ndarray, np.ndarray]:
        """``(projection, projected centroids)``; refitted once the index has more than doubled."""
        if self._projection is None or len(self.starts) > 2 * self._fitted_on:
            step = max(1, len(self.centroids) // 20_000)  # a deterministic sample
            _, _, vt = np.linalg.svd(self.centroids[::step], full_matrices=False)
            self._projection = np.ascontiguousarray(vt[: self.dims].T, dtype=np.float32)
            self._fitted_on = len(self.starts)
            self._reduced = None
        if self._reduced is None:
            self._reduced = self.centroids @ self._projection
        return self._projection, self._reduced

    def rows_of(self, slot: int) -> np.ndarray:
        """The passage vectors of one document."""
        return self.vectors[self.starts[slot] : self.starts[slot] + self.counts[slot]]

    def _maxp(self, qvec: np.ndarray, slots: np.ndarray) -> np.ndarray:
        """Exact best-passage score of each of ``slots``."""
        counts = self.counts[slots]
        offsets = np.cumsum(counts) - counts
        rows = np.repeat(self.starts[slots] - offsets, counts) + np.arange(counts.sum())
        return np.maximum.reduceat(self.vectors[rows] @ qvec, offsets)

    def score(self, qvec: np.ndarray, mask: np.ndarray, extra: np.ndarray | None) -> np.ndarray:
        """MaxP score per slot; ``-inf`` where the first stage did not retrieve the document.

        ``mask`` marks the allowed slots; ``extra`` names slots that must get a
        real score in any case.
        """
        picked = np.flatnonzero(mask)
        narrow = 4 * len(picked) < len(mask)  # score only the allowed documents' rows
        small = len(self.vectors) <= self.exact_rows
        if small and not narrow:
            scores = np.maximum.reduceat(self.vectors @ qvec, self.starts)
            return np.where(mask, scores, -np.inf).astype(np.float32)
        if not small and len(picked) > self.candidates:
            projection, reduced = self._first_stage()
            qred = qvec @ projection
            first = reduced[picked] @ qred if narrow else (reduced @ qred)[picked]
            picked = picked[np.argpartition(-first, self.candidates - 1)[: self.candidates]]
        if extra is not None and len(extra):
            wanted = np.zeros(len(mask), dtype=bool)  # faster than np.union1d at this size
            wanted[picked] = True
            wanted[extra] = True
            picked = np.flatnonzero(wanted)
        scores = np.full(len(self.starts), -np.inf, dtype=np.float32)
        scores[picked] = self._maxp(qvec, picked)
        return scores

    def best_passage(self, slot: int, qvec: np.ndarray) -> int:
        """Index of the passage of ``slot`` closest to the query."""
        return int(np.argmax(self.rows_of(slot) @ qvec))
