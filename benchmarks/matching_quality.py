"""Matching quality on SciFact train: 5-fold cross-validated nDCG@10 per mode.

For every configuration in a small grid the per-query nDCG@10 is computed once
on all train queries; each fold then picks the configuration that is best on the
other four folds and is scored on its own queries. The mean over folds is the
CV figure (an honest estimate for unseen queries); the in-sample figure of the
shipped defaults is printed beside it. Dense and hybrid run with the default
sentence passages and, for comparison, with one vector per whole document
(``passage_sentences=0``). Embeddings are cached on disk.

    .venv/bin/python benchmarks/matching_quality.py [--data DIR] [--cache DIR]
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from innofield.matching import MatchEngine, MiniLMEncoder
from innofield.matching.encoders import PRECISIONS
from innofield.matching.evaluation import load_corpus, load_qrels, load_queries, ndcg_at_k

FOLDS = 5


class MemoQueries(MiniLMEncoder):
    """MiniLM that remembers query vectors, so a grid re-uses one encoding per query."""

    def __init__(self, precision: str = "fp32") -> None:
        super().__init__(precision=precision)
        self.memo: dict[str, np.ndarray] = {}

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Encode queries not seen before; return all from the memo."""
        new = [t for t in texts if t not in self.memo]
        if new:
            for t, v in zip(new, super().encode_queries(new), strict=True):
                self.memo[t] = v
        return np.stack([self.memo[t] for t in texts])


def per_query(engine: MatchEngine, queries: dict[str, str], qrels: dict) -> np.ndarray:  # type: ignore[type-arg]
    """nDCG@10 of every query, in the order of ``queries``."""
    return np.array(
        [
            ndcg_at_k([r.id for r in engine.search(t, k=10, explain=False)], qrels[q])
            for q, t in queries.items()
        ]
    )


def cross_validate(table: dict[tuple, np.ndarray], folds: np.ndarray) -> tuple[float, list]:  # type: ignore[type-arg]
    """Mean held-out nDCG@10 when each fold picks the best configuration on the others."""
    scores, picks = [], []
    for f in range(FOLDS):
        train = folds != f
        best = max(table, key=lambda key: table[key][train].mean())
        picks.append(best)
        scores.append(table[best][~train].mean())
    return float(np.mean(scores)), picks


def main() -> None:
    """Run the grids and print CV figures per mode."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scifact"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/innofield-embeddings"))
    parser.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="fp32",
        help="document embedding arithmetic (bf16: faster on CPUs with AVX512-BF16/AMX); "
        "use a separate --cache per precision, the cache does not tell them apart",
    )
    args = parser.parse_args()
    docs = load_corpus(args.data / "corpus.jsonl")
    all_queries = load_queries(args.data / "queries.jsonl")
    qrels = load_qrels(args.data / "qrels" / "train.tsv")
    queries = {q: all_queries[q] for q in qrels if q in all_queries}
    folds = np.random.default_rng(0).permutation(len(queries)) % FOLDS
    print(f"SciFact train: {len(queries)} queries, {len(docs)} docs, {os.cpu_count()} cores")

    bm25: dict[tuple, np.ndarray] = {}  # type: ignore[type-arg]
    for k1, b, tw in itertools.product([0.9, 1.2, 1.5], [0.6, 0.75, 0.9], [1.0, 2.0, 3.0]):
        engine = MatchEngine(mode="bm25", k1=k1, b=b, title_weight=tw).fit(docs)
        bm25[(k1, b, tw)] = per_query(engine, queries, qrels)
    cv, picks = cross_validate(bm25, folds)
    default = bm25[(1.2, 0.75, 2.0)].mean()
    print(f"bm25    CV nDCG@10 {cv:.4f}  defaults in-sample {default:.4f}  picks {picks}")

    encoder = MemoQueries(args.precision)
    for passages in (0, 1, 2):
        start = time.perf_counter()
        dense = MatchEngine(
            mode="dense", encoder=encoder, cache_dir=args.cache, passage_sentences=passages
        )
        dense.fit(docs)
        took = time.perf_counter() - start
        dense_q = per_query(dense, queries, qrels)
        print(
            f"dense   passages={passages} nDCG@10 {dense_q.mean():.4f} (no parameters; CV = "
            f"in-sample; {len(dense.dense_.vectors)} vectors embedded or loaded in {took:.0f} s)"
        )
        whole = MatchEngine(
            mode="hybrid", encoder=encoder, cache_dir=args.cache, passage_sentences=passages
        )
        whole_q = per_query(whole.fit(docs), queries, qrels)
        print(f"hybrid  passages={passages} alpha 0.55 nDCG@10 {whole_q.mean():.4f}")

    hybrid: dict[tuple, np.ndarray] = {}  # type: ignore[type-arg]
    rrf = MatchEngine(mode="hybrid", fusion="rrf", encoder=encoder, cache_dir=args.cache)
    rrf_q = per_query(rrf.fit(docs), queries, qrels)
    print(f"naive   RRF(k=60) nDCG@10 {rrf_q.mean():.4f} (no parameters)")
    for alpha in np.round(np.arange(0.3, 0.81, 0.05), 2):
        engine = MatchEngine(
            mode="hybrid", alpha=float(alpha), encoder=encoder, cache_dir=args.cache
        )
        hybrid[(float(alpha),)] = per_query(engine.fit(docs), queries, qrels)
    cv, picks = cross_validate(hybrid, folds)
    default_h = per_query(
        MatchEngine(mode="hybrid", encoder=encoder, cache_dir=args.cache).fit(docs), queries, qrels
    ).mean()
    curve = "  ".join(f"{a[0]:.2f}:{v.mean():.4f}" for a, v in hybrid.items())
    print(f"hybrid  CV nDCG@10 {cv:.4f}  defaults in-sample {default_h:.4f}  picks {picks}")
    print(f"hybrid  alpha curve {curve}")


if __name__ == "__main__":
    main()
