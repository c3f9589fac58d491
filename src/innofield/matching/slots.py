"""SlotTable: which document sits in which row of the engine's parallel arrays.

Documents are appended at the next free slot; removing one leaves a tombstone
(its id becomes ``None``) until the engine compacts, so the BM25 matrix and the
passage vectors never move rows on a removal. :meth:`SlotTable.mask` turns the
set of ids that pass the platform's structured filters into a boolean slot
mask: a binary search of the allowed ids in a sorted copy of the id column,
built once per index state, and the mask itself kept per distinct id set
(16 sets) until the index changes.

Keying that cache costs a frozenset of the ids and a set comparison per search (≈ 30 ms
for 300,000 ids). A caller that reuses a filter compiles it once instead
(:meth:`SlotTable.compile`, ``MatchEngine.compile_filter``): a :class:`SlotFilter` keeps
its boolean slot mask and follows the index itself (new slots are checked one by one
against its ids, a compaction recomputes the mask), so a search with it costs one
``mask & alive`` over the slots.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np

from innofield.matching.lru import LRU

__all__ = ["SlotTable", "SlotFilter"]


class SlotFilter:
    """A compiled filter: the allowed ids and their boolean slot mask in one ``SlotTable``
    (``state`` records which table, compaction and slot count the mask was made for)."""

    def __init__(self, ids: frozenset[str], mask: np.ndarray, state: tuple[object, int, int]):
        self.ids = ids
        self.mask = mask
        self.state = state

    def __len__(self) -> int:
        """How many ids the filter allows (indexed or not)."""
        return len(self.ids)


class SlotTable:
    """Document ids by slot, tombstones for removed ones, and cached filter masks."""

    def __init__(self, masks: int = 16) -> None:
        self.ids: list[str | None] = []
        self.slot: dict[str, int] = {}
        self._masks: LRU[frozenset[str], np.ndarray] = LRU(masks)
        self._sorted_ids: np.ndarray | None = None
        self._sorted_slots = np.zeros(0, dtype=np.int64)
        self._token = object()  # tells this table's compiled filters from another's
        self.compactions = 0

    def __len__(self) -> int:
        """Live documents (tombstones not counted)."""
        return len(self.slot)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.slot

    @property
    def size(self) -> int:
        """Slots in use, tombstones included: the length of the engine's arrays."""
        return len(self.ids)

    @property
    def dead(self) -> int:
        """Tombstoned slots waiting for a compaction."""
        return len(self.ids) - len(self.slot)

    def live_ids(self) -> list[str]:
        """The ids of live documents in slot order."""
        return [i for i in self.ids if i is not None]

    def append(self, ids: Iterable[str]) -> None:
        """Give each new id the next slot (the caller has checked they are new)."""
        for doc_id in ids:
            self.slot[doc_id] = len(self.ids)
            self.ids.append(doc_id)
        self.changed()

    def remove(self, ids: Iterable[str]) -> list[int]:
        """Tombstone the slots of ``ids`` (all indexed) and return them."""
        slots = [self.slot.pop(i) for i in ids]
        for s in slots:
            self.ids[s] = None
        self.changed()
        return slots

    def compact(self) -> np.ndarray:
        """Drop the tombstones; return the kept old slots, in order, for the arrays to follow."""
        keep = np.array([s for s, i in enumerate(self.ids) if i is not None], dtype=np.int64)
        self.ids = [self.ids[s] for s in keep]
        self.slot = {doc_id: s for s, doc_id in enumerate(self.ids) if doc_id is not None}
        self.compactions += 1
        self.changed()
        return keep

    def changed(self) -> None:
        """Forget filter masks and the sorted id column after the index changed."""
        self._masks.clear()
        self._sorted_ids = None

    def mask(self, allowed_ids: Collection[str] | SlotFilter, alive: np.ndarray) -> np.ndarray:
        """A fresh boolean slot mask of the ``alive`` slots whose id is in ``allowed_ids``
        (an id collection or a compiled :class:`SlotFilter`).

        Unknown ids are ignored.
        """
        if isinstance(allowed_ids, SlotFilter):
            return self._follow(allowed_ids) & alive
        if not self.ids:
            return np.zeros(0, dtype=bool)
        key = frozenset(allowed_ids)
        cached = self._masks.get(key)
        if cached is None:
            cached = self._lookup(key) & alive
            self._masks.put(key, cached)
        return cached.copy()

    def _state(self) -> tuple[object, int, int]:
        return (self._token, self.compactions, len(self.ids))

    def compile(self, allowed_ids: Collection[str]) -> SlotFilter:
        """A reusable filter for ``allowed_ids`` (unknown ids are kept: they may come)."""
        key = frozenset(allowed_ids)
        return SlotFilter(key, self._lookup(key), self._state())

    def _follow(self, flt: SlotFilter) -> np.ndarray:
        """``flt``'s mask brought up to the table's current slots (updated in place)."""
        token, compactions, size = flt.state
        mask = flt.mask
        if token is not self._token or compactions != self.compactions or size > len(self.ids):
            mask = self._lookup(flt.ids)
        elif size < len(self.ids):
            new = [doc_id in flt.ids for doc_id in self.ids[size:]]
            mask = np.concatenate([mask, np.array(new, dtype=bool)])
        if mask is not flt.mask:
            flt.mask, flt.state = mask, self._state()
        return mask

    def _lookup(self, key: frozenset[str]) -> np.ndarray:
        """Boolean slot mask of the slots whose id is in ``key`` (dead ones included)."""
        if not self.ids:
            return np.zeros(0, dtype=bool)
        if self._sorted_ids is None:
            names = np.array([i if i is not None else "" for i in self.ids], dtype=str)
            order = np.argsort(names, kind="stable")
            self._sorted_ids, self._sorted_slots = names[order], order
        wanted = np.array(list(key), dtype=str)
        pos = np.searchsorted(self._sorted_ids, wanted)
        pos[pos >= len(self._sorted_ids)] = 0
        hit = (self._sorted_ids[pos] == wanted) & (wanted != "")
        mask = np.zeros(len(self.ids), dtype=bool)
        mask[self._sorted_slots[pos[hit]]] = True
        return mask
