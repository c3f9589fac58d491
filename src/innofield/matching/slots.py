"""SlotTable: which document sits in which row of the engine's parallel arrays.

Documents are appended at the next free slot; removing one leaves a tombstone
(its id becomes ``None``) until the engine compacts, so the BM25 matrix and the
passage vectors never move rows on a removal. :meth:`SlotTable.mask` turns the
set of ids that pass the platform's structured filters into a boolean slot
mask: a binary search of the allowed ids in a sorted copy of the id column,
built once per index state, and the mask itself kept per distinct id set
(16 sets) until the index changes.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np

from innofield.matching.lru import LRU

__all__ = ["SlotTable"]


class SlotTable:
    """Document ids by slot, tombstones for removed ones, and cached filter masks."""

    def __init__(self, masks: int = 16) -> None:
        self.ids: list[str | None] = []
        self.slot: dict[str, int] = {}
        self._masks: LRU[frozenset[str], np.ndarray] = LRU(masks)
        self._sorted_ids: np.ndarray | None = None
        self._sorted_slots = np.zeros(0, dtype=np.int64)

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
        self.changed()
        return keep

    def changed(self) -> None:
        """Forget filter masks and the sorted id column after the index changed."""
        self._masks.clear()
        self._sorted_ids = None

    def mask(self, allowed_ids: Collection[str], alive: np.ndarray) -> np.ndarray:
        """A fresh boolean slot mask of the ``alive`` slots whose id is in ``allowed_ids``.

        Unknown ids are ignored.
        """
        if not self.ids:
            return np.zeros(0, dtype=bool)
        key = frozenset(allowed_ids)
        cached = self._masks.get(key)
        if cached is None:
            if self._sorted_ids is None:
                names = np.array([i if i is not None else "" for i in self.ids], dtype=str)
                order = np.argsort(names, kind="stable")
                self._sorted_ids, self._sorted_slots = names[order], order
            wanted = np.array(list(key), dtype=str)
            pos = np.searchsorted(self._sorted_ids, wanted)
            pos[pos >= len(self._sorted_ids)] = 0
            hit = (self._sorted_ids[pos] == wanted) & (wanted != "")
            cached = np.zeros(len(self.ids), dtype=bool)
            cached[self._sorted_slots[pos[hit]]] = True
            cached &= alive
            self._masks.put(key, cached)
        return cached.copy()
