"""Passage vectors searched through an HNSW graph (usearch) instead of exactly.

:class:`HnswVectors` keeps everything :class:`~innofield.matching.dense.PassageVectors`
keeps (the float32 passage rows, for exact scores) and, beside it, a usearch HNSW graph
over the same rows. A search asks the graph for the passages nearest to the query,
keeps those of documents the filter allows, and gives each such document (and each
document the caller names, the lexical top list) its exact best-passage score from the
float32 rows; every other document scores ``-inf``, as in the two-stage exact search.
So the scores are exact; only which documents get one depends on the graph.

Filters: the usearch 2.26 Python binding has no predicate inside the graph walk, so a
filtered search over-fetches (``neighbours`` documents wanted, divided by the share of
rows the filter keeps, times ``oversample``) and retries with four times as many when
too few allowed documents came back. A filter that keeps few rows is answered exactly
over the allowed rows instead, which is then the cheaper way: ``brute_rows`` rows or
fewer, or fewer than ``fetch_rows`` times the neighbours the graph would have to fetch
(one fetched neighbour, with efSearch raised to match, costs about as much as scoring
``fetch_rows`` rows exactly), or a fetch beyond ``max_fetch`` of the graph. At 1M items a
2 % filter (20,000 rows) would fetch 15,000 neighbours: exact is several times faster.

Updates: rows are appended to growable buffers (amortised, no copy of the whole array per
item) and inserted into the graph; :meth:`discard` removes a removed document's rows from
the graph at once. Graph keys are independent of row positions, so a graph saved by one
process (:meth:`save_graph`, with one label per row, e.g. the text hash of each passage)
can be adopted by another (:meth:`adopt`): rows whose label the saved graph holds reuse
its key, the others are inserted, the saved keys nobody claimed are removed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from innofield.matching.dense import PassageVectors

__all__ = ["HnswVectors", "GRAPH_DTYPES"]

GRAPH_DTYPES = ("f32", "f16", "i8")


class _Grow:
    """A numpy array that grows by doubling its capacity; ``view`` is the used part."""

    def __init__(self, dtype: Any, width: int | None = None) -> None:
        self.dtype = dtype
        self.width = width
        self.used = 0
        shape = (0,) if width is None else (0, width)
        self.buffer = np.zeros(shape, dtype=dtype)

    @property
    def view(self) -> np.ndarray:
        """The used rows (a view of the buffer, no copy)."""
        return self.buffer[: self.used]

    def extend(self, rows: np.ndarray) -> None:
        """Append ``rows``, growing the buffer when full."""
        need = self.used + len(rows)
        if need > len(self.buffer):
            capacity = max(need, 2 * len(self.buffer), 64)
            shape = (capacity,) if self.width is None else (capacity, self.width)
            bigger = np.empty(shape, dtype=self.dtype)
            bigger[: self.used] = self.buffer[: self.used]
            self.buffer = bigger
        self.buffer[self.used : need] = rows
        self.used = need

    def reset(self, rows: np.ndarray) -> None:
        """Replace the content by ``rows`` (kept as given when possible)."""
        self.buffer = np.ascontiguousarray(rows, dtype=self.dtype)
        self.used = len(self.buffer)


class HnswVectors(PassageVectors):
    """Passage rows per document slot, searched through an HNSW graph (see the module).

    ``neighbours`` is how many documents a search wants from the graph (the dense top
    list of the fusion is ``depth`` long, 100 by default); ``brute_rows``: filters that
    keep at most this many passage rows are searched exactly; ``connectivity``,
    ``expansion_add`` and ``expansion_search`` are HNSW's M, efConstruction and efSearch;
    ``graph_dtype`` is how the graph stores its copy of the vectors ("f32", "f16" or
    "i8"; the scores returned are always exact float32); a filtered search over-fetches
    ``oversample`` times what it needs, and searches exactly instead when that would
    fetch more than ``max_fetch`` of the graph or when the filter keeps fewer rows than
    ``fetch_rows`` times the neighbours to fetch; ``threads`` builds the graph.
    """

    def __init__(
        self,
        candidates: int = 2000,
        exact_rows: int = 100_000,
        *,
        neighbours: int = 200,
        brute_rows: int = 4096,
        connectivity: int = 16,
        expansion_add: int = 128,
        expansion_search: int = 128,
        graph_dtype: str = "f32",
        oversample: float = 1.5,
        max_fetch: float = 0.25,
        fetch_rows: float = 8.0,
        threads: int = 1,
    ) -> None:
        super().__init__(candidates, exact_rows)
        if graph_dtype not in GRAPH_DTYPES:
            raise ValueError(f"graph_dtype: expected one of {GRAPH_DTYPES}, got {graph_dtype!r}")
        if neighbours < 1:
            raise ValueError(f"neighbours: must be >= 1, got {neighbours}")
        self.neighbours = neighbours
        self.brute_rows = brute_rows
        self.connectivity = connectivity
        self.expansion_add = expansion_add
        self.expansion_search = expansion_search
        self.graph_dtype = graph_dtype
        self.oversample = oversample
        self.max_fetch = max_fetch
        self.fetch_rows = fetch_rows
        self.threads = threads
        self.graph: Any = None  # usearch.index.Index, made at the first append
        self._rows = _Grow(np.float32, None)  # replaced once the width is known
        self._starts = _Grow(np.int64)
        self._counts = _Grow(np.int64)
        self._slot_of_row = _Grow(np.int64)  # document slot of each passage row
        self._key_of_row = _Grow(np.int64)  # graph key of each row (-1: not in the graph)
        self._row_of_key = _Grow(np.int64)  # row of each graph key (-1: removed)
        self._adopted: tuple[Any, list[str], dict[str, Any]] | None = None  # saved graph
        self.searches = {"graph": 0, "exact": 0, "retries": 0}  # counters, for benchmarks
        # what the first append did with an adopted graph (changed: differs from the file)
        self.reconciled = {"reused": 0, "inserted": 0, "removed": 0, "changed": True}

    # ----- building -------------------------------------------------------------------

    def _new_graph(self, width: int) -> Any:
        from usearch.index import Index

        return Index(
            ndim=width,
            metric="ip",
            dtype=self.graph_dtype,
            connectivity=self.connectivity,
            expansion_add=self.expansion_add,
            expansion_search=self.expansion_search,
        )

    def _sync(self) -> None:
        """Point the parent's attributes at the used parts of the buffers."""
        self.vectors = self._rows.view
        self.starts = self._starts.view
        self.counts = self._counts.view

    def adopt(self, path: Path | str, labels: Sequence[str]) -> bool:
        """Use the graph saved at ``path`` for the next :meth:`append`, whose rows carry
        ``labels`` (one per row, e.g. the text hash of each passage). Returns whether a
        usable saved graph was found; an unusable or missing one is ignored."""
        path = Path(path)
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            from usearch.index import Index

            graph: Any = Index.restore(str(path))
        except (OSError, ValueError, RuntimeError):
            return False
        if (
            graph is None
            or meta.get("dtype") != self.graph_dtype
            or len(meta["labels"]) != len(meta["keys"])
        ):
            return False
        graph.expansion_search = self.expansion_search
        self._adopted = (graph, list(labels), meta)
        return True

    def save_graph(self, path: Path | str, labels: Sequence[str]) -> None:
        """Write the graph to ``path`` and the label of each live row's key beside it
        (``path`` with ``.json``); both files are replaced atomically."""
        if self.graph is None:
            raise ValueError("graph: nothing indexed yet")
        if len(labels) != self._rows.used:
            raise ValueError(f"labels: expected {self._rows.used} (one per row), got {len(labels)}")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = self._key_of_row.view
        live = keys >= 0
        meta = {
            "dtype": self.graph_dtype,
            "keys": keys[live].tolist(),
            "labels": [label for label, ok in zip(labels, live, strict=True) if ok],
        }
        tmp = path.with_name(path.name + ".tmp")
        self.graph.save(str(tmp))
        os.replace(tmp, path)
        side = path.with_suffix(".json.tmp")
        side.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(side, path.with_suffix(".json"))

    def _insert(self, rows: np.ndarray, first_row: int) -> None:
        """Give rows ``first_row…`` fresh graph keys and insert them."""
        start = self._row_of_key.used
        keys = np.arange(start, start + len(rows), dtype=np.int64)
        self._row_of_key.extend(np.arange(first_row, first_row + len(rows), dtype=np.int64))
        self._key_of_row.extend(keys)
        if len(rows):
            self.graph.add(keys.astype(np.uint64), rows, threads=self.threads)

    def _reuse(self, rows: np.ndarray) -> None:
        """The first append with an adopted graph: reuse its keys where labels match."""
        assert self._adopted is not None
        graph, labels, meta = self._adopted
        self._adopted = None
        if len(labels) != len(rows):
            self.graph = self._new_graph(rows.shape[1])
            self._insert(rows, 0)
            self.reconciled = {"reused": 0, "inserted": len(rows), "removed": 0, "changed": True}
            return
        self.graph = graph
        free: dict[str, list[int]] = {}
        for key, label in zip(meta["keys"], meta["labels"], strict=True):
            free.setdefault(label, []).append(int(key))
        top = max(meta["keys"], default=-1) + 1
        row_of_key = np.full(top, -1, dtype=np.int64)
        key_of_row = np.full(len(rows), -1, dtype=np.int64)
        for row, label in enumerate(labels):
            spare = free.get(label)
            if spare:
                key = spare.pop()
                key_of_row[row] = key
                row_of_key[key] = row
        unused = [k for keys in free.values() for k in keys]
        if unused:
            graph.remove(np.array(unused, dtype=np.uint64))
        self._row_of_key.reset(row_of_key)
        self._key_of_row.reset(key_of_row)
        missing = np.flatnonzero(key_of_row < 0)
        if len(missing):
            keys = np.arange(top, top + len(missing), dtype=np.int64)
            self._row_of_key.extend(missing)
            self._key_of_row.buffer[missing] = keys
            graph.add(keys.astype(np.uint64), rows[missing], threads=self.threads)
        self.reconciled = {
            "reused": len(rows) - len(missing),
            "inserted": len(missing),
            "removed": len(unused),
            "changed": bool(len(missing) or unused),
        }

    def append(self, rows: np.ndarray, counts: np.ndarray) -> None:
        """Add documents whose passages are ``rows``, ``counts[i]`` rows for document i."""
        rows = np.ascontiguousarray(rows, dtype=np.float32)
        counts = np.asarray(counts, dtype=np.int64)
        if self.graph is None and self._adopted is None and not len(rows):
            return
        if self._rows.width is None:
            self._rows = _Grow(np.float32, rows.shape[1])
        first_row, first_slot = self._rows.used, self._starts.used
        if first_row == 0:
            self._rows.reset(rows)  # the first batch is kept as given
        else:
            self._rows.extend(rows)
        self._starts.extend(first_row + np.cumsum(counts) - counts)
        self._counts.extend(counts)
        self._slot_of_row.extend(np.repeat(np.arange(first_slot, first_slot + len(counts)), counts))
        if self._adopted is not None and first_row == 0:
            self._reuse(rows)
        else:
            if self.graph is None:
                self.graph = self._new_graph(rows.shape[1])
            self._insert(rows, first_row)
        self._sync()

    def discard(self, slots: Sequence[int]) -> None:
        """Take the rows of removed documents out of the graph (their slots stay, dead)."""
        if self.graph is None:
            return
        keys: list[int] = []
        for slot in slots:
            start, count = self.starts[slot], self.counts[slot]
            own = self._key_of_row.buffer[start : start + count]
            keys.extend(int(k) for k in own if k >= 0)
            self._row_of_key.buffer[own[own >= 0]] = -1
            own[:] = -1
        if keys:
            self.graph.remove(np.array(keys, dtype=np.uint64))

    def keep(self, slots: np.ndarray) -> None:
        """Keep only the documents at ``slots`` (ascending), renumbered from 0; the graph
        keeps its keys (the rows they point to are renumbered)."""
        if self.graph is None:
            return
        alive = np.zeros(len(self.starts), dtype=bool)
        alive[slots] = True
        kept_rows = np.flatnonzero(np.repeat(alive, self.counts))
        counts = self.counts[slots]
        keys = self._key_of_row.view[kept_rows]
        self._rows.reset(self.vectors[kept_rows])
        self._counts.reset(counts)
        self._starts.reset(np.cumsum(counts) - counts)
        self._slot_of_row.reset(np.repeat(np.arange(len(counts)), counts))
        self._key_of_row.reset(keys)
        self._row_of_key.buffer[: self._row_of_key.used] = -1
        self._row_of_key.buffer[keys[keys >= 0]] = np.flatnonzero(keys >= 0)
        self._sync()

    # ----- searching ------------------------------------------------------------------

    def _graph_slots(
        self, qvec: np.ndarray, mask: np.ndarray, picked: int, rows: int
    ) -> np.ndarray | None:
        """Allowed slots among the graph's nearest passages (None: search exactly);
        ``picked`` documents and ``rows`` passage rows pass the filter."""
        size = len(self.graph)
        want = min(self.neighbours, picked)
        count = int(np.ceil(want * self.oversample * size / max(rows, 1)))
        while True:
            if count < size and (count > self.max_fetch * size or count * self.fetch_rows > rows):
                return None  # over-fetching would cost more than scoring the rows exactly
            count = min(count, size)
            self.graph.expansion_search = max(self.expansion_search, count)
            found = self.graph.search(qvec, count, threads=1).keys.astype(np.int64)
            hits = self._row_of_key.buffer[found]
            slots = self._slot_of_row.buffer[hits[hits >= 0]]
            slots = np.unique(slots[mask[slots]])
            if len(slots) >= want or count >= size:
                return slots
            self.searches["retries"] += 1
            count *= 4

    def score(self, qvec: np.ndarray, mask: np.ndarray, extra: np.ndarray | None) -> np.ndarray:
        """Exact best-passage score for the documents the graph (or, for a narrow filter,
        the exact search) retrieves and for ``extra``; ``-inf`` for the others."""
        picked = np.flatnonzero(mask)
        scores = np.full(len(self.starts), -np.inf, dtype=np.float32)
        if not len(picked) or self.graph is None:
            return scores
        rows = len(self.vectors) if len(picked) == len(mask) else int(self.counts[picked].sum())
        slots = None
        if rows > self.brute_rows and len(self.graph):
            slots = self._graph_slots(qvec, mask, len(picked), rows)
        if slots is None:
            self.searches["exact"] += 1
            slots = picked
        else:
            self.searches["graph"] += 1
        if extra is not None and len(extra):
            slots = np.union1d(slots, extra)
        if len(slots):
            scores[slots] = self._maxp(qvec, slots)
        return scores

    @property
    def memory_bytes(self) -> int:
        """Bytes held by the float32 rows and the graph (its vectors and links)."""
        graph = int(self.graph.memory_usage) if self.graph is not None else 0
        return graph + self._rows.buffer.nbytes
