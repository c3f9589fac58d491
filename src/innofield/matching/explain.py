"""Per-result explanations: matched terms and fields, retriever scores and ranks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from innofield.matching.types import Explanation

if TYPE_CHECKING:
    from innofield.matching.engine import MatchEngine

__all__ = ["explain_result", "matched_terms"]


def matched_terms(
    engine: MatchEngine, doc_id: str, query_terms: Sequence[str]
) -> dict[str, list[str]]:
    """Map each query word that occurs in the document to the fields it occurs in.

    Keys are the words as the document wrote them (e.g. "vitamins" for the term
    "vitamin"), values the field names in document order.
    """
    if not query_terms:
        return {}
    wanted = set(query_terms)
    doc = engine.documents_[doc_id]
    analyzer = engine.analyzer_
    found: dict[str, list[str]] = {}
    for field, text in doc.all_fields().items():
        if not text:
            continue
        forms = analyzer.surface_forms(text)
        for term in sorted(wanted.intersection(forms)):
            found.setdefault(forms.get(term, term), []).append(field)
    return found


def explain_result(
    engine: MatchEngine,
    doc_id: str,
    query_terms: Sequence[str],
    slot: int,
    bm25: np.ndarray,
    cosine: np.ndarray,
    bm25_rank: np.ndarray | None,
    cosine_rank: np.ndarray | None,
    unread: str | None = None,
    bridge: bool = False,
) -> Explanation:
    """Build the explanation of one hit from the arrays computed during the search.

    ``unread`` is the language of a query the encoder could not read, which the
    engine ranked by BM25 alone, or, with ``bridge``, by BM25 and the second
    (multilingual) encoder's cosine.
    """
    fusion = f"bm25 only: the encoder does not read {unread} queries" if unread else None
    if unread and bridge:
        assert engine.rescorer_ is not None
        fusion = (
            f"convex combination of z-scores (alpha={engine.alpha:g} on bm25) with "
            f"{engine.rescorer_.name}: the first encoder does not read {unread} queries"
        )
    why = Explanation(fusion=fusion or _fusion_name(engine))
    why.matched_terms = matched_terms(engine, doc_id, query_terms)
    if engine.mode != "dense":
        why.bm25 = float(bm25[slot])
        why.bm25_rank = int(bm25_rank[slot]) or None if bm25_rank is not None else None
    if engine.uses_vectors and (bridge or not unread):
        why.cosine = float(cosine[slot])
        why.cosine_rank = int(cosine_rank[slot]) or None if cosine_rank is not None else None
    return why


def _fusion_name(engine: MatchEngine) -> str:
    if engine.mode != "hybrid":
        return f"{engine.mode} only"
    if engine.fusion == "rrf":
        return "reciprocal rank fusion (k=60)"
    name = f"convex combination of z-scores (alpha={engine.alpha:g} on bm25)"
    if engine.rescorer_ is not None and engine.rescore_weight > 0:
        name += f", re-scored by {engine.rescorer_.name} (weight {engine.rescore_weight:g})"
    return name
