"""The platform's filtered search with and without the shared compiled filters (#21).

    nice -n 19 .venv/bin/python benchmarks/search_filters.py --data-dir /tmp/sf-100k \
        [--items 100000] [--pg-url URL] [--queries 100]

Builds, once per data folder (or PostgreSQL database), a synthetic catalog marked so:
``--items`` active items (default 100,000) whose text is a SciFact title plus a 30-word
window of another abstract (BM25 sees real term statistics; one passage per item) and whose
vector is a synthetic clustered unit vector stored in the ``Embedding`` table as the platform
would have computed it (so nothing is embedded). 30 % of the items are technologies, 30 %
sit in one province, owners are spread over twelve organisation types; the cross-lingual
encoder is off (no e5 vectors to fake). Then, in this process, times
``queries.search_page`` (anonymous, page 1 of 20: the hit count with k=200 and the page
with explanations) and ``queries.search`` with the cross-region lever (k=20, home in
another province, boosts for most items) for each filter, "before" (setting
``INNOFIELD_SEARCH_FILTER_CACHE`` off: the allowed ids fetched from SQL and passed as a list
per request, as before) and "after" (on: the compiled filter and boosts reused),
interleaved query by query with the order alternating, the hit-count cache emptied before
every call. Queries are SciFact claims, each encoded once beforehand (the engine's query
cache), so the figures are the search and its SQL, not MiniLM. Prints one JSON line per
filter and mode (p50 / p95 ms), and a summary with the ratios of the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = Path(os.environ.get("SCIFACT", "/work/shared/data/scifact"))


def _setup(args: argparse.Namespace) -> None:
    os.environ["INNOFIELD_DATA_DIR"] = str(args.data_dir)
    os.environ.pop("DATABASE_URL", None)
    if args.pg_url:
        os.environ["DATABASE_URL"] = args.pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.INNOFIELD_CROSSLINGUAL_SEARCH = False


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _corpus() -> list[dict[str, str]]:
    with (SCIFACT / "corpus.jsonl").open() as fh:
        return [json.loads(line) for line in fh]


def _claims(n: int) -> list[str]:
    with (SCIFACT / "queries.jsonl").open() as fh:
        return [json.loads(line)["text"] for line in fh][:n]


def build(n: int, seed: int = 7) -> None:
    """The synthetic catalog (regions, organisations, items, their stored vectors)."""
    from django.core.management import call_command

    from innofield.catalog.models import Item
    from innofield.matching import MatchEngine
    from innofield.matchmaking import index
    from innofield.matchmaking.documents import item_document
    from innofield.matchmaking.models import Embedding
    from innofield.registry.models import Organization, Region

    call_command("migrate", verbosity=0)
    if Item.objects.filter(synthetic=True, source="search_filters").count() >= n:
        return
    t0 = time.perf_counter()
    rng = random.Random(seed)
    cn = Region.objects.get_or_create(
        code="CN", defaults={"level": "country", "name_zh": "中国", "name_en": "China"}
    )[0]
    provinces = [
        Region.objects.get_or_create(
            code=f"{11 + p}0000",
            defaults={"level": "province", "parent": cn, "name_zh": f"省{p}", "name_en": f"P{p}"},
        )[0]
        for p in range(30)
    ]
    cities = [
        Region.objects.get_or_create(
            code=f"{11 + p}0{c + 1}00",
            defaults={"level": "city", "parent": provinces[p], "name_zh": f"市{p}-{c}"},
        )[0]
        for p in range(30)
        for c in range(2)
    ]
    types = [t for t, _ in Organization.Type.choices][:12]
    orgs = [
        Organization.objects.get_or_create(
            code=f"SF-{o}",
            defaults={
                "name_zh": f"机构{o}",
                "name_en": f"Org {o}",
                "type": types[o % len(types)],
                "region": provinces[o % 30],
            },
        )[0]
        for o in range(240)
    ]
    docs = _corpus()
    words = [d["text"].replace(".", ",").split() for d in docs]
    kinds = ["instrument", "service", "expert", "computing", "capital", "space", "dataset"]
    engine = MatchEngine(passage_sentences=1)
    name = index.encoder_name()
    centres = np.random.default_rng(seed).standard_normal((256, 384)).astype(np.float32)
    vec_rng = np.random.default_rng(seed + 1)
    have = Item.objects.filter(synthetic=True, source="search_filters").count()
    for start in range(have, n, 5000):
        batch = []
        for i in range(start, min(n, start + 5000)):
            text = words[rng.randrange(len(words))]
            at = rng.randrange(max(1, len(text) - 30))
            region = provinces[0] if rng.random() < 0.3 else rng.choice(cities + provinces[1:])
            batch.append(
                Item(
                    kind="technology" if rng.random() < 0.3 else rng.choice(kinds),
                    title=docs[rng.randrange(len(docs))]["title"][:300],
                    description=" ".join(text[at : at + 30]),
                    owner=orgs[rng.randrange(len(orgs))],
                    region=region,
                    price_fen=rng.randrange(0, 10_000_000),
                    trl=rng.randrange(1, 10),
                    synthetic=True,
                    source="search_filters",
                    external_id=f"sf-{i}",
                )
            )
        Item.objects.bulk_create(batch)
        texts = [p for it in batch for p in engine.passages_of(item_document(it))]
        vecs = centres[vec_rng.integers(0, 256, len(texts))] + 0.6 * vec_rng.standard_normal(
            (len(texts), 384), dtype=np.float32
        )
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        Embedding.objects.bulk_create(
            [
                Embedding(encoder=name, content_hash=index.text_hash(t), vector=v.tobytes())
                for t, v in zip(texts, vecs.astype("<f4"), strict=True)
            ],
            ignore_conflicts=True,
        )
        print(json.dumps({"built": start + len(batch)}), flush=True)
    print(json.dumps({"catalog_s": round(time.perf_counter() - t0, 1)}), flush=True)


def run(args: argparse.Namespace) -> None:
    """Time the search page and the lever search per filter, before and after."""
    from django.conf import settings

    from innofield.catalog.models import Item
    from innofield.matchmaking import index, queries
    from innofield.registry.models import Region

    t0 = time.perf_counter()
    engine = index.engine_for("item")
    print(json.dumps({"engine_items": len(engine), "engine_s": round(time.perf_counter() - t0, 1)}))
    claims = _claims(args.queries)
    for q in claims:  # the query vectors, once (the engine keeps 256)
        index.search("item", q, k=1, explain=False)
    big = Region.objects.get(code="110000")
    other = Region.objects.get(code="120000")
    F = queries.Filters
    filters: dict[str, Any] = {
        "none": F(),
        "kind (30%)": F(kind="technology"),
        "province (30%)": F(region=big.code),
        "kind+province (9%)": F(kind="technology", region=big.code),
        "org type (8%)": F(organization_type="university"),
        "price+trl (~35%)": F(price_max_fen=5_000_000, trl_min=4),
    }
    active = Item.objects.filter(status="active").count()
    shares = {
        name: round(queries._searchable(None, f)[0].count() / active, 3)
        for name, f in filters.items()
    }
    times: dict[tuple[str, str, str], list[float]] = {}

    def timed(mode: str, kind: str, name: str, call: Any, *args: Any) -> Any:
        settings.INNOFIELD_SEARCH_FILTER_CACHE = mode == "after"
        queries._COUNTS.clear()
        t = time.perf_counter()
        out = call(*args)
        times.setdefault((kind, name, mode), []).append((time.perf_counter() - t) * 1000)
        return out

    for i, q in enumerate(claims):
        for name, f in filters.items():
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            got = {}
            for mode in order:
                got[mode] = timed(mode, "search page", name, queries.search_page, None, q, f, 1, 20)
            a, b = got["before"], got["after"]
            assert [r["object"].pk for r in a[0]] == [r["object"].pk for r in b[0]], (q, name)
            assert a[1] == b[1]
            for mode in order:
                timed(mode, "lever search", name, queries.search, None, q, f, 20, 0.5, other)
    summary: dict[str, Any] = {"items": active, "queries": len(claims), "shares": shares}
    for (kind, name, mode), ms in sorted(times.items()):
        row = {
            "search": kind,
            "filter": name,
            "mode": mode,
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(_pct(ms, 0.95), 1),
        }
        print(json.dumps(row), flush=True)
    for kind, name, _ in sorted(times):
        before = statistics.median(times[(kind, name, "before")])
        after = statistics.median(times[(kind, name, "after")])
        summary[f"{kind} / {name}: before/after p50"] = round(before / after, 2)
    summary["load_avg"] = [round(x, 1) for x in os.getloadavg()]
    summary["cores"] = os.cpu_count()
    print(json.dumps(summary, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.mkdtemp()))
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    _setup(args)
    build(args.items)
    run(args)


if __name__ == "__main__":
    main()
