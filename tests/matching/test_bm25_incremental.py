"""BM25's incremental updates (a delta matrix, frequencies kept in place) score exactly as a
full rebuild does, after adds, removes, re-adds and compactions, and merge only past
``merge_share``."""

from __future__ import annotations

import random

import numpy as np
import pytest

from innofield.matching import Document, MatchEngine
from innofield.matching.lexical import BM25Index

WORDS = [f"w{i}" for i in range(300)]


def _doc(rng: random.Random, new_words: bool = False) -> dict[str, list[str]]:
    pool = WORDS + ([f"fresh{rng.randrange(20)}"] if new_words else [])
    return {
        "title": rng.choices(pool, k=rng.randrange(1, 6)),
        "text": rng.choices(pool, k=rng.randrange(0, 40)),
    }


def _scores(index: BM25Index, queries: list[list[str]], mask: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    return [index.score(q, mask) for q in queries]


def test_scores_after_adds_and_removes_equal_a_full_rebuild() -> None:
    rng = random.Random(3)
    weights = {"title": 2.0, "text": 1.0}
    live = BM25Index(field_weights=weights, merge_share=0.5)
    full = BM25Index(field_weights=weights, merge_share=0.0)  # every change: a full build
    queries = [rng.choices(WORDS, k=3) for _ in range(20)] + [["fresh3", "w7"], ["unknown"]]
    docs = [_doc(rng) for _ in range(400)]
    for index in (live, full):
        index.add(docs)
        _scores(index, queries)
    merges = live.merges
    for step in range(30):
        batch = [_doc(rng, new_words=True) for _ in range(rng.randrange(1, 4))]
        alive = np.flatnonzero(live.alive)
        gone = sorted(rng.sample(list(alive), rng.randrange(0, 4)))
        for index in (live, full):
            index.add(batch)
            index.remove(gone)
        mask = np.array([rng.random() < 0.5 for _ in range(live.size)])
        for got, want in zip(
            _scores(live, queries, mask), _scores(full, queries, mask), strict=True
        ):
            assert np.array_equal(got, want), step
        assert live.idf("fresh3") == full.idf("fresh3")
    assert live.merges == merges, "small changes go to the delta, no full build"
    assert full.merges > 30
    keep = np.flatnonzero(live.alive)
    late = _doc(rng)
    for index in (live, full):
        index.keep(keep)
        index.add([late])
        index.remove([0, 5])
    for got, want in zip(_scores(live, queries), _scores(full, queries), strict=True):
        assert np.array_equal(got, want)


def test_the_delta_merges_into_the_base_past_merge_share() -> None:
    rng = random.Random(5)
    index = BM25Index(merge_share=0.1)
    index.add([_doc(rng) for _ in range(100)])
    index.score(["w1"])
    first = index.merges
    index.add([_doc(rng) for _ in range(5)])
    index.score(["w1"])
    assert index.merges == first
    index.add([_doc(rng) for _ in range(20)])
    index.score(["w1"])
    assert index.merges == first + 1
    with pytest.raises(ValueError, match="merge_share"):
        BM25Index(merge_share=-1)


def _by_id(engine: MatchEngine, query: str) -> dict[str, float]:
    """Every live document's BM25 score for ``query`` (ties cannot hide a difference)."""
    scores = engine.lexical_.score(engine.analyzer_.tokenize(query))
    ids = engine.slots_.ids
    return {ids[s] or "": float(scores[s]) for s in np.flatnonzero(scores)}


def test_engine_results_after_updates_equal_a_fresh_fit() -> None:
    rng = random.Random(11)

    def doc(i: int) -> Document:
        words = rng.choices(WORDS, k=rng.randrange(3, 30))
        return Document(id=f"d{i}", title=" ".join(words[:3]), text=" ".join(words[3:]))

    docs = {f"d{i}": doc(i) for i in range(300)}
    engine = MatchEngine(mode="bm25").fit(docs.values())
    engine.search("w1 w2", k=5)
    for step in range(20):
        gone = rng.sample(sorted(docs), 3)
        engine.remove(gone)
        for i in gone:
            del docs[i]
        new = [doc(1000 + step * 10 + j) for j in range(4)]
        engine.add(new)
        docs.update((d.id, d) for d in new)
        engine.search("w1 w2", k=5)  # a search after every change
        if step % 5 == 4:
            fresh = MatchEngine(mode="bm25").fit(docs.values())
            for q in ["w1 w2", "w17 w250 w3", "w99"]:
                assert _by_id(engine, q) == _by_id(fresh, q), (step, q)
                top = [r.id for r in engine.search(q, k=5, explain=False)]
                assert top and all(i in docs for i in top)
    # 80 documents added to 300 in steps of 1.3 % of the postings: a merge every few
    # steps past merge_share (5 %), not one per search after a change (20)
    assert 2 <= engine.lexical_.merges <= 8
