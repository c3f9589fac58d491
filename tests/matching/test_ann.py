"""The HNSW dense index (usearch): same results as exact search, updates, filters, files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innofield.matching import Document, MatchEngine
from innofield.matching.ann import HnswVectors

from .test_dense_two_stage import WideHashEncoder
from .test_passages import _doc

# always through the graph, even when small (no exact path for fewer rows than the fetch)
GRAPH = {"brute_rows": 0, "neighbours": 100, "fetch_rows": 0}


def _engines(docs: list[Document], **ann: object) -> tuple[MatchEngine, MatchEngine]:
    options = {**GRAPH, **ann}
    exact = MatchEngine(encoder=WideHashEncoder(), rescorer="none").fit(docs)
    hnsw = MatchEngine(
        encoder=WideHashEncoder(), rescorer="none", dense_index="hnsw", ann_options=options
    ).fit(docs)
    assert isinstance(hnsw.dense_, HnswVectors)
    return exact, hnsw


class _Ranking(list):  # type: ignore[type-arg]
    """(id, cosine, fused score) triples, equal to another ranking when the ids agree in
    order, the cosines to 1e-5 and the fused scores to 0.01 (the fusion standardises
    the dense top 100, whose tail, noise on these random vectors, the graph may fill
    with other near-ties: a shift of the whole list by a few 1e-4)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, list) or [r[0] for r in self] != [r[0] for r in other]:
            return False
        cosines = [r[1] for r in self] == pytest.approx([r[1] for r in other], abs=1e-5)
        return bool(
            cosines and [r[2] for r in self] == pytest.approx([r[2] for r in other], abs=0.01)
        )

    __hash__ = None  # type: ignore[assignment]


def _ranked(engine: MatchEngine, query: str, **kwargs: object) -> _Ranking:
    results = engine.search(query, k=10, **kwargs)  # type: ignore[arg-type]
    return _Ranking((r.id, r.explanation.cosine, r.score) for r in results)


def test_graph_search_equals_exact_search_on_a_small_corpus() -> None:
    docs = [_doc(n) for n in range(400)]
    exact, hnsw = _engines(docs)
    # queries with a true neighbour (a query whose vector is pure noise, like a random
    # word, has a dense top 100 of near-ties that no graph reproduces exactly)
    queries = [hnsw.passages_of(docs[n])[1] for n in (0, 7, 123, 250, 399)]
    for query in queries:
        assert _ranked(hnsw, query) == _ranked(exact, query)
    assert hnsw.dense_.searches["graph"] == len(queries)  # type: ignore[attr-defined]
    assert hnsw.dense_.searches["exact"] == 0  # type: ignore[attr-defined]


def test_filters_are_respected_and_a_narrow_filter_is_searched_exactly() -> None:
    docs = [_doc(n) for n in range(400)]
    exact, hnsw = _engines(docs)
    wide = {str(n) for n in range(0, 400, 2)}
    narrow = {str(n) for n in range(10, 20)}
    query = hnsw.passages_of(docs[11])[0]
    got = _ranked(hnsw, query, allowed_ids=wide)
    assert {i for i, *_ in got} <= wide and got == _ranked(exact, query, allowed_ids=wide)
    assert hnsw.dense_.searches["graph"] == 1  # type: ignore[attr-defined]
    got = _ranked(hnsw, query, allowed_ids=narrow)
    assert {i for i, *_ in got} <= narrow and got[0][0] == "11"
    assert got == _ranked(exact, query, allowed_ids=narrow)
    assert hnsw.dense_.searches["exact"] == 1  # type: ignore[attr-defined]


def test_a_filter_with_fewer_rows_than_fetch_rows_times_the_fetch_is_searched_exactly() -> None:
    docs = [_doc(n) for n in range(400)]
    exact, hnsw = _engines(docs, max_fetch=1.0, fetch_rows=2.0)
    dense = hnsw.dense_
    assert isinstance(dense, HnswVectors)
    few = {str(n) for n in range(0, 400, 8)}  # 50 of 400: fetch ~ 50 x 1.5 x 8 > their rows
    query = hnsw.passages_of(docs[16])[0]
    got = _ranked(hnsw, query, allowed_ids=few)
    assert got[0][0] == "16" and got == _ranked(exact, query, allowed_ids=few)
    assert dense.searches == {"graph": 0, "exact": 1, "retries": 0}
    dense.fetch_rows = 0.0  # only max_fetch (the whole graph here) decides: the graph
    assert _ranked(hnsw, query, allowed_ids=few) == got
    assert dense.searches["graph"] == 1


def test_a_compiled_filter_follows_additions_removals_and_compaction() -> None:
    docs = [_doc(n) for n in range(1500)]
    exact, hnsw = _engines(docs)
    allowed = {str(n) for n in range(0, 1500, 3)} | {"new-1"}
    flt = hnsw.compile_filter(allowed)
    assert len(flt) == len(allowed)
    query = hnsw.passages_of(docs[300])[0]
    assert _ranked(hnsw, query, allowed_ids=flt) == _ranked(exact, query, allowed_ids=allowed)
    added = [
        Document("new-1", "Zeolite membranes", "Zeolite membranes separate salt."),
        Document("new-2", "Zeolite membranes", "Zeolite membranes separate salt too."),
    ]
    for engine in (exact, hnsw):
        engine.add(added)  # new-1 is allowed (named before it existed), new-2 is not
    query = "Zeolite membranes separate salt."
    got = _ranked(hnsw, query, allowed_ids=flt)
    assert got[0][0] == "new-1" and "new-2" not in {i for i, *_ in got}
    assert got == _ranked(exact, query, allowed_ids=allowed)
    gone = [str(n) for n in range(1500) if n % 4]  # compacts: every slot renumbered
    for engine in (exact, hnsw):
        engine.remove(gone)
    assert hnsw.slots_.dead == 0
    for n in (0, 300, 1488):
        query = hnsw.passages_of(docs[n])[2]
        got = _ranked(hnsw, query, allowed_ids=flt)
        assert {i for i, *_ in got} <= allowed - set(gone)
        assert got == _ranked(exact, query, allowed_ids=allowed)
    other = MatchEngine(mode="bm25").fit(docs[:10])
    assert {r.id for r in other.search("item", k=20, allowed_ids=flt)} == {"0", "3", "6", "9"}


def test_update_and_delete_are_seen_by_the_next_search() -> None:
    docs = [_doc(n) for n in range(300)]
    exact, hnsw = _engines(docs)
    query = "Zeolite membranes separate salt from water."
    new = Document("5", "Zeolite membranes", "Zeolite membranes separate salt from water.")
    for engine in (exact, hnsw):
        engine.update([new])
    assert _ranked(hnsw, query)[0][0] == "5"
    assert _ranked(hnsw, query) == _ranked(exact, query)
    old = exact.passages_of(_doc(5))[1]
    assert "5" not in [i for i, *_ in _ranked(hnsw, old)[:1]]
    for engine in (exact, hnsw):
        engine.remove(["5"])
    assert "5" not in {i for i, *_ in _ranked(hnsw, query)}
    assert _ranked(hnsw, query) == _ranked(exact, query)
    # removed rows leave the graph at once, not at the next compaction
    graph = hnsw.dense_.graph  # type: ignore[attr-defined]
    assert len(graph) == sum(len(hnsw.passages_of(d)) for d in hnsw.documents_.values())


def test_compaction_keeps_the_graph_pointing_at_the_right_rows() -> None:
    docs = [_doc(n) for n in range(1500)]
    exact, hnsw = _engines(docs)
    gone = [str(n) for n in range(1500) if n % 4]  # more than 1,000 and a third: compacts
    for engine in (exact, hnsw):
        engine.remove(gone)
    assert hnsw.slots_.dead == 0
    for n in (0, 776, 1496):
        query = hnsw.passages_of(docs[n])[2]
        assert _ranked(hnsw, query) == _ranked(exact, query)
        assert _ranked(hnsw, query)[0][0] == str(n)


def test_a_saved_graph_is_adopted_and_reconciled(tmp_path: Path) -> None:
    docs = [_doc(n) for n in range(300)]
    _, first = _engines(docs)
    labels = [p for d in docs for p in first.passages_of(d)]
    first.dense_.save_graph(tmp_path / "g.usearch", labels)  # type: ignore[attr-defined]
    # another process, after item 3 changed and item 4 was deleted
    changed = [_doc(n) for n in range(300) if n != 4]
    changed[3] = Document("3", "Zeolite membranes", "Zeolite membranes separate salt.")
    exact = MatchEngine(encoder=WideHashEncoder(), rescorer="none").fit(changed)
    second = MatchEngine(
        encoder=WideHashEncoder(), rescorer="none", dense_index="hnsw", ann_options=GRAPH
    )
    labels = [p for d in changed for p in second.passages_of(d)]
    assert second.dense_.adopt(tmp_path / "g.usearch", labels)  # type: ignore[attr-defined]
    second.add(changed)
    graph = second.dense_.graph  # type: ignore[attr-defined]
    assert len(graph) == len(labels)
    for query in ("Zeolite membranes separate salt.", second.passages_of(docs[4])[1], "item 9"):
        assert _ranked(second, query) == _ranked(exact, query)
    assert _ranked(second, "Zeolite membranes separate salt.")[0][0] == "3"


def test_a_missing_or_foreign_graph_file_is_ignored(tmp_path: Path) -> None:
    store = HnswVectors()
    assert not store.adopt(tmp_path / "none.usearch", ["a"])
    (tmp_path / "bad.usearch").write_bytes(b"not a graph")
    (tmp_path / "bad.json").write_text("{}")
    assert not store.adopt(tmp_path / "bad.usearch", ["a"])


def test_bad_options_name_the_argument() -> None:
    with pytest.raises(ValueError, match="dense_index"):
        MatchEngine(dense_index="pgvector")
    with pytest.raises(ValueError, match="ann_options: neighbours"):
        MatchEngine(dense_index="hnsw", ann_options={"neighbours": 50})  # depth is 100
    with pytest.raises(ValueError, match="graph_dtype"):
        HnswVectors(graph_dtype="f64")
    with pytest.raises(ValueError, match="labels"):
        store = HnswVectors()
        store.append(np.eye(4, dtype=np.float32), np.ones(4, dtype=np.int64))
        store.save_graph("/tmp/unused.usearch", ["a"])
