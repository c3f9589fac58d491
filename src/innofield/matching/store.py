"""Saving and loading a fitted engine as plain files (JSON lines + a NumPy array).

Layout of the directory: ``engine.json`` (parameters, encoder name, format
version), ``documents.jsonl`` (one document per line, in slot order) and
``vectors.npy`` (one embedding per passage, hybrid and dense modes; the
passages are recomputed from the documents on load) and, when the hybrid
re-scores its pool with a second encoder, ``rescore.npy`` (one row per document). The BM25
statistics are rebuilt from the documents on load (tokenising is fast; the
embeddings are what is expensive, and they are stored). Nothing is pickled.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from innofield.matching.encoders import Encoder, make_encoder
from innofield.matching.types import Document

if TYPE_CHECKING:
    from innofield.matching.engine import MatchEngine

__all__ = ["save_engine", "load_engine"]

FORMAT_VERSION = 2  # 1: one vector per document (the same as passage_sentences=0)
_PARAMS = (
    "mode",
    "k1",
    "b",
    "title_weight",
    "fusion",
    "alpha",
    "depth",
    "passage_sentences",
    "max_query_chars",
    "candidates",
    "exact_rows",
    "rescore_weight",
    "crosslingual",
    "dense_index",
    "ann_options",
)


def save_engine(engine: MatchEngine, directory: Path) -> None:
    """Write ``engine`` to ``directory`` (created if needed); files are replaced atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    engine._compact()
    ids = engine.slots_.live_ids()
    meta = {
        "format": FORMAT_VERSION,
        "params": {p: getattr(engine, p) for p in _PARAMS},
        "encoder": _spec(engine.encoder_),
        "rescorer": _spec(engine.rescorer_),
        "count": len(ids),
    }
    tmp = directory / "documents.jsonl.tmp"
    with tmp.open("w", encoding="utf-8") as out:
        for doc_id in ids:
            d = engine.documents_[doc_id]
            row = {"id": d.id, "title": d.title, "text": d.text, "fields": d.fields, "lang": d.lang}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, directory / "documents.jsonl")
    if engine.uses_vectors:
        with (directory / "vectors.npy.tmp").open("wb") as handle:
            np.save(handle, engine.dense_.vectors)
        os.replace(directory / "vectors.npy.tmp", directory / "vectors.npy")
    if engine.rescorer_ is not None:
        with (directory / "rescore.npy.tmp").open("wb") as handle:
            np.save(handle, engine.rescore_.vectors)
        os.replace(directory / "rescore.npy.tmp", directory / "rescore.npy")
    else:
        (directory / "rescore.npy").unlink(missing_ok=True)
    (directory / "engine.json.tmp").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    os.replace(directory / "engine.json.tmp", directory / "engine.json")


def _spec(encoder: Encoder | None) -> dict | None:  # type: ignore[type-arg]
    spec = getattr(encoder, "spec", None)
    return spec() if callable(spec) else None


def load_engine(directory: Path, encoder: Encoder | None = None) -> MatchEngine:
    """Read an engine written by ``save_engine``; raises ``ValueError`` on a bad directory.

    ``encoder`` replaces the saved encoder description (needed for custom encoders).
    """
    from innofield.matching.engine import MatchEngine

    try:
        meta = json.loads((directory / "engine.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"directory: {directory} holds no saved engine ({exc})") from exc
    if meta.get("format") not in (1, FORMAT_VERSION):
        raise ValueError(f"directory: unsupported engine format {meta.get('format')!r}")
    spec = dict(meta.get("encoder") or {})
    kind = spec.pop("kind", "auto")
    params = {"passage_sentences": 0, **meta["params"]}
    again = dict(meta.get("rescorer") or {})
    rescores = bool(again)
    rescorer = make_encoder(again.pop("kind"), **again) if rescores else "none"
    chosen = encoder or (kind if kind == "auto" else make_encoder(kind, **spec))
    engine = MatchEngine(encoder=chosen, rescorer=rescorer, **params)
    with (directory / "documents.jsonl").open(encoding="utf-8") as handle:
        docs = [Document(**json.loads(line)) for line in handle if line.strip()]
    vectors = None
    if engine.uses_vectors:
        if chosen == "auto":
            raise ValueError("directory: the saved engine names no encoder it can rebuild")
        vectors = np.load(directory / "vectors.npy")
    rescore = np.load(directory / "rescore.npy") if rescores else None
    try:
        engine.add(  # the loaded arrays are kept, not copied
            docs,
            vectors=None if vectors is None else lambda _texts: vectors,
            rescore_vectors=None if rescore is None else lambda _texts: rescore,
        )
    except ValueError as exc:
        raise ValueError(f"directory: {directory} holds an inconsistent engine ({exc})") from exc
    return engine
