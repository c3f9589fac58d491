"""Chinese, mixed and English queries against the demo catalog's search index.

    .venv/bin/python benchmarks/matching_languages.py [--data-dir DIR]

Runs against the platform database in ``DIR`` (default ``./var``, the one ``make demo``
fills). The demo's instruments are titled "English name (model) · 中文名"; each query set
is cut from those titles and judged by them, with every instrument of the same name (or
the same full title) relevant:

* Chinese names alone ("X射线衍射仪"),
* Chinese name and model, a mixed query ("X射线衍射仪 Bruker D8 Advance"),
* English names ("X-ray diffractometer").

Prints nDCG@10 per set for BM25 alone, for the hybrid as shipped (a query in a language
the encoder does not read gets BM25 alone) and for the hybrid with that rule switched off.
"""

from __future__ import annotations

import argparse
import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np


class AnyLanguage:
    """The platform's encoder without its ``languages``: the hybrid fuses every query."""

    def __init__(self, encoder: Any) -> None:
        self.inner, self.name, self.dim = encoder, encoder.name, encoder.dim

    def encode_documents(self, texts: list[str]) -> np.ndarray:
        """As the wrapped encoder."""
        return np.asarray(self.inner.encode_documents(texts))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """As the wrapped encoder."""
        return np.asarray(self.inner.encode_queries(texts))


def query_sets(titles: list[tuple[int, str]]) -> dict[str, dict[str, set[str]]]:
    """``{set name: {query: relevant ids}}`` cut from bilingual instrument titles."""
    sets: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for pk, title in titles:
        if " · " not in title:
            continue
        english, chinese = title.split(" · ", 1)
        model = re.search(r"\(([^)]*)\)", english)
        sets["Chinese name"][chinese.strip()].add(str(pk))
        sets["Chinese name + model (mixed)"][f"{chinese} {model.group(1) if model else ''}"].add(
            str(pk)
        )
        sets["English name"][english.split(" (")[0]].add(str(pk))
    return sets


def main() -> None:
    """Score each query set three ways and print one line per set."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    args = parser.parse_args()
    os.environ.setdefault("INNOFIELD_DATA_DIR", str(args.data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    import django

    django.setup()
    from innofield.catalog.models import Item
    from innofield.matching.evaluation import ndcg_at_k
    from innofield.matchmaking import index

    engine = index.engine_for("item")
    rows = Item.objects.filter(kind="instrument", status="active").values_list("pk", "title")
    shipped = engine.encoder_
    print(f"{len(engine)} items indexed, {len(rows)} instruments")
    for name, queries in query_sets(list(rows)).items():
        figures = []
        for label, mode, encoder in (
            ("bm25", "bm25", shipped),
            ("hybrid", "hybrid", shipped),
            ("hybrid, every query fused", "hybrid", AnyLanguage(shipped)),
        ):
            engine.mode, engine.encoder_ = mode, encoder
            scores = []
            for query, relevant in queries.items():
                ranked = [r.id for r in engine.search(query, k=10, explain=False)]
                scores.append(ndcg_at_k(ranked, dict.fromkeys(relevant, 1)))
            figures.append(f"{label} {np.mean(scores):.4f}")
        print(f"{name} ({len(queries)} queries): " + " · ".join(figures))
    engine.mode, engine.encoder_ = "hybrid", shipped


if __name__ == "__main__":
    main()
