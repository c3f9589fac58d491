"""An incremental BM25F-style inverted index on scipy sparse matrices.

Each document is a set of fields (title, text, extra fields) whose term
frequencies are combined with field weights before BM25 saturation
(``tf = sum_f w_f * tf_f``, ``dl = sum_f w_f * len_f``), the simple BM25F of
Robertson & Zaragoza. Scores use Lucene's idf ``ln(1 + (N - df + .5) / (df + .5))``.

Documents live in slots; removing one tombstones its slot, adding appends new
slots, and dead slots are compacted away by the owner (see ``MatchEngine``).
Scoring touches only the posting lists of the query's terms, so a query costs
O(postings of its terms), and a filter is a boolean slot mask applied before
ranking.

Changes are incremental: the column-oriented matrix of every slot is built once
(the *base*); slots added after it go to a small *delta* matrix, rebuilt from
their postings alone at the next search, and document frequencies are updated in
place as documents come and go (a removed document's postings are found by
binary search in the row-sorted triplets). The next search then recomputes only
the statistics (idf per term, average length and length norms per slot: linear
in vocabulary and slots, no sort). When the delta holds more than ``merge_share``
of the base's postings, the next search merges both into a new base. Scores are
the same as a full rebuild's, bit for bit: a document's postings are in exactly
one of the two matrices, and the statistics are computed by the same expressions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp

__all__ = ["BM25Index"]


class BM25Index:
    """BM25 with weighted fields over slot numbers assigned by the caller.

    ``k1`` and ``b`` are the usual BM25 parameters; ``field_weights`` maps a field
    name to its weight (fields not named get ``default_field_weight``);
    ``merge_share`` is the share of the base's postings the delta may reach before
    the next search merges it (0: every change rebuilds the whole matrix).
    """

    def __init__(
        self,
        k1: float = 1.2,
        b: float = 0.75,
        field_weights: Mapping[str, float] | None = None,
        default_field_weight: float = 1.0,
        merge_share: float = 0.05,
    ) -> None:
        if merge_share < 0:
            raise ValueError(f"merge_share: must be >= 0, got {merge_share}")
        self.k1 = k1
        self.b = b
        self.field_weights = dict(field_weights or {"title": 1.0, "text": 1.0})
        self.default_field_weight = default_field_weight
        self.merge_share = merge_share
        self.vocabulary_: dict[str, int] = {}
        # (row, column, value) triplets in chunks of consecutive slots, each sorted by row;
        # chunk 0 is the base's after a merge, the others the delta's
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._vals: list[np.ndarray] = []
        self._starts: list[int] = []  # first slot of each chunk
        self._lengths = np.zeros(0, dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._csc: sp.csc_matrix | None = None  # the base (None: merge at the next search)
        self._base_slots = 0  # slots the base covers
        self._delta: sp.csc_matrix | None = None  # slots from _base_slots (None: to rebuild)
        self._df = np.zeros(0, dtype=np.float64)  # live documents per term (with a base)
        self._stale = True  # statistics to recompute at the next search
        self._idf = np.zeros(0, dtype=np.float32)
        self._avgdl = 1.0
        self._norm = np.zeros(0, dtype=np.float32)
        self.merges = 0  # full builds so far (for tests and benchmarks)

    @property
    def size(self) -> int:
        """Number of slots (alive or dead)."""
        return len(self._alive)

    @property
    def alive(self) -> np.ndarray:
        """Boolean array, True for slots that hold a live document (read-only view)."""
        view = self._alive.view()
        view.flags.writeable = False
        return view

    def _weight(self, field: str) -> float:
        return self.field_weights.get(field, self.default_field_weight)

    def add(self, fields_tokens: Sequence[Mapping[str, Sequence[str]]]) -> None:
        """Append one slot per document; each item maps field name -> its tokens."""
        start = self.size
        lengths = np.zeros(len(fields_tokens), dtype=np.float32)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        vocab = self.vocabulary_
        for i, fields in enumerate(fields_tokens):
            tf: Counter[int] = Counter()
            for field, tokens in fields.items():
                w = self._weight(field)
                if w <= 0:
                    continue
                lengths[i] += w * len(tokens)
                for tok in tokens:
                    tid = vocab.setdefault(tok, len(vocab))
                    tf[tid] += w  # type: ignore[assignment]
            rows.extend([start + i] * len(tf))
            cols.extend(tf.keys())
            vals.extend(tf.values())
        new_cols = np.asarray(cols, dtype=np.int64)
        self._rows.append(np.asarray(rows, dtype=np.int64))
        self._cols.append(new_cols)
        self._vals.append(np.asarray(vals, dtype=np.float32))
        self._starts.append(start)
        self._lengths = np.concatenate([self._lengths, lengths])
        self._alive = np.concatenate([self._alive, np.ones(len(fields_tokens), dtype=bool)])
        if self._csc is not None:  # a base exists: keep its frequencies current
            self._df = np.concatenate([self._df, np.zeros(len(vocab) - len(self._df))])
            self._df += np.bincount(new_cols, minlength=len(vocab))
            self._delta = None
            self._stale = True

    def remove(self, slots: Sequence[int]) -> None:
        """Tombstone slots; they stop counting for statistics and never match."""
        wanted = np.unique(np.asarray(slots, dtype=np.int64))
        if self._csc is not None:
            live = wanted[self._alive[wanted]]
            if len(live):
                self._df -= np.bincount(self._columns_of(live), minlength=len(self._df))
            self._stale = True
        self._alive[wanted] = False

    def _columns_of(self, slots: np.ndarray) -> np.ndarray:
        """The term ids of ``slots`` (sorted), from the row-sorted triplet chunks."""
        chunk_of = np.searchsorted(np.asarray(self._starts), slots, side="right") - 1
        out: list[np.ndarray] = []
        for chunk in np.unique(chunk_of):
            rows = self._rows[chunk]
            mine = slots[chunk_of == chunk]
            lo = np.searchsorted(rows, mine, side="left")
            hi = np.searchsorted(rows, mine, side="right")
            out.extend(self._cols[chunk][a:b] for a, b in zip(lo, hi, strict=True))
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)

    def keep(self, slots: np.ndarray) -> None:
        """Compact: keep only ``slots`` (in that order), renumbering them 0..len-1."""
        csc = self._matrix(merge=True)
        kept = csc[slots, :].tocsr().tocoo()  # row-sorted triplets
        self._rows = [kept.row.astype(np.int64)]
        self._cols = [kept.col.astype(np.int64)]
        self._vals = [kept.data.astype(np.float32)]
        self._starts = [0]
        self._lengths = self._lengths[slots]
        self._alive = self._alive[slots]
        self._csc = None

    def _merge(self) -> None:
        """One base matrix of every slot, and the statistics from scratch."""
        rows = np.concatenate(self._rows) if self._rows else np.zeros(0, np.int64)
        cols = np.concatenate(self._cols) if self._cols else np.zeros(0, np.int64)
        vals = np.concatenate(self._vals) if self._vals else np.zeros(0, np.float32)
        shape = (self.size, len(self.vocabulary_))
        self._csc = sp.csc_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)
        self._rows, self._cols, self._vals, self._starts = [rows], [cols], [vals], [0]
        self._df = np.bincount(cols[self._alive[rows]], minlength=shape[1]).astype(np.float64)
        self._base_slots = self.size
        self._delta = None
        self._stale = True
        self.merges += 1

    def _delta_matrix(self) -> sp.csc_matrix:
        """The postings of the slots added since the base, as their own matrix."""
        if self._delta is None:
            parts = range(1, len(self._rows))  # chunk 0 is the base's
            rows = [self._rows[i] for i in parts]
            shape = (self.size - self._base_slots, len(self.vocabulary_))
            self._delta = sp.csc_matrix(
                (
                    np.concatenate([self._vals[i] for i in parts]) if rows else np.zeros(0),
                    (
                        np.concatenate(rows) - self._base_slots if rows else np.zeros(0, int),
                        np.concatenate([self._cols[i] for i in parts]) if rows else np.zeros(0),
                    ),
                ),
                shape=shape,
                dtype=np.float32,
            )
        return self._delta

    def _matrix(self, merge: bool = False) -> sp.csc_matrix:
        """The base matrix, up to date with the statistics (merging the delta into it
        first when it has grown past ``merge_share``, or when ``merge``)."""
        if self._csc is None or merge:
            self._merge()
        elif self.size > self._base_slots:
            delta_nnz = sum(len(r) for r in self._rows[1:])
            if delta_nnz > self.merge_share * max(len(self._rows[0]), 1):
                self._merge()
        assert self._csc is not None
        if self._stale:
            n = max(int(self._alive.sum()), 1)
            df = self._df
            self._idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
            alive_len = self._lengths[self._alive]
            self._avgdl = (
                float(alive_len.mean()) if len(alive_len) and alive_len.mean() > 0 else 1.0
            )
            self._norm = self.k1 * (1.0 - self.b + self.b * self._lengths / self._avgdl)
            self._stale = False
        return self._csc

    def score(self, tokens: Sequence[str], mask: np.ndarray | None = None) -> np.ndarray:
        """BM25 score of every slot for the query ``tokens`` (0 for non-matching slots).

        ``mask`` (boolean, one per slot) restricts scoring to the allowed slots;
        dead slots always score 0. Repeated query tokens count once.
        """
        return self.score_weighted(dict.fromkeys(tokens, 1.0), mask)

    def score_weighted(
        self, term_weights: Mapping[str, float], mask: np.ndarray | None = None
    ) -> np.ndarray:
        """Like ``score`` with a weight per query term (used by query expansion)."""
        base = self._matrix()
        delta = self._delta_matrix() if self.size > self._base_slots else None
        scores = np.zeros(self.size, dtype=np.float32)
        norm = self._norm
        for term, weight in term_weights.items():
            tid = self.vocabulary_.get(term)
            if tid is None or weight == 0:
                continue
            idf = weight * self._idf[tid]
            for csc, offset in ((base, 0), (delta, self._base_slots)):
                if csc is None or tid >= csc.shape[1]:
                    continue
                lo, hi = csc.indptr[tid], csc.indptr[tid + 1]
                rows = csc.indices[lo:hi] + offset if offset else csc.indices[lo:hi]
                tf = csc.data[lo:hi]
                scores[rows] += idf * tf * (self.k1 + 1.0) / (tf + norm[rows])
        scores[~self._alive] = 0.0
        if mask is not None:
            scores[~mask] = 0.0
        return scores

    def idf(self, term: str) -> float:
        """Inverse document frequency of ``term`` (0 if unknown)."""
        self._matrix()
        tid = self.vocabulary_.get(term)
        return 0.0 if tid is None else float(self._idf[tid])
