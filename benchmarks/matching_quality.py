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
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from innofield.matching import E5SmallEncoder, MatchEngine, MiniLMEncoder
from innofield.matching.encoders import PRECISIONS
from innofield.matching.engine import RESCORE_TOKENS
from innofield.matching.evaluation import load_corpus, load_qrels, load_queries, ndcg_at_k

FOLDS = 5


class Memo:
    """Remembers query vectors, so a grid re-uses one encoding per query."""

    def remember(
        self, texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]
    ) -> np.ndarray:
        """Encode queries not seen before; return all from the memo."""
        memo: dict[str, np.ndarray] = self.__dict__.setdefault("memo", {})
        new = [t for t in texts if t not in memo]
        if new:
            memo.update(zip(new, encode(new), strict=True))
        return np.stack([memo[t] for t in texts])


class MemoQueries(MiniLMEncoder, Memo):
    """MiniLM with a query memo."""

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, each encoded once."""
        return self.remember(texts, super().encode_queries)


class MemoE5(E5SmallEncoder, Memo):
    """The re-scoring e5 with a query memo."""

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, each encoded once."""
        return self.remember(texts, super().encode_queries)


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


def single_modes(docs, queries, qrels, folds, encoder, cache) -> None:  # type: ignore[no-untyped-def]
    """BM25 grid (CV) and dense/two-signal hybrid per passage granularity (in-sample)."""
    bm25: dict[tuple, np.ndarray] = {}  # type: ignore[type-arg]
    for k1, b, tw in itertools.product([0.9, 1.2, 1.5], [0.6, 0.75, 0.9], [1.0, 2.0, 3.0]):
        engine = MatchEngine(mode="bm25", k1=k1, b=b, title_weight=tw).fit(docs)
        bm25[(k1, b, tw)] = per_query(engine, queries, qrels)
    cv, picks = cross_validate(bm25, folds)
    default = bm25[(1.2, 0.75, 2.0)].mean()
    print(f"bm25    CV nDCG@10 {cv:.4f}  defaults in-sample {default:.4f}  picks {picks}")

    for passages in (0, 1, 2):
        start = time.perf_counter()
        dense = MatchEngine(
            mode="dense", encoder=encoder, cache_dir=cache, passage_sentences=passages
        )
        dense.fit(docs)
        took = time.perf_counter() - start
        dense_q = per_query(dense, queries, qrels)
        print(
            f"dense   passages={passages} nDCG@10 {dense_q.mean():.4f} (no parameters; CV = "
            f"in-sample; {len(dense.dense_.vectors)} vectors embedded or loaded in {took:.0f} s)"
        )
        whole = MatchEngine(
            mode="hybrid",
            encoder=encoder,
            cache_dir=cache,
            passage_sentences=passages,
            rescorer="none",
        )
        whole_q = per_query(whole.fit(docs), queries, qrels)
        print(f"hybrid  passages={passages} alpha 0.55, two signals nDCG@10 {whole_q.mean():.4f}")


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
    parser.add_argument("--hybrid-only", action="store_true", help="skip the BM25 and dense grids")
    args = parser.parse_args()
    docs = load_corpus(args.data / "corpus.jsonl")
    all_queries = load_queries(args.data / "queries.jsonl")
    qrels = load_qrels(args.data / "qrels" / "train.tsv")
    queries = {q: all_queries[q] for q in qrels if q in all_queries}
    folds = np.random.default_rng(0).permutation(len(queries)) % FOLDS
    print(f"SciFact train: {len(queries)} queries, {len(docs)} docs, {os.cpu_count()} cores")

    encoder = MemoQueries(precision=args.precision)
    if not args.hybrid_only:
        single_modes(docs, queries, qrels, folds, encoder, args.cache)
    hybrid: dict[tuple, np.ndarray] = {}  # type: ignore[type-arg]
    rrf = MatchEngine(mode="hybrid", fusion="rrf", encoder=encoder, cache_dir=args.cache)
    rrf_q = per_query(rrf.fit(docs), queries, qrels)
    print(f"naive   RRF(k=60) nDCG@10 {rrf_q.mean():.4f} (no parameters)")
    for alpha in np.round(np.arange(0.3, 0.81, 0.05), 2):
        engine = MatchEngine(
            mode="hybrid",
            alpha=float(alpha),
            encoder=encoder,
            cache_dir=args.cache,
            rescorer="none",
        )
        hybrid[(float(alpha), 0.0)] = per_query(engine.fit(docs), queries, qrels)
    cv, picks = cross_validate(hybrid, folds)
    curve = "  ".join(f"{a[0]:.2f}:{v.mean():.4f}" for a, v in hybrid.items())
    print(f"hybrid  two signals CV nDCG@10 {cv:.4f}  picks {picks}")
    print(f"hybrid  two signals alpha curve {curve}")

    e5 = MemoE5(max_tokens=RESCORE_TOKENS)
    for alpha, weight in itertools.product([0.45, 0.5, 0.55, 0.6], [0.1, 0.15, 0.2, 0.25, 0.3]):
        engine = MatchEngine(
            mode="hybrid",
            alpha=alpha,
            encoder=encoder,
            cache_dir=args.cache,
            rescorer=e5,
            rescore_weight=weight,
        )
        hybrid[(alpha, weight)] = per_query(engine.fit(docs), queries, qrels)
        print(
            f"hybrid  alpha {alpha:.2f} e5 weight {weight:.2f}: "
            f"{hybrid[(alpha, weight)].mean():.4f}"
        )
    cv, picks = cross_validate(hybrid, folds)
    default = MatchEngine()
    default_h = hybrid[(default.alpha, default.rescore_weight)].mean()
    print(
        f"hybrid  CV nDCG@10 {cv:.4f} (grid incl. two signals)  defaults in-sample "
        f"{default_h:.4f}  picks (alpha, e5 weight) {picks}"
    )


if __name__ == "__main__":
    main()
