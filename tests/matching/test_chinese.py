"""Chinese and mixed zh/en matching on the mini-corpus in zh_corpus.jsonl."""

from __future__ import annotations

import pytest

from innofield.matching import E5SmallEncoder, MatchEngine


@pytest.fixture(scope="module")
def bm25(zh_docs):  # type: ignore[no-untyped-def]
    return MatchEngine(mode="bm25").fit(zh_docs)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("动力电池正极材料", "zh1"),
        ("光伏 薄膜", "zh2"),
        ("电镜 共享 能谱分析", "zh4"),
        ("知识产权 质押融资", "zh6"),
        ("BERT 专利检索", "zh10"),
        ("GPU 大模型 训练", "zh8"),
    ],
)
def test_chinese_queries_find_the_item(bm25, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    results = bm25.search(query, k=3)
    assert results[0].id == expected
    assert results[0].explanation.matched_terms


def test_matched_terms_name_the_fields(bm25) -> None:  # type: ignore[no-untyped-def]
    why = bm25.search("钙钛矿 光伏", k=1)[0].explanation
    assert why.matched_terms["钙钛矿"] == ["title", "text"]
    assert why.matched_terms["光伏"] == ["text"]


def test_region_filter_is_honoured(bm25, zh_regions) -> None:  # type: ignore[no-untyped-def]
    allowed = [i for i, r in zh_regions.items() if r == "jiangsu"]
    results = bm25.search("电池 专利 服务", k=10, allowed_ids=allowed)
    assert results and all(zh_regions[r.id] == "jiangsu" for r in results)


def test_auto_encoder_picks_the_multilingual_model(zh_docs) -> None:  # type: ignore[no-untyped-def]
    engine = MatchEngine(mode="hybrid").fit(zh_docs)
    assert engine.encoder_ is not None and isinstance(engine.encoder_, E5SmallEncoder)
    assert engine.search("新能源汽车电池", k=1)[0].id == "zh1"
    assert engine.search("显微镜预约", k=1)[0].id == "zh4"
    assert engine.search("semiconductor wastewater membrane", k=1)[0].id == "zh9"


def test_an_english_encoder_leaves_chinese_queries_to_bm25(zh_docs, bm25) -> None:  # type: ignore[no-untyped-def]
    engine = MatchEngine(mode="hybrid", encoder="minilm").fit(zh_docs)
    query = "电池 专利 服务"
    got = engine.search(query, k=5)
    assert [r.id for r in got] == [r.id for r in bm25.search(query, k=5)]
    why = got[0].explanation
    assert why.cosine is None and why.fusion == "bm25 only: the encoder does not read zh queries"
    mixed = engine.search("BERT 专利检索", k=3)[0].explanation  # enough English to read
    assert mixed.cosine is not None and mixed.fusion.startswith("convex")
