"""Vector search at a million items through the HNSW dense index (#21 item 3).

Two parts, run separately (each prints JSON lines, then a summary):

``--part speed`` (synthetic, marked so): N items (default 1,000,000) whose text is the
title of a random SciFact abstract plus a random window of another (so BM25 sees real
term statistics) and whose vector is a synthetic clustered unit vector (384-d, one per
item: ``passage_sentences=0``). The engine is the platform's: hybrid BM25 + vectors,
convex fusion, ``dense_index="hnsw"``. Queries are SciFact claims (BM25 half) with a
synthetic query vector near a random item (dense half). Filters as the search page
uses them: eight "kind x region" id sets keeping 30 % of the items (masks cached per
set, as on the platform), a 5 % and a 2 % set, and a 1 % boost; each search runs twice,
interleaved: "before" (plain id sets, and the graph for any filter whose over-fetch stays
under ``max_fetch`` of the graph, the rule before ``fetch_rows``) and "after" (filters
compiled once with ``MatchEngine.compile_filter``, and the ``fetch_rows`` rule).
Reports build time (documents and BM25, graph), p50/p95/p99 per filter, peak memory,
the cost of updating one item (remove + add, and the next search, which settles BM25's
statistics: alternately with BM25's incremental delta and with a full rebuild of its
matrix, ``merge_share`` 0) and of saving / loading the graph file that other processes
adopt.

``--part quality`` (real vectors): the MiniLM vectors shipped for the demo catalog
(int8 with a scale each, dequantised; 43,822 passages of 6,209 items) queried with the
SciFact train claims encoded by the shipped MiniLM encoder; recall@10 of the graph
search (through ``HnswVectors.score``, the engine's dense half) against exact search,
unfiltered and under 30 % and 2 % filters, at the parameters of the speed part.

    nohup nice -n 10 .venv/bin/python benchmarks/vector_million.py --part speed > 1m.log &
    .venv/bin/python benchmarks/vector_million.py --part quality
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from innofield.matching import Document, MatchEngine
from innofield.matching.ann import HnswVectors
from innofield.matching.blas import one_blas_thread

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SCIFACT = Path(os.environ.get("SCIFACT", "/work/shared/data/scifact"))
SHIPPED = (
    Path(__file__).resolve().parents[1]
    / "src/innofield/demo/data/embeddings/all-MiniLM-L6-v2-256.npz"
)


#: the "after" searches again with numpy's BLAS held to one thread (as ``innofield serve``
#: runs its workers): on two shared cores a second BLAS thread makes a product wait for it
ONE_THREAD = "after, BLAS on one thread"


def emit(row: dict[str, object]) -> None:
    """Print one JSON line now (the run is long; the log is polled)."""
    print(json.dumps(row), flush=True)


def rss_gb() -> float:
    """Peak resident memory of this process so far, in GB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)


def percentiles(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 of seconds, in milliseconds."""
    return {f"p{p}_ms": round(float(np.percentile(values, p)) * 1000, 2) for p in (50, 95, 99)}


class FixedQueries:
    """An encoder stand-in: each query text has a vector chosen beforehand."""

    name, dim = "synthetic-384", 384

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """The chosen vectors of ``texts``."""
        return np.array([self.vectors[t] for t in texts], dtype=np.float32)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Not used: documents come with their vectors."""
        raise NotImplementedError


def scifact() -> tuple[list[tuple[str, str]], list[str]]:
    """(title, abstract) pairs and the claims of SciFact."""
    with (SCIFACT / "corpus.jsonl").open() as handle:
        corpus = [json.loads(line) for line in handle]
    with (SCIFACT / "queries.jsonl").open() as handle:
        claims = [json.loads(line)["text"] for line in handle]
    return [(d["title"], d["text"]) for d in corpus], claims


def ann_options(args: argparse.Namespace) -> dict[str, object]:
    """The graph parameters both parts use."""
    return {
        "connectivity": args.m,
        "expansion_add": args.ef_add,
        "expansion_search": args.ef,
        "neighbours": args.neighbours,
        "graph_dtype": args.dtype,
        "threads": args.threads,
    }


def speed(args: argparse.Namespace) -> None:
    """The synthetic million (see the module docstring)."""
    rng = np.random.default_rng(0)
    corpus, claims = scifact()
    words = [text.split() for _, text in corpus]
    n = args.n
    t = time.perf_counter()
    docs = []
    for i in range(n):
        title = corpus[int(rng.integers(len(corpus)))][0]
        body = words[int(rng.integers(len(words)))]
        start = int(rng.integers(max(1, len(body) - args.words)))
        docs.append(Document(str(i), title, " ".join(body[start : start + args.words]) + f" #{i}"))
    centres = rng.standard_normal((1000, 384)).astype(np.float32)
    xs = np.empty((n, 384), dtype=np.float32)
    for lo in range(0, n, 100_000):
        hi = min(n, lo + 100_000)
        part = centres[rng.integers(0, 1000, hi - lo)]
        part += 0.6 * rng.standard_normal((hi - lo, 384)).astype(np.float32)
        xs[lo:hi] = part / np.linalg.norm(part, axis=1, keepdims=True)
    emit({"step": "generated", "items": n, "seconds": round(time.perf_counter() - t, 1)})
    queries = claims[: args.queries]
    qvecs = {}
    for q in queries:
        v = xs[int(rng.integers(n))] + 0.3 * rng.standard_normal(384).astype(np.float32)
        qvecs[q] = v / np.linalg.norm(v)
    engine = MatchEngine(
        mode="hybrid",
        encoder=FixedQueries(qvecs),
        rescorer="none",
        passage_sentences=0,
        dense_index="hnsw",
        ann_options=ann_options(args),
    )
    dense = engine.dense_
    assert isinstance(dense, HnswVectors)
    graph_time = [0.0]
    plain_append = dense.append

    def timed_append(rows: np.ndarray, counts: np.ndarray) -> None:
        t0 = time.perf_counter()
        plain_append(rows, counts)
        graph_time[0] += time.perf_counter() - t0

    dense.append = timed_append  # type: ignore[method-assign]
    t = time.perf_counter()
    engine.add(docs, vectors=lambda _texts: xs)
    total = time.perf_counter() - t
    del docs
    t = time.perf_counter()
    engine.search(queries[0], k=10, explain=False)  # settles BM25's matrix and statistics
    settle = time.perf_counter() - t
    emit(
        {
            "step": "built",
            "graph_s": round(graph_time[0], 1),
            "documents_and_bm25_s": round(total - graph_time[0] + settle, 1),
            "graph_mb": round(dense.graph.memory_usage / 2**20),
            "vectors_mb": round(dense.vectors.nbytes / 2**20),
            "peak_rss_gb": rss_gb(),
        }
    )
    ids = np.array([str(i) for i in range(n)], dtype=object)
    regions = rng.integers(0, 8, n)
    shares = {
        f"kind-region {r} (30 %)": ids[(regions == r) | (rng.random(n) < 0.2)] for r in range(8)
    }
    narrow = ids[rng.random(n) < 0.02]
    middle = ids[rng.random(n) < 0.05]
    boosts = {str(i): 0.5 for i in rng.choice(n, n // 100, replace=False)}
    sets = {name: set(v.tolist()) for name, v in shares.items()}
    sets["middle (5 %)"] = set(middle.tolist())
    sets["narrow (2 %)"] = set(narrow.tolist())
    t = time.perf_counter()
    for allowed in sets.values():
        engine.search(queries[0], k=10, allowed_ids=allowed, explain=False)
    emit(
        {
            "step": "filter masks",
            "sets": len(sets),
            "first_use_ms_each": round((time.perf_counter() - t) / len(sets) * 1000, 1),
        }
    )
    t = time.perf_counter()
    compiled = {name: engine.compile_filter(allowed) for name, allowed in sets.items()}
    emit(
        {
            "step": "compiled filters",
            "sets": len(sets),
            "ms_each": round((time.perf_counter() - t) / len(sets) * 1000, 1),
        }
    )
    for q in queries[:20]:  # warm the query-vector cache and the code paths
        engine.search(q, k=10)
    names = list(shares)
    fetch_rows = dense.fetch_rows
    # before: id sets and the graph for every filter the old rule sent there (fetch_rows
    # 0: only max_fetch of the graph sends a search to the exact path); after: compiled
    # filters and the fetch_rows rule; interleaved per query, so the load hits both alike
    variants = {
        "before (id sets, max_fetch only)": (sets, 0.0),
        "after (compiled filters, fetch_rows)": (compiled, fetch_rows),
        ONE_THREAD: (compiled, fetch_rows),
    }
    runs: dict[tuple[str, str], list[float]] = {}
    paths: dict[str, dict[str, int]] = {v: {"graph": 0, "exact": 0, "retries": 0} for v in variants}
    for i, q in enumerate(queries):
        for variant, (filters, rule) in variants.items():
            dense.fetch_rows = rule
            before = dict(dense.searches)
            blas = one_blas_thread if variant == ONE_THREAD else contextlib.nullcontext
            for label, allowed in (
                ("unfiltered", None),
                ("30 %", filters[names[i % 8]]),
                ("5 %", filters["middle (5 %)"]),
                ("2 %", filters["narrow (2 %)"]),
            ):
                t = time.perf_counter()
                with blas():  # threadpoolctl limits when made: a new one per search
                    engine.search(q, k=20, allowed_ids=allowed, boosts=boosts)
                runs.setdefault((variant, label), []).append(time.perf_counter() - t)
            for key, value in dense.searches.items():
                paths[variant][key] += value - before[key]
    dense.fetch_rows = fetch_rows
    for (variant, label), values in runs.items():
        emit(
            {
                "step": "hybrid search + boost",
                "variant": variant,
                "filter": label,
                "queries": len(values),
                **percentiles(values),
            }
        )
    for variant, counts in paths.items():
        emit({"step": "dense path", "variant": variant, **counts})
    # BM25 after an update: its incremental delta (the default) against a full rebuild of
    # the matrix at the first search after every change (merge_share 0, the old way),
    # alternating update by update
    share = engine.lexical_.merge_share
    one: dict[str, list[float]] = {}
    rest: dict[str, list[float]] = {}
    for i in range(args.updates * 2):
        variant = "bm25 full rebuild" if i % 2 else "bm25 incremental"
        engine.lexical_.merge_share = 0.0 if i % 2 else share
        pick = int(rng.integers(n))
        doc = engine.documents_[str(pick)]
        new = Document(doc.id, doc.title, doc.text + " revised", doc.fields)
        vec = xs[int(rng.integers(n))][None, :]
        t = time.perf_counter()
        engine.remove([doc.id])
        engine.add([new], vectors=lambda _texts, v=vec: v)
        one.setdefault(variant, []).append(time.perf_counter() - t)
        t = time.perf_counter()
        hits = engine.search(queries[i % len(queries)], k=10, explain=False)
        rest.setdefault(variant, []).append(time.perf_counter() - t)
        assert hits
    engine.lexical_.merge_share = share
    for variant in one:
        emit(
            {
                "step": "update one item (remove + add)",
                "variant": variant,
                **percentiles(one[variant]),
            }
        )
        emit(
            {
                "step": "the search right after an update",
                "variant": variant,
                "bm25_merges": engine.lexical_.merges,
                **percentiles(rest[variant]),
            }
        )
    t = time.perf_counter()
    dense.graph.remove(0)
    dense.graph.add(0, xs[1])
    emit(
        {"step": "graph only: replace one vector", "ms": round((time.perf_counter() - t) * 1000, 2)}
    )
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        labels = [str(i) for i in range(len(dense.vectors))]
        path = Path(tmp) / "item.usearch"
        t = time.perf_counter()
        dense.save_graph(path, labels)
        saved = time.perf_counter() - t
        other = HnswVectors(**ann_options(args))  # type: ignore[arg-type]
        t = time.perf_counter()
        ok = other.adopt(path, labels)
        other.append(dense.vectors, dense.counts)
        adopted = time.perf_counter() - t
        emit(
            {
                "step": "graph file",
                "save_s": round(saved, 1),
                "mb": round(path.stat().st_size / 2**20),
                "adopt_s": round(adopted, 1),
                "adopted": ok,
            }
        )
    emit(
        {
            "step": "done",
            "cores": os.cpu_count(),
            "load_average": os.getloadavg(),
            "peak_rss_gb": rss_gb(),
        }
    )


def quality(args: argparse.Namespace) -> None:
    """Recall@10 of the graph against exact search on real MiniLM vectors."""
    from innofield.matching.encoders import MiniLMEncoder

    with np.load(SHIPPED) as data:
        xs = data["vectors"].astype(np.float32) * data["scales"][:, None]
    xs /= np.linalg.norm(xs, axis=1, keepdims=True)
    _, claims = scifact()
    t = time.perf_counter()
    qs = MiniLMEncoder().encode_queries(claims[: args.queries])
    emit(
        {
            "step": "queries encoded",
            "queries": len(qs),
            "seconds": round(time.perf_counter() - t, 1),
        }
    )
    rng = np.random.default_rng(1)
    for dtype in args.dtypes:
        options = {**ann_options(args), "graph_dtype": dtype, "brute_rows": 0}
        store = HnswVectors(**options)  # type: ignore[arg-type]
        t = time.perf_counter()
        store.append(xs, np.ones(len(xs), dtype=np.int64))  # one "document" per vector
        build = time.perf_counter() - t
        for share in (1.0, 0.3, 0.02):
            mask = rng.random(len(xs)) < share
            recall, lat = [], []
            for q in qs:
                exact = np.flatnonzero(mask)[np.argsort(-(xs[mask] @ q))[:10]]
                t = time.perf_counter()
                scores = store.score(q, mask, None)
                got = np.argsort(-scores)[:10]
                lat.append(time.perf_counter() - t)
                recall.append(len(set(got.tolist()) & set(exact.tolist())) / 10)
            emit(
                {
                    "graph_dtype": dtype,
                    "vectors": len(xs),
                    "build_s": round(build, 1),
                    "filter": share,
                    "recall@10": round(float(np.mean(recall)), 4),
                    **percentiles(lat),
                    "searched": dict(store.searches),
                }
            )
            store.searches = {"graph": 0, "exact": 0, "retries": 0}
    emit({"cores": os.cpu_count(), "load_average": os.getloadavg()})


def main() -> None:
    """Parse the arguments and run one part."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("speed", "quality"), required=True)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--words", type=int, default=60, help="words of body text per item")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--updates", type=int, default=20)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-add", type=int, default=128)
    ap.add_argument("--ef", type=int, default=128)
    ap.add_argument("--neighbours", type=int, default=200)
    ap.add_argument("--dtype", default="f16")
    ap.add_argument("--dtypes", nargs="+", default=["f16", "f32", "i8"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tmp", default=tempfile.gettempdir())
    args = ap.parse_args()
    emit({"args": vars(args), "cores": os.cpu_count(), "python": sys.version.split()[0]})
    speed(args) if args.part == "speed" else quality(args)


if __name__ == "__main__":
    main()
