"""Probe of an ANN index beside the database for #21 item 3 (synthetic vectors, marked so).

Builds a usearch HNSW index over N random unit vectors (384-d, float32, clustered so that
nearest neighbours are meaningful), then measures query latency (p50/p95) for k=10, recall@10
against exact search by brute force, a "filtered" search done by oversampling (k*8 then the
filter, 1 in 4 items passes), and the cost of replacing one item's vector.

    PYTHONPATH=/tmp/scale_usearch nice -n 15 python benchmarks/vector_scale.py --n 100000

The first probe; the platform now uses usearch (innofield.matching.ann) and
benchmarks/vector_million.py measures it at a million items.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    from usearch.index import Index

    rng = np.random.default_rng(0)
    centres = rng.standard_normal((1000, args.dim)).astype(np.float32)
    xs = centres[rng.integers(0, 1000, args.n)] + 0.6 * rng.standard_normal(
        (args.n, args.dim)
    ).astype(np.float32)
    xs /= np.linalg.norm(xs, axis=1, keepdims=True)
    keys = np.arange(args.n, dtype=np.uint64)
    allowed = rng.random(args.n) < 0.25  # the synthetic filter (e.g. region/kind)
    index = Index(ndim=args.dim, metric="cos", dtype="f32", connectivity=16, expansion_add=128)
    t = time.perf_counter()
    index.add(keys, xs, threads=args.threads)
    build = time.perf_counter() - t
    index.expansion_search = 128
    qs = xs[rng.integers(0, args.n, args.queries)] + 0.3 * rng.standard_normal(
        (args.queries, args.dim)
    ).astype(np.float32)
    qs /= np.linalg.norm(qs, axis=1, keepdims=True)
    lat, flat, recall, frecall = [], [], [], []
    for q in qs:
        exact = np.argsort(-(xs @ q))
        t = time.perf_counter()
        got = index.search(q, 10).keys
        lat.append(time.perf_counter() - t)
        recall.append(len(set(got.tolist()) & set(exact[:10].tolist())) / 10)
        t = time.perf_counter()
        many = index.search(q, 80).keys
        fgot = [k for k in many.tolist() if allowed[k]][:10]
        flat.append(time.perf_counter() - t)
        fexact = [int(k) for k in exact if allowed[k]][:10]
        frecall.append(len(set(fgot) & set(fexact)) / 10)
    t = time.perf_counter()
    for i in range(100):
        index.remove(i)
        index.add(i, xs[i + 1])
    update = (time.perf_counter() - t) / 100
    ms = lambda v, p: round(float(np.percentile(v, p)) * 1000, 2)  # noqa: E731
    print(
        json.dumps(
            {
                "n": args.n,
                "dim": args.dim,
                "build_s": round(build, 1),
                "p50_ms": ms(lat, 50),
                "p95_ms": ms(lat, 95),
                "recall@10": round(float(np.mean(recall)), 4),
                "filtered_p95_ms": ms(flat, 95),
                "filtered_recall@10": round(float(np.mean(frecall)), 4),
                "update_one_ms": round(update * 1000, 3),
                "index_mb": round(index.memory_usage / 2**20, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
