"""Passages: sentence splitting, windows, best-passage scoring and its bookkeeping."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest

from innofield.matching import Document, MatchEngine
from innofield.matching.passages import passages_of, split_sentences


def test_sentences_split_on_full_stops_also_without_space() -> None:
    text = (
        "Alterations of white matter can affect cortical development.A line scan was "
        "applied (MRI). The dose was 2.5 mg, i.e. low. Results? Mixed!"
    )
    assert split_sentences(text) == [
        "Alterations of white matter can affect cortical development.",
        "A line scan was applied (MRI).",
        "The dose was 2.5 mg, i.e. low.",
        "Results?",
        "Mixed!",
    ]


def test_chinese_sentences() -> None:
    text = "本项目研发高镍三元正极材料。成果已在企业完成中试！下一步：推广到储能电池；欢迎合作"
    assert split_sentences(text) == [
        "本项目研发高镍三元正极材料。",
        "成果已在企业完成中试！",
        "下一步：推广到储能电池；",
        "欢迎合作",
    ]


def test_short_document_is_one_passage_equal_to_its_embedding_text() -> None:
    doc = Document("1", "Perovskite cells", "Stable films. Printed at low cost.", {"kw": "PV"})
    assert passages_of(doc, 2) == [doc.embedding_text()]
    assert passages_of(doc, 0) == [doc.embedding_text()]


def test_windows_overlap_carry_title_and_fields_and_cover_the_end() -> None:
    text = " ".join(f"Sentence number {n} ends here." for n in range(1, 7))
    doc = Document("1", "Title", text, {"keywords": "kw"})
    two = passages_of(doc, 2)
    assert len(two) == 5
    assert two[0] == "Title. Sentence number 1 ends here. Sentence number 2 ends here.. kw"
    assert all(p.startswith("Title. ") and p.endswith(". kw") for p in two)
    three = passages_of(doc, 3)  # stride 2: sentences 1-3, 3-5, then 4-6 for the tail
    assert [p.count("Sentence") for p in three] == [3, 3, 3]
    assert "number 6" in three[-1] and "number 4" in three[-1]


class HashEncoder:
    """A deterministic stand-in: each distinct text gets its own random unit vector."""

    name, dim = "hash", 16

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for t in texts:
            seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dim)
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32).reshape(-1, self.dim)

    encode_queries = encode_documents


def _doc(n: int) -> Document:
    text = f"First claim of item {n}. Second claim of item {n}. Third claim of item {n}."
    return Document(str(n), f"Item {n}", text)


def test_vectors_must_have_one_row_per_passage() -> None:
    engine = MatchEngine(mode="dense", encoder=HashEncoder())
    with pytest.raises(ValueError, match="vectors: expected 3 rows"):
        engine.add([_doc(1)], vectors=np.zeros((1, 16), dtype=np.float32))
    assert len(engine) == 0


def test_engine_given_vectors_still_encodes_queries() -> None:
    """Vectors supplied by the caller (a store, the platform) need no encoder poking."""
    docs = [_doc(n) for n in range(20)]
    engine = MatchEngine(mode="hybrid", encoder=HashEncoder(), rescorer="none")
    engine.add(docs, vectors=HashEncoder().encode_documents)
    query = engine.passages_of(docs[7])[2]  # "Item 7. Third claim of item 7."
    top = engine.search(query, k=3)[0]
    assert top.id == "7"
    assert top.explanation.cosine == pytest.approx(1.0, abs=1e-5)  # the dense half ran


def test_best_passage_scores_and_survives_compaction() -> None:
    docs = [_doc(n) for n in range(1600)]
    engine = MatchEngine(mode="dense", encoder=HashEncoder()).fit(docs)
    assert engine.dense_.vectors.shape == (4800, 16)  # one passage per sentence
    query = engine.passages_of(docs[1500])[1]  # the second passage of item 1500
    hit = engine.search(query, k=1)[0]
    assert hit.id == "1500" and hit.explanation.cosine == pytest.approx(1.0, abs=1e-5)
    assert hit.explanation.passage == query
    engine.remove([str(n) for n in range(1200)])  # dead slots > 1000: compacted
    assert engine.slots_.size == 400 and engine.dense_.vectors.shape == (1200, 16)
    fresh = MatchEngine(mode="dense", encoder=HashEncoder()).fit(docs[1200:])
    for n in (1200, 1500, 1599):
        text = engine.passages_of(docs[n])[0]
        assert [r.id for r in engine.search(text)] == [r.id for r in fresh.search(text)]
        assert engine.search(text, k=1)[0].id == str(n)


def test_long_abstract_is_found_by_its_last_sentence(scifact) -> None:  # type: ignore[no-untyped-def]
    """MiniLM reads 256 word pieces; the last sentence of a long abstract is beyond them."""
    docs = scifact[0]
    long_doc = next(d for d in docs if len(d.text) > 2400 and len(split_sentences(d.text)) >= 12)
    others = [d for d in docs[:40] if d.id != long_doc.id]
    last = split_sentences(long_doc.text)[-1]
    whole = MatchEngine(mode="dense", encoder="minilm", passage_sentences=0).fit(
        [long_doc, *others]
    )
    parts = MatchEngine(mode="dense", encoder="minilm").fit(  # default: sentence passages
        [long_doc, *others]
    )
    before = next(r for r in whole.search(last, k=41) if r.id == long_doc.id)
    after = parts.search(last, k=1)[0]
    assert after.id == long_doc.id
    assert after.explanation.passage is not None and last in after.explanation.passage
    assert after.explanation.cosine is not None and before.explanation.cosine is not None
    assert after.explanation.cosine > before.explanation.cosine + 0.1


def test_saved_engine_round_trips_passages_and_rejects_cut_vectors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs = [_doc(n) for n in range(5)]
    engine = MatchEngine(mode="dense", encoder=HashEncoder()).fit(docs)
    engine.save(tmp_path)
    query = engine.passages_of(docs[3])[2]
    loaded = MatchEngine.load(tmp_path, encoder=HashEncoder())
    assert loaded.search(query, k=1)[0].explanation.passage == query
    np.save(tmp_path / "vectors.npy", np.load(tmp_path / "vectors.npy")[:-1])
    with pytest.raises(ValueError, match=r"directory: .* \(vectors: expected 15 rows"):
        MatchEngine.load(tmp_path, encoder=HashEncoder())
