"""An incremental BM25F-style inverted index on scipy sparse matrices.

Each document is a set of fields (title, text, extra fields) whose term
frequencies are combined with field weights before BM25 saturation
(``tf = sum_f w_f * tf_f``, ``dl = sum_f w_f * len_f``), the simple BM25F of
Robertson & Zaragoza. Scores use Lucene's idf ``ln(1 + (N - df + .5) / (df + .5))``.

Documents live in slots; removing one tombstones its slot, adding appends new
slots; the column-oriented matrix and document frequencies are rebuilt lazily on
the next search and dead slots are compacted away by the owner (see
``MatchEngine``). Scoring touches only the posting lists of the query's terms, so
a query costs O(postings of its terms), and a filter is a boolean slot mask
applied before ranking.
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
    name to its weight (fields not named get ``default_field_weight``).
    """

    def __init__(
        self,
        k1: float = 1.2,
        b: float = 0.75,
        field_weights: Mapping[str, float] | None = None,
        default_field_weight: float = 1.0,
    ) -> None:
        self.k1 = k1
        self.b = b
        self.field_weights = dict(field_weights or {"title": 1.0, "text": 1.0})
        self.default_field_weight = default_field_weight
        self.vocabulary_: dict[str, int] = {}
        self._rows: list[np.ndarray] = []
        self._cols: list[np.ndarray] = []
        self._vals: list[np.ndarray] = []
        self._lengths = np.zeros(0, dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._csc: sp.csc_matrix | None = None
        self._idf = np.zeros(0, dtype=np.float32)
        self._avgdl = 1.0
        self._norm = np.zeros(0, dtype=np.float32)

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
        self._rows.append(np.asarray(rows, dtype=np.int64))
        self._cols.append(np.asarray(cols, dtype=np.int64))
        self._vals.append(np.asarray(vals, dtype=np.float32))
        self._lengths = np.concatenate([self._lengths, lengths])
        self._alive = np.concatenate([self._alive, np.ones(len(fields_tokens), dtype=bool)])
        self._csc = None

    def remove(self, slots: Sequence[int]) -> None:
        """Tombstone slots; they stop counting for statistics and never match."""
        self._alive[np.asarray(slots, dtype=np.int64)] = False
        self._csc = None

    def keep(self, slots: np.ndarray) -> None:
        """Compact: keep only ``slots`` (in that order), renumbering them 0..len-1."""
        csc = self._matrix()
        kept = csc[slots, :].tocoo()
        self._rows = [kept.row.astype(np.int64)]
        self._cols = [kept.col.astype(np.int64)]
        self._vals = [kept.data.astype(np.float32)]
        self._lengths = self._lengths[slots]
        self._alive = self._alive[slots]
        self._csc = None

    def _matrix(self) -> sp.csc_matrix:
        if self._csc is None:
            rows = np.concatenate(self._rows) if self._rows else np.zeros(0, np.int64)
            cols = np.concatenate(self._cols) if self._cols else np.zeros(0, np.int64)
            vals = np.concatenate(self._vals) if self._vals else np.zeros(0, np.float32)
            shape = (self.size, len(self.vocabulary_))
            csc = sp.csc_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)
            self._rows, self._cols, self._vals = [rows], [cols], [vals]
            df = np.bincount(cols[self._alive[rows]], minlength=shape[1]).astype(np.float64)
            n = max(int(self._alive.sum()), 1)
            self._idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
            alive_len = self._lengths[self._alive]
            self._avgdl = (
                float(alive_len.mean()) if len(alive_len) and alive_len.mean() > 0 else 1.0
            )
            self._norm = self.k1 * (1.0 - self.b + self.b * self._lengths / self._avgdl)
            self._csc = csc
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
        csc = self._matrix()
        scores = np.zeros(self.size, dtype=np.float32)
        norm = self._norm
        for term, weight in term_weights.items():
            tid = self.vocabulary_.get(term)
            if tid is None or weight == 0:
                continue
            lo, hi = csc.indptr[tid], csc.indptr[tid + 1]
            rows = csc.indices[lo:hi]
            tf = csc.data[lo:hi]
            idf = weight * self._idf[tid]
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
