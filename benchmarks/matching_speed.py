"""Matching speed: index throughput and hybrid query latency (filters on) at scale.

Synthetic scaling, stated plainly: catalog-like items are cut from SciFact —
item i takes the title of a random SciFact document and a random window of
``--words`` words from another, plus an item number — so vocabulary and term
statistics are those of real scientific text. BM25 indexes every item for real.
Embedding every item would take hours at the larger sizes, so the encoder's
throughput is measured on ``--embed-sample`` real items and extrapolated, and the
vectors of the rest are real sample vectors with Gaussian noise, re-normalised
(exact search costs the same whatever the vectors hold). Items longer than
``--passages`` sentences are embedded as passages (see innofield.matching.passages),
so items/s counts items, each with all its passages. Queries are SciFact
train claims; each search restricts scoring to a random 30 % of the items
(``allowed_ids``) and applies a boost to 1 % of them. Every size is queried
twice in the same process: with the engine's defaults (two-stage semantic
search above ``exact_rows`` passage vectors) and with exact search, as the
baseline.

    .venv/bin/python benchmarks/matching_speed.py --sizes 5000 100000 [1000000]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from functools import partial
from pathlib import Path

import numpy as np

from innofield.matching import Document, E5SmallEncoder, MatchEngine, MiniLMEncoder
from innofield.matching.encoders import PRECISIONS
from innofield.matching.engine import RESCORE_TOKENS
from innofield.matching.evaluation import load_corpus, load_queries

# (int8, precision) pairs that --compare-encoders times at 256 and 128 word pieces
COMPARED = [(False, "fp32"), (False, "bf16"), (True, "fp32")]


def synthetic_items(source: list[Document], n: int, words: int, seed: int = 0) -> list[Document]:
    """``n`` catalog-like items cut from ``source`` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    bodies = [d.text.split() for d in source]
    titles = rng.integers(0, len(source), n)
    texts = rng.integers(0, len(source), n)
    items = []
    for i in range(n):
        body = bodies[texts[i]]
        start = int(rng.integers(0, max(1, len(body) - words)))
        text = " ".join(body[start : start + words]) + f" item{i}"
        items.append(Document(f"i{i}", source[titles[i]].title, text))
    return items


def sample_vectors(
    texts: list[str], base: np.ndarray, rng: np.random.Generator, spent: list[float]
) -> np.ndarray:
    """One real sample vector plus Gaussian noise, re-normalised, per text (time into ``spent``)."""
    start = time.perf_counter()
    vectors = base[rng.integers(0, len(base), len(texts))]
    for lo in range(0, len(texts), 100_000):  # float32 noise in chunks keeps 1M items in memory
        block = vectors[lo : lo + 100_000]
        block += rng.standard_normal(block.shape, dtype=np.float32) * 0.02
        block /= np.linalg.norm(block, axis=1, keepdims=True)
    spent[0] += time.perf_counter() - start
    return vectors


def main() -> None:
    """Print index and query figures per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/scifact"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 100000])
    parser.add_argument("--words", type=int, default=80)
    parser.add_argument("--embed-sample", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--max-seq-length", type=int, default=256)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument(
        "--rescorer",
        choices=("auto", "none"),
        default="auto",
        help="auto: the engine's default e5 re-scoring of the hybrid pool; none: two signals",
    )
    parser.add_argument("--quantize", action="store_true", help="int8 dynamic quantization")
    parser.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="fp32",
        help="document embedding arithmetic, as MiniLMEncoder(precision=...); queries: auto",
    )
    parser.add_argument(
        "--passages",
        type=int,
        default=MatchEngine().passage_sentences,
        help="sentences per passage (0: one vector per item)",
    )
    parser.add_argument(
        "--compare-encoders",
        action="store_true",
        help="also time fp32/bf16/int8 at 128/256 tokens",
    )
    args = parser.parse_args()
    source = load_corpus(args.data / "corpus.jsonl")
    queries = list(load_queries(args.data / "queries.jsonl").values())[: args.queries]
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    print(f"cores: {os.cpu_count()}  items: {args.words} words + SciFact title")
    print(f"load average before: {os.getloadavg()[0]:.1f}")

    sample = synthetic_items(source, args.embed_sample, args.words, seed=1)
    splitter = MatchEngine(passage_sentences=args.passages)
    per_item = [splitter.passages_of(d) for d in sample]
    texts = [p for ps in per_item for p in ps]
    print(f"passages per item: {len(texts) / len(sample):.2f} (--passages {args.passages})")
    if args.compare_encoders:
        reference = None
        variants = [(seq, q, p) for seq in (256, 128) for q, p in COMPARED]
        for seq, quantize, precision in variants:
            other = MiniLMEncoder(max_seq_length=seq, quantize=quantize, precision=precision)
            other.encode_documents(texts[:32])  # load and warm up
            start = time.perf_counter()
            vecs = other.encode_documents(texts)
            other_rate = len(sample) / (time.perf_counter() - start)
            reference = vecs if reference is None else reference
            agree = float(np.mean(np.sum(vecs * reference, axis=1)))
            print(
                f"encoder {other.name} {'bf16' if other.bf16 else 'fp32'}: {other_rate:.1f} "
                f"items/s; cosine to fp32@256 {agree:.4f}"
            )
    encoder = MiniLMEncoder(
        max_seq_length=args.max_seq_length, quantize=args.quantize, precision=args.precision
    )
    encoder.encode_documents(texts[:32])  # load and warm up
    start = time.perf_counter()
    base = encoder.encode_documents(texts)
    rate = len(sample) / (time.perf_counter() - start)
    arithmetic = "bf16" if encoder.bf16 else "fp32"
    print(f"encoder {encoder.name} ({arithmetic}): {rate:.1f} items/s on {len(sample)} real items")
    rescorer, again_rate, again_base = None, float("inf"), np.zeros((0, 0), np.float32)
    if args.rescorer == "auto":
        rescorer = E5SmallEncoder(max_tokens=RESCORE_TOKENS)
        whole = [d.embedding_text() for d in sample]
        rescorer.encode_documents(whole[:16])  # load and warm up
        start = time.perf_counter()
        again_base = rescorer.encode_documents(whole)
        again_rate = len(sample) / (time.perf_counter() - start)
        print(f"re-scorer {rescorer.name}: {again_rate:.1f} items/s on {len(sample)} real items")

    rng = np.random.default_rng(2)
    for n in args.sizes:
        items = synthetic_items(source, n, args.words)
        engine = MatchEngine(
            mode="hybrid",
            encoder=encoder,
            passage_sentences=args.passages,
            rescorer=rescorer or "none",
        )
        start = time.perf_counter()
        sampling = [0.0]  # time spent making sample vectors, not indexing
        engine.add(
            items,
            vectors=partial(sample_vectors, base=base, rng=rng, spent=sampling),
            rescore_vectors=partial(sample_vectors, base=again_base, rng=rng, spent=sampling)
            if rescorer
            else None,
        )
        engine.search("warm up the index", k=10)
        lexical_s = time.perf_counter() - start - sampling[0]
        embed_s = n / rate + n / again_rate
        ids = [d.id for d in items]
        # a filter the platform reuses (e.g. one region) is a frozenset: it hashes once
        allowed = frozenset(rng.choice(ids, size=max(1, int(0.3 * n)), replace=False).tolist())
        boosts = {i: 0.5 for i in rng.choice(ids, size=max(1, n // 100), replace=False).tolist()}
        for label, exact_rows in (("default", engine.exact_rows), ("exact", 2**62)):
            engine.dense_.exact_rows = exact_rows
            latencies, encoding = [], []
            for q in queries:
                engine._queries.clear()  # time the query encoding inside every search
                t0 = time.perf_counter()
                encoder.encode_queries([q])
                t1 = time.perf_counter()
                engine.search(q, k=10, allowed_ids=allowed, boosts=boosts)
                latencies.append((time.perf_counter() - t1) * 1000.0)
                encoding.append((t1 - t0) * 1000.0)
            p50, p95 = np.percentile(latencies, [50, 95])
            e50, e95 = np.percentile(encoding, [50, 95])
            stage = "two-stage" if len(engine.dense_.vectors) > exact_rows else "exact"
            print(
                f"n={n:>8} {label} ({stage} dense search, {len(engine.dense_.vectors)} passage "
                f"vectors): hybrid+filter query p50 {p50:.1f} ms p95 {p95:.1f} ms (of which "
                f"query encoding p50 {e50:.1f} ms p95 {e95:.1f} ms); "
                f"load average {os.getloadavg()[0]:.1f}"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"n={n:>8}: lexical index {lexical_s:6.1f} s ({n / lexical_s:7.0f} items/s); "
            f"embedding (extrapolated) {embed_s:7.0f} s; total {lexical_s + embed_s:7.0f} s; "
            f"peak RSS {rss:.0f} MiB"
        )


if __name__ == "__main__":
    main()
