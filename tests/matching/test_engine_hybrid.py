"""Hybrid and dense modes with the packaged MiniLM on a small SciFact slice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from innofield.matching import Document, EmbeddingCache, MatchEngine, MiniLMEncoder


@pytest.fixture(scope="module")
def small(scifact_slice):  # type: ignore[no-untyped-def]
    docs, queries, qrels = scifact_slice
    qids = list(queries)[:12]
    wanted = {d for q in qids for d in qrels[q]}
    picked = [d for d in docs if d.id in wanted] + [d for d in docs if d.id not in wanted][:60]
    return picked, {q: queries[q] for q in qids}, {q: qrels[q] for q in qids}


@pytest.fixture(scope="module")
def hybrid(small, tmp_path_factory):  # type: ignore[no-untyped-def]
    cache = tmp_path_factory.mktemp("emb")
    return MatchEngine(mode="hybrid", encoder="minilm", cache_dir=cache).fit(small[0])


def test_hybrid_finds_relevant_documents(hybrid, small) -> None:  # type: ignore[no-untyped-def]
    _, queries, qrels = small
    hits = sum(
        bool({r.id for r in hybrid.search(t, k=5)} & set(qrels[q])) for q, t in queries.items()
    )
    assert hits >= 0.75 * len(queries)


def test_explanation_carries_both_retrievers(hybrid, small) -> None:  # type: ignore[no-untyped-def]
    _, queries, _ = small
    top = hybrid.search(next(iter(queries.values())), k=3)[0].explanation
    assert top.fusion.startswith("convex combination")
    assert top.cosine is not None and -1.0 <= top.cosine <= 1.0 and top.cosine_rank is not None
    assert top.bm25 is not None and top.matched_terms
    assert set(top.as_dict()) >= {"matched_terms", "bm25", "cosine", "fusion", "levers"}


def test_semantic_match_without_shared_words() -> None:
    docs = [
        Document("car", "Automobile engine repair", "garage service for motor vehicles"),
        Document("bake", "Bread baking course", "learn to make sourdough loaves"),
    ]
    engine = MatchEngine(mode="dense", encoder="minilm").fit(docs)
    assert engine.search("fixing a broken car")[0].id == "car"
    hybrid = MatchEngine(mode="hybrid", encoder="minilm").fit(docs)
    assert hybrid.search("fixing a broken car")[0].id == "car"


def test_filters_and_updates_in_hybrid_mode(hybrid, small) -> None:  # type: ignore[no-untyped-def]
    docs, queries, _ = small
    text = next(iter(queries.values()))
    allowed = {d.id for d in docs[-10:]}
    assert {r.id for r in hybrid.search(text, k=10, allowed_ids=allowed)} == allowed
    first = hybrid.search(text, k=1)[0].id
    old = hybrid.documents_[first]
    hybrid.update([Document(first, "Unrelated", "tax law of medieval guilds")])
    assert hybrid.search(text, k=1)[0].id != first
    hybrid.update([old])
    assert hybrid.search(text, k=1)[0].id == first


def test_cache_skips_unchanged_documents(tmp_path: Path) -> None:
    class Counting:
        name, dim = "counting", 3

        def __init__(self) -> None:
            self.seen = 0

        def encode_documents(self, texts):  # type: ignore[no-untyped-def]
            self.seen += len(texts)
            return np.tile(np.array([1.0, 0.0, 0.0], dtype=np.float32), (len(texts), 1))

        encode_queries = encode_documents

    encoder = Counting()
    docs = [Document("1", "a", "alpha"), Document("2", "b", "beta")]
    MatchEngine(encoder=encoder, cache_dir=tmp_path).fit(docs)
    MatchEngine(encoder=encoder, cache_dir=tmp_path).fit([*docs, Document("3", "c", "gamma")])
    assert encoder.seen == 3
    assert EmbeddingCache(tmp_path).embed(encoder, ["a. alpha"]).shape == (1, 3)


def test_progress_is_reported_per_chunk_and_changes_nothing() -> None:
    class Hashing:
        name, dim = "hashing", 8

        def encode_documents(self, texts):  # type: ignore[no-untyped-def]
            digests = [hashlib.sha256(t.encode()).digest()[:8] for t in texts]
            return np.array([list(d) for d in digests], dtype=np.float32).reshape(-1, 8) / 255

        encode_queries = encode_documents

    sentences = " ".join(f"Sentence number {i} is here." for i in range(5))
    docs = [Document(str(n), f"Title {n}", sentences) for n in range(300)]  # 1,500 passages
    calls: list[tuple[int, int]] = []
    reported = MatchEngine(encoder=Hashing()).fit(docs, progress=lambda d, t: calls.append((d, t)))
    silent = MatchEngine(encoder=Hashing()).fit(docs)
    assert calls == [(1024, 1500), (1500, 1500)]
    np.testing.assert_array_equal(reported.dense_.vectors, silent.dense_.vectors)


def test_hybrid_save_load_keeps_vectors(hybrid, small, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, queries, _ = small
    text = list(queries.values())[1]
    hybrid.save(tmp_path)
    loaded = MatchEngine.load(tmp_path)
    assert [r.id for r in loaded.search(text)] == [r.id for r in hybrid.search(text)]


def test_query_path_gives_the_document_vectors(scifact) -> None:  # type: ignore[no-untyped-def]
    """Queries go through a frozen, traced transformer; the vectors must not change."""
    docs, queries, _ = scifact
    long_text = docs[0].text * 4  # well past 256 word pieces: truncated the same way
    texts = [*list(queries.values())[:5], long_text, "基于BERT的专利检索", "x"]
    encoder = MiniLMEncoder(precision="fp32", query_precision="fp32")
    as_documents = encoder.encode_documents(texts)
    as_queries = encoder.encode_queries(texts)
    assert as_queries.shape == (len(texts), 384)
    np.testing.assert_allclose((as_documents * as_queries).sum(axis=1), 1.0, atol=1e-5)
    quantized = MiniLMEncoder(quantize=True)  # no frozen path: the sentence-transformers one
    assert quantized._query_module() is None
    # bfloat16 products (native on AVX512-BF16/AMX CPUs, emulated elsewhere) on both paths
    half = MiniLMEncoder(precision="bf16", query_precision="bf16")
    assert half.bf16 and half.query_bf16
    for vectors in (half.encode_documents(texts), half.encode_queries(texts)):
        assert vectors.dtype == np.float32
        assert float((vectors * as_documents).sum(axis=1).min()) > 0.9995


def test_encoder_precision_is_checked() -> None:
    with pytest.raises(ValueError, match="^precision"):
        MiniLMEncoder(precision="fp16")
    with pytest.raises(ValueError, match="^query_precision"):
        MiniLMEncoder(query_precision="half")
    assert not MiniLMEncoder().bf16  # documents: float32 unless asked
    assert not MiniLMEncoder(query_precision="fp32").query_bf16
    assert not MiniLMEncoder(precision="bf16", quantize=True).bf16  # int8 takes precedence


def test_search_holds_blas_to_one_thread_and_restores_it(hybrid, small) -> None:  # type: ignore[no-untyped-def]
    """numpy's spinning BLAS threads took a core from the query encoders (blas.py)."""
    from threadpoolctl import threadpool_info, threadpool_limits

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    seen: list[set[int]] = []
    score = hybrid.dense_.score
    hybrid.dense_.score = lambda *args: (seen.append(blas_threads()), score(*args))[1]
    query = next(iter(small[1].values()))
    try:
        with threadpool_limits(limits=2, user_api="blas"):
            hybrid.search(query, k=5)
            after = blas_threads()
            hybrid.fusion = "rrf"  # one encoder: BLAS keeps its threads for the products
            hybrid.search(query, k=5)
    finally:
        del hybrid.dense_.score
        hybrid.fusion = "convex"
    assert hybrid.rescorer_ is not None
    assert seen == [{1}, {2}]
    assert after == {2}
