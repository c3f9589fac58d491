"""One search over a fitted ``MatchEngine``: query checks, the filter mask, both
retrievers, fusion and re-scoring, policy levers and per-result explanations.

``MatchEngine.search`` is the entry point; these functions read the engine's
fitted parts (``lexical_``, ``dense_``, ``rescore_``, ``slots_``) and change
nothing but its query-vector cache.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

import numpy as np

from innofield.matching.analysis import detect_language
from innofield.matching.explain import explain_result
from innofield.matching.fusion import fuse_convex, fuse_rrf, ranks_of, top_indices
from innofield.matching.rescore import mix_rescore
from innofield.matching.slots import SlotFilter
from innofield.matching.types import Result

if TYPE_CHECKING:
    from innofield.matching.engine import MatchEngine

__all__ = ["run_search", "check_query", "unread_language"]


def check_query(query: object, k: object, max_chars: int) -> str:
    """The stripped query; ``ValueError`` naming ``query`` or ``k`` when either is unusable."""
    if not isinstance(query, str) or not query.strip():
        raise ValueError("query: must be a non-empty string")
    if len(query) > max_chars:
        raise ValueError(f"query: {len(query)} characters, the limit is {max_chars}")
    if not isinstance(k, int) or not 1 <= k <= 1000:
        raise ValueError(f"k: must be an integer between 1 and 1000, got {k!r}")
    return query.strip()


def unread_language(engine: MatchEngine, text: str) -> str | None:
    """In hybrid mode, the language of a query the encoder cannot read (else None).

    An encoder may name the languages it reads (``languages``, e.g. {"en"} for
    MiniLM); a query wholly in another one gets BM25 alone, because the dense half
    would be noise: on the demo catalog, Chinese instrument names score nDCG@10 1.0
    with BM25 and 0.56 fused with MiniLM. Mixed queries keep both halves.
    """
    languages = getattr(engine.encoder_, "languages", None)
    if engine.mode != "hybrid" or languages is None:
        return None
    language = detect_language(text)
    return language if language not in languages and language != "mixed" else None


def _mask(engine: MatchEngine, allowed_ids: Collection[str] | SlotFilter | None) -> np.ndarray:
    """Slot mask of live documents that pass the filter (cached per id set)."""
    if allowed_ids is None:
        return engine.lexical_.alive.copy()
    return engine.slots_.mask(allowed_ids, engine.lexical_.alive)


def _bridge_scores(engine: MatchEngine, text: str, mask: np.ndarray) -> np.ndarray:
    """Cosines of the second encoder's document vectors with ``text`` (-inf off the mask).

    The cross-lingual dense half (``MatchEngine(crosslingual=True)``): a query the
    first encoder cannot read (Chinese against MiniLM) is embedded by the second,
    multilingual one, which scores every allowed document exactly (one vector each).
    """
    assert engine.rescorer_ is not None
    qvec = engine._query_vector(text, engine.rescorer_).astype(np.float32)
    scores = np.full(engine.slots_.size, -np.inf, dtype=np.float32)
    rows = np.flatnonzero(mask[: len(engine.rescore_)])
    scores[rows] = engine.rescore_.vectors[rows] @ qvec
    return scores


def _best_passage(engine: MatchEngine, doc_id: str, slot: int, qvec: np.ndarray) -> str | None:
    """The passage of a multi-passage document that scored best (None for one passage)."""
    if len(engine.dense_.rows_of(slot)) < 2:
        return None
    passages = engine.passages_of(engine.documents_[doc_id])
    return passages[engine.dense_.best_passage(slot, qvec)]


def run_search(
    engine: MatchEngine,
    query: str,
    k: int,
    allowed_ids: Collection[str] | SlotFilter | None,
    boosts: Mapping[str, float] | None,
    explain: bool,
) -> list[Result]:
    """The body of ``MatchEngine.search`` (see there for the arguments)."""
    text = check_query(query, k, engine.max_query_chars)
    mask = _mask(engine, allowed_ids)
    if not mask.any():
        return []
    size = engine.slots_.size
    depth = max(engine.depth, k)
    unread = unread_language(engine, text)
    bridge = bool(unread) and engine.bridging and len(engine.rescore_) > 0
    pending = None if unread else engine._rescore_query(text)
    tokens = engine.analyzer_.tokenize(text)
    lexical = engine.mode != "dense"
    bm25 = engine.lexical_.score(tokens, mask) if lexical else np.zeros(size)
    bm25_top = top_indices(bm25, depth, mask & (bm25 > 0)) if lexical else None
    cosine_top = qvec = again = None
    if bridge:  # the second (multilingual) encoder reads the query: one vector per document
        cosine = _bridge_scores(engine, text, mask)
        cosine_top = top_indices(cosine, depth, mask)
    elif engine.uses_vectors and engine.encoder_ is not None and not unread:
        qvec = engine._query_vector(text)
        cosine = engine.dense_.score(qvec, mask, bm25_top)  # best passage per document
        cosine_top = top_indices(cosine, depth, mask & np.isfinite(cosine))
    else:
        cosine = np.full(size, -np.inf, dtype=np.float32)
    if engine.mode == "bm25" or cosine_top is None:
        pool = bm25_top if bm25_top is not None else np.zeros(0, dtype=np.int64)
        fused = bm25[pool].astype(np.float64)
    elif engine.mode == "dense" or bm25_top is None:
        pool, fused = cosine_top, cosine[cosine_top].astype(np.float64)
    elif engine.fusion == "rrf":
        pool, fused = fuse_rrf(bm25_top, cosine_top, size)
    else:
        pool, fused = fuse_convex(bm25, cosine, bm25_top, cosine_top, engine.alpha)
        if pending is not None and len(pool):
            again = engine.rescore_.scores(pending.result(), pool)
            fused = mix_rescore(fused, again, engine.rescore_weight)
    if boosts:
        fused = fused + np.array([boosts.get(engine.slots_.ids[s] or "", 0.0) for s in pool])
    order = np.argsort(-fused, kind="stable")[:k]
    bm25_rank = ranks_of(bm25_top, size) if bm25_top is not None else None
    cos_rank = ranks_of(cosine_top, size) if cosine_top is not None else None
    results = []
    for rank, pos in enumerate(order, start=1):
        slot = int(pool[pos])
        doc_id = engine.slots_.ids[slot]
        assert doc_id is not None
        terms = tokens if explain else []
        why = explain_result(
            engine, doc_id, terms, slot, bm25, cosine, bm25_rank, cos_rank, unread, bridge
        )
        if again is not None:
            why.rescore = float(again[pos])
        if explain and qvec is not None:
            why.passage = _best_passage(engine, doc_id, slot, qvec)
        if boosts and doc_id in boosts:
            why.levers["boost"] = float(boosts[doc_id])
        why.filtered = allowed_ids is not None
        results.append(Result(id=doc_id, score=float(fused[pos]), rank=rank, explanation=why))
    return results
