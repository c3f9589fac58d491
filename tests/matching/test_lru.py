"""The engine's small caches: bounded, least recently used out, safe across threads."""

from __future__ import annotations

import threading

import pytest

from innofield.matching.lru import LRU


def test_least_recently_used_entry_is_evicted() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == (1, 3, 2)
    cache.clear()
    assert cache.get("a") is None and len(cache) == 0


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="^size"):
        LRU(0)


def test_concurrent_use_keeps_the_bound() -> None:
    """Eight threads reading and writing overlapping keys: no error, never over size."""
    cache: LRU[int, int] = LRU(16)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(5000):
                key = (i * 7 + offset) % 40
                if cache.get(key) is None:
                    cache.put(key, key)
                assert len(cache) <= 16
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(cache) == 16
