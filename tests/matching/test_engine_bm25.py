"""MatchEngine in bm25 mode on real SciFact text: ranking, filters, updates, errors."""

from __future__ import annotations

import pytest

from innofield.matching import Document, MatchEngine
from innofield.matching.encoders import make_encoder


@pytest.fixture(scope="module")
def engine(scifact_slice):  # type: ignore[no-untyped-def]
    docs, _, _ = scifact_slice
    return MatchEngine(mode="bm25").fit(docs)


def _hit_rate(engine: MatchEngine, queries: dict[str, str], qrels, k: int) -> float:  # type: ignore[no-untyped-def]
    hits = 0
    for qid, text in queries.items():
        ids = {r.id for r in engine.search(text, k=k)}
        hits += bool(ids & set(qrels[qid]))
    return hits / len(queries)


def test_known_relevant_documents_rank_in_top_10(engine, scifact_slice) -> None:  # type: ignore[no-untyped-def]
    _, queries, qrels = scifact_slice
    assert _hit_rate(engine, queries, qrels, k=10) >= 0.8


def test_results_are_ranked_and_explained(engine, scifact_slice) -> None:  # type: ignore[no-untyped-def]
    _, queries, qrels = scifact_slice
    qid, text = next(iter(queries.items()))
    results = engine.search(text, k=5)
    assert [r.rank for r in results] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(results, results[1:], strict=False))
    top = results[0].explanation
    assert top.matched_terms and all(
        set(fields) <= {"title", "text"} for fields in top.matched_terms.values()
    )
    assert top.bm25_rank == 1 and top.cosine is None and top.fusion == "bm25 only"


def test_filters_apply_before_ranking(engine, scifact_slice) -> None:  # type: ignore[no-untyped-def]
    _, queries, _ = scifact_slice
    text = next(iter(queries.values()))
    full = [r.id for r in engine.search(text, k=50)]
    # Only documents ranked 41-50 pass the filter: a filter applied after a
    # top-10 cut would return nothing; scoring within the allowed set returns
    # them in their original order.
    allowed = set(full[40:])
    results = engine.search(text, k=3, allowed_ids=allowed)
    assert [r.id for r in results] == full[40:43]
    assert all(r.explanation.filtered for r in results)
    assert engine.search(text, allowed_ids=[]) == []
    assert engine.search(text, allowed_ids=["no-such-id"]) == []


def test_boost_is_a_recorded_lever(engine, scifact_slice) -> None:  # type: ignore[no-untyped-def]
    _, queries, _ = scifact_slice
    text = next(iter(queries.values()))
    plain = engine.search(text, k=5)
    third = plain[2].id
    boosted = engine.search(text, k=5, boosts={third: 1000.0})
    assert boosted[0].id == third
    assert boosted[0].explanation.levers == {"boost": 1000.0}
    assert plain[0].explanation.levers == {}


def test_index_follows_update_and_remove() -> None:
    engine = MatchEngine(mode="bm25").fit(
        [
            Document("a", "Graphene membranes", "desalination of sea water"),
            Document("b", "Battery recycling", "recovery of lithium and cobalt"),
        ]
    )
    assert engine.search("graphene")[0].id == "a"
    engine.update([Document("a", "Ceramic filters", "water treatment for villages")])
    assert engine.search("graphene") == []
    assert engine.search("ceramic water")[0].id == "a"
    engine.add([Document("c", "Graphene inks", "printed electronics")])
    assert [r.id for r in engine.search("graphene")] == ["c"]
    engine.remove(["b"])
    assert engine.search("lithium") == [] and len(engine) == 2
    with pytest.raises(KeyError, match="not indexed"):
        engine.remove(["b"])
    with pytest.raises(ValueError, match="already indexed"):
        engine.add([Document("c", "dup", "dup")])


def test_removing_many_compacts_and_keeps_ranking() -> None:
    docs = [Document(str(i), f"item {i}", f"common words number{i}") for i in range(3000)]
    engine = MatchEngine(mode="bm25").fit(docs)
    engine.remove([str(i) for i in range(2500)])
    assert len(engine) == 500 and engine.lexical_.size == 500
    assert engine.search("number2999")[0].id == "2999"
    allowed = {"7", "2600", "2999"}  # "7" was removed before the compaction
    assert {r.id for r in engine.search("common", allowed_ids=allowed)} == {"2600", "2999"}
    engine.add([Document("7", "item 7 again", "common words")])  # an id may come back
    assert {r.id for r in engine.search("common", allowed_ids=allowed)} == {"7", "2600", "2999"}


def test_filtered_search_of_an_empty_engine_returns_nothing() -> None:
    assert MatchEngine(mode="bm25").search("sensor", allowed_ids={"1"}) == []
    engine = MatchEngine(mode="bm25").fit([Document("1", "sensor", "fibre")])
    engine.remove(["1"])
    assert engine.search("sensor", allowed_ids={"1"}) == []


def test_bad_input_raises_value_error_naming_the_argument(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="query"):
        engine.search("   ")
    with pytest.raises(ValueError, match="query: 2001 characters"):
        engine.search("x" * 2001)
    with pytest.raises(ValueError, match="k: "):
        engine.search("cancer", k=0)
    with pytest.raises(ValueError, match="mode: unknown mode 'fuzzy'"):
        MatchEngine(mode="fuzzy")
    with pytest.raises(ValueError, match="fusion"):
        MatchEngine(fusion="max")
    with pytest.raises(ValueError, match="alpha"):
        MatchEngine(alpha=2.0)
    with pytest.raises(ValueError, match="non-empty string id"):
        MatchEngine(mode="bm25").fit([Document("", "t", "x")])
    with pytest.raises(ValueError, match="encoder: unknown encoder"):
        MatchEngine(encoder="word2vec")
    with pytest.raises(ValueError, match="max_tokens and query_precision, got precision"):
        make_encoder("e5-small", precision="bf16")


def test_save_and_load_round_trip(engine, scifact_slice, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, queries, _ = scifact_slice
    text = next(iter(queries.values()))
    engine.save(tmp_path / "idx")
    loaded = MatchEngine.load(tmp_path / "idx")
    assert [r.id for r in loaded.search(text)] == [r.id for r in engine.search(text)]
    with pytest.raises(ValueError, match="no saved engine"):
        MatchEngine.load(tmp_path / "nothing")


def test_cached_filter_masks_follow_index_changes() -> None:
    docs = [Document(str(i), f"sensor {i}", "optical fibre sensor") for i in range(5)]
    engine = MatchEngine(mode="bm25").fit(docs)
    allowed = {"1", "2", "9"}
    assert {r.id for r in engine.search("sensor", allowed_ids=allowed)} == {"1", "2"}
    engine.remove(["2"])
    assert {r.id for r in engine.search("sensor", allowed_ids=allowed)} == {"1"}
    engine.add([Document("9", "sensor nine", "fibre")])
    assert {r.id for r in engine.search("sensor", allowed_ids=allowed)} == {"1", "9"}
