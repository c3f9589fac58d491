"""Fixtures for the matching tests: SciFact slices (a test fails when the data is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.shared_data import SHARED_DATA, require

from innofield.matching import Document
from innofield.matching.evaluation import load_corpus, load_qrels, load_queries

SCIFACT = SHARED_DATA / "scifact"
ZH_CORPUS = Path(__file__).with_name("zh_corpus.jsonl")


@pytest.fixture(scope="session")
def scifact() -> tuple[list[Document], dict[str, str], dict[str, dict[str, int]]]:
    """SciFact corpus, train queries and train qrels; skips when ../shared is missing."""
    require(SCIFACT / "corpus.jsonl", "SciFact (BEIR)")
    return (
        load_corpus(SCIFACT / "corpus.jsonl"),
        load_queries(SCIFACT / "queries.jsonl"),
        load_qrels(SCIFACT / "qrels" / "train.tsv"),
    )


@pytest.fixture(scope="session")
def scifact_slice(scifact):  # type: ignore[no-untyped-def]
    """The documents judged for the first 40 train queries plus 400 others, and those queries."""
    docs, queries, qrels = scifact
    qids = [q for q in qrels if q in queries][:40]
    wanted = {d for q in qids for d in qrels[q]}
    picked = [d for d in docs if d.id in wanted]
    picked += [d for d in docs if d.id not in wanted][: 440 - len(picked)]
    return picked, {q: queries[q] for q in qids}, {q: qrels[q] for q in qids}


@pytest.fixture(scope="session")
def zh_docs() -> list[Document]:
    """The Chinese mini-corpus (10 catalog-like items, some with English terms)."""
    rows = [json.loads(line) for line in ZH_CORPUS.read_text(encoding="utf-8").splitlines()]
    return [Document(r["id"], r["title"], r["text"]) for r in rows]


@pytest.fixture(scope="session")
def zh_regions() -> dict[str, str]:
    """Home region of each item of the Chinese mini-corpus (for filter tests)."""
    rows = [json.loads(line) for line in ZH_CORPUS.read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r["region"] for r in rows}
