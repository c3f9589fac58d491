"""Robustness of the fusion on two collections derived from SciFact (no tuning on them).

SciFact's train claims are the only judged queries here, and the engine's one
fusion parameter was tuned on them. To see whether the hybrid also beats both
single modes and the naive fusion elsewhere, two other tasks are cut from the
same abstracts, each with its own queries and judgements:

* ``title`` — each title is a query for its own abstract, indexed without titles
  (known-item search with short, keyword-like queries);
* ``conclusion`` — the last sentence of each abstract of at least four sentences
  is a query for the rest of that abstract (a paraphrase-like, semantic task).

A random 1,000 queries of each (seed 0) are run in four systems: BM25, dense,
naive reciprocal rank fusion (k=60) and the hybrid at the shipped alpha and a
few others.

    .venv/bin/python benchmarks/matching_derived.py [--data DIR] [--cache DIR] [--precision bf16]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from innofield.matching import Document, MatchEngine, MiniLMEncoder
from innofield.matching.encoders import PRECISIONS
from innofield.matching.evaluation import load_corpus, ndcg_at_k
from innofield.matching.passages import split_sentences

ALPHAS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.7)


def derive(source: list[Document], task: str) -> tuple[list[Document], dict[str, tuple[str, str]]]:
    """The task's documents and its queries as ``{query id: (text, relevant doc id)}``."""
    docs, queries = [], {}
    for d in source:
        if task == "title":
            docs.append(Document(d.id, "", d.text))
            if d.title.strip():
                queries[f"t{d.id}"] = (d.title, d.id)
            continue
        sentences = split_sentences(d.text)
        if len(sentences) >= 4:
            docs.append(Document(d.id, d.title, " ".join(sentences[:-1])))
            queries[f"c{d.id}"] = (sentences[-1], d.id)
        else:
            docs.append(d)
    return docs, queries


def score(engine: MatchEngine, queries: dict[str, tuple[str, str]], picked: list[str]) -> float:
    """Mean nDCG@10 of ``picked`` queries (one relevant document each)."""
    per = []
    for q in picked:
        text, relevant = queries[q]
        ranked = [r.id for r in engine.search(text, k=10, explain=False)]
        per.append(ndcg_at_k(ranked, {relevant: 1}))
    return float(np.mean(per))


def main() -> None:
    """Print nDCG@10 per system for each derived task."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scifact"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/innofield-embeddings-derived"))
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--precision", choices=PRECISIONS, default="fp32")
    args = parser.parse_args()
    source = load_corpus(args.data / "corpus.jsonl")
    print(f"{os.cpu_count()} cores; document precision {args.precision}")
    for task in ("title", "conclusion"):
        docs, queries = derive(source, task)
        rng = np.random.default_rng(0)
        picked = sorted(queries)
        picked = [
            picked[i]
            for i in rng.choice(len(picked), min(args.queries, len(picked)), replace=False)
        ]
        start = time.perf_counter()
        engine = MatchEngine(
            encoder=MiniLMEncoder(precision=args.precision), cache_dir=args.cache
        ).fit(docs)
        took = time.perf_counter() - start

        line = [f"{task}: {len(picked)} queries, {len(docs)} docs, indexed in {took:.0f} s"]
        for mode in ("bm25", "dense"):
            engine.mode = mode
            line.append(f"{mode} {score(engine, queries, picked):.4f}")
        engine.mode, engine.fusion = "hybrid", "rrf"
        line.append(f"naive RRF {score(engine, queries, picked):.4f}")
        engine.fusion = "convex"
        for alpha in ALPHAS:
            engine.alpha = alpha
            line.append(f"hybrid a={alpha} {score(engine, queries, picked):.4f}")
        print("\n  ".join(line), flush=True)


if __name__ == "__main__":
    main()
