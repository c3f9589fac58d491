"""Two-stage semantic search: centroid candidates, then exact best-passage scores."""

from __future__ import annotations

import math

import numpy as np
import pytest

from innofield.matching import Document, MatchEngine
from innofield.matching.dense import PassageVectors

from .test_passages import HashEncoder, _doc


class WideHashEncoder(HashEncoder):
    """Random unit vectors in 384 dimensions, where unrelated texts are near-orthogonal."""

    name, dim = "hash384", 384


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_centroids_follow_appends_and_compaction() -> None:
    rng = np.random.default_rng(3)
    counts = rng.integers(1, 6, 50)
    rows = _unit(rng.standard_normal((int(counts.sum()), 8))).astype(np.float32)
    store = PassageVectors()
    store.append(rows[: counts[:20].sum()], counts[:20])
    store.append(rows[counts[:20].sum() :], counts[20:])
    keep = np.array([0, 3, 4, 19, 20, 33, 49])
    store.keep(keep)
    starts = np.cumsum(counts) - counts
    expected = _unit(np.array([rows[starts[s] : starts[s] + counts[s]].mean(0) for s in keep]))
    np.testing.assert_allclose(store.centroids, expected, atol=1e-6)
    for new, old in enumerate(keep):
        own = rows[starts[old] : starts[old] + counts[old]]
        np.testing.assert_array_equal(store.rows_of(new), own)


def test_two_stage_finds_a_document_by_one_passage_and_honours_the_filter() -> None:
    docs = [_doc(n) for n in range(1600)]
    exact = MatchEngine(mode="dense", encoder=WideHashEncoder()).fit(docs)
    staged = MatchEngine(mode="dense", encoder=WideHashEncoder(), candidates=100, exact_rows=0)
    staged.fit(docs)
    allowed = {str(n) for n in range(0, 1600, 3)}
    for n in (0, 300, 1599):
        query = staged.passages_of(docs[n])[2]  # the third sentence only
        hit = staged.search(query, k=1)[0]
        assert hit.id == str(n) and hit.explanation.cosine == pytest.approx(1.0, abs=1e-5)
        assert hit.explanation.passage == query
        hits = staged.search(query, k=10, allowed_ids=allowed)
        assert len(hits) == 10 and {r.id for r in hits} <= allowed
        assert (hits[0].id == str(n)) == (str(n) in allowed)
        # the second stage scores its candidates exactly (random vectors beyond the
        # first hit are noise, so which of them pass the first stage is not asserted)
        full = {r.id: r.score for r in exact.search(query, k=1000, allowed_ids=allowed)}
        assert [r.score for r in hits] == pytest.approx([full[r.id] for r in hits], abs=1e-6)


def test_a_narrow_filter_is_scored_exactly() -> None:
    docs = [_doc(n) for n in range(1600)]
    staged = MatchEngine(mode="dense", encoder=WideHashEncoder(), candidates=100, exact_rows=0)
    staged.fit(docs)
    exact = MatchEngine(mode="dense", encoder=WideHashEncoder()).fit(docs)
    allowed = {str(n) for n in range(40, 120)}  # fewer than `candidates`
    query = "Second claim of item 1000."
    assert [(r.id, r.score) for r in staged.search(query, k=20, allowed_ids=allowed)] == [
        (r.id, r.score) for r in exact.search(query, k=20, allowed_ids=allowed)
    ]


def test_hybrid_pool_gets_real_cosines_for_lexical_hits() -> None:
    docs = [_doc(n) for n in range(1600)]
    docs.append(Document("zeolite", "Zeolite membranes", "Zeolite membranes separate water."))
    staged = MatchEngine(encoder=WideHashEncoder(), candidates=100, exact_rows=0).fit(docs)
    results = staged.search("zeolite", k=120)
    assert results[0].id == "zeolite"
    for r in results:  # every pooled document, lexical or semantic, has a real cosine
        assert r.explanation.cosine is not None and math.isfinite(r.explanation.cosine)


def test_candidates_below_depth_is_rejected() -> None:
    with pytest.raises(ValueError, match="candidates: must be >= depth"):
        MatchEngine(candidates=50)
    with pytest.raises(ValueError, match="exact_rows: must be >= 0"):
        MatchEngine(exact_rows=-1)


def test_documents_added_after_the_first_search_are_found() -> None:
    docs = [_doc(n) for n in range(1600)]
    staged = MatchEngine(mode="dense", encoder=WideHashEncoder(), candidates=100, exact_rows=0)
    staged.fit(docs[:700])
    assert staged.search(staged.passages_of(docs[5])[1], k=1)[0].id == "5"  # fits the projection
    fitted = staged.dense_._projection
    staged.add(docs[700:1300])  # fewer than double: the projection is kept, centroids re-projected
    assert staged.search(staged.passages_of(docs[1200])[1], k=1)[0].id == "1200"
    assert staged.dense_._projection is fitted
    staged.add(docs[1300:])
    staged.remove([str(n) for n in range(10)])
    assert staged.search(staged.passages_of(docs[1599])[0], k=1)[0].id == "1599"
    assert staged.dense_._fitted_on == 1600  # refitted once the index had more than doubled


def test_a_narrow_filter_on_a_small_index_scores_only_its_documents() -> None:
    docs = [_doc(n) for n in range(400)]
    engine = MatchEngine(mode="dense", encoder=WideHashEncoder()).fit(docs)
    query = engine.passages_of(docs[7])[1]
    qvec = engine.encoder_.encode_queries([query])[0]  # type: ignore[union-attr]
    mask = np.zeros(400, dtype=bool)
    mask[[3, 7, 250]] = True
    narrow = engine.dense_.score(qvec, mask, None)
    full = engine.dense_.score(qvec, np.ones(400, dtype=bool), None)
    assert np.isfinite(narrow).sum() == 3
    np.testing.assert_allclose(narrow[mask], full[mask], atol=1e-6)
    assert [r.id for r in engine.search(query, k=3, allowed_ids={"3", "7", "250"})][0] == "7"
