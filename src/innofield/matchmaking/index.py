"""Process-local search engines, kept in step with the database.

The database is the system of record: items and demands, the :class:`IndexChange`
log and the shared :class:`Embedding` table. Each process builds a
:class:`~innofield.matching.MatchEngine` per target from it and, before every
search, replays the changes it has not seen. The engines are a cache: dropping them
(or running several processes) changes nothing but the first query's latency, which
:func:`warm_up` takes off the first user: ``innofield serve`` runs it in every new
worker (loading the sentence encoder alone takes seconds).
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection

from innofield.catalog.models import Demand, Item
from innofield.matching import Document, Encoder, MatchEngine
from innofield.matching.ann import HnswVectors
from innofield.matching.encoders import make_encoder
from innofield.matching.engine import Progress
from innofield.matching.slots import SlotFilter

from .documents import demand_document, item_document
from .models import Embedding, IndexChange

ACTIVE = {"item": ("active",), "demand": ("open", "matched")}
TARGETS = tuple(ACTIVE)
_lock = threading.Lock()  # guards the engines and their replays
_building = threading.Lock()  # one first build at a time: others wait for it, not redo it
_log = logging.getLogger(__name__)
#: per database and target: the engine, the last change it replayed, and its generation
#: (a number never reused, unlike ``id(engine)``, so a version names one engine for good)
_engines: dict[tuple[str, str], tuple[MatchEngine, int, int]] = {}
_generations = itertools.count(1)
_encoders: dict[tuple[str, str], Encoder] = {}
BRIDGE_TOKENS = 128  # word pieces of an item the cross-lingual encoder reads


def _encoder() -> Encoder:
    """The sentence encoder the platform uses (settings ``INNOFIELD_MATCH_ENCODER`` and
    ``INNOFIELD_EMBEDDING_PRECISION``)."""
    name = str(getattr(settings, "INNOFIELD_MATCH_ENCODER", "minilm"))
    precision = str(getattr(settings, "INNOFIELD_EMBEDDING_PRECISION", "fp32"))
    if (name, precision) not in _encoders:
        options = {"precision": precision} if name == "minilm" else {}
        _encoders[(name, precision)] = make_encoder(name, **options)
    return _encoders[(name, precision)]


def _bridge() -> Encoder:
    """The multilingual encoder (e5-small, first 128 word pieces of each item) that reads
    queries in a language the sentence encoder cannot, e.g. Chinese against MiniLM."""
    key = ("e5-small", "bridge")
    if key not in _encoders:
        _encoders[key] = make_encoder("e5-small", max_tokens=BRIDGE_TOKENS)
    return _encoders[key]


def _bridge_wanted() -> bool:
    """Whether engines keep the cross-lingual vectors (setting
    ``INNOFIELD_CROSSLINGUAL_SEARCH``, on unless a deployment turns it off)."""
    return bool(getattr(settings, "INNOFIELD_CROSSLINGUAL_SEARCH", True))


def bridge_name() -> str:
    """The full name of the cross-lingual encoder, the key of its stored vectors."""
    return _bridge().name


def encoder_name() -> str:
    """The full name of the encoder (model and parameters), the key of stored vectors."""
    return _encoder().name


def _rows(target: str, ids: Sequence[int] | None = None) -> list[Any]:
    model: Any = Item if target == "item" else Demand
    qs = model.objects.select_related("owner").filter(status__in=ACTIVE[target])
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("pk"))


def _document(target: str, row: Any) -> Document:
    return item_document(row) if target == "item" else demand_document(row)


def text_hash(text: str) -> str:
    """The key of a stored embedding: sha256 of exactly the text the encoder read."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vectors_for(
    texts: Sequence[str], progress: Progress | None = None, encoder: Encoder | None = None
) -> np.ndarray:
    """Embeddings of ``texts`` from the shared table, computing and storing the missing ones
    (by the sentence encoder, or by ``encoder``)."""
    encoder = encoder or _encoder()
    name = encoder.name
    hashes = [text_hash(t) for t in texts]
    known: dict[str, bytes] = {}
    for start in range(0, len(hashes), 900):
        chunk = hashes[start : start + 900]
        rows = Embedding.objects.filter(encoder=name, content_hash__in=chunk)
        known.update((h, bytes(v)) for h, v in rows.values_list("content_hash", "vector"))
    missing = sorted({h: i for i, h in enumerate(hashes) if h not in known}.values())
    batch = 256
    for start in range(0, len(missing), batch):
        part = missing[start : start + batch]
        vectors = encoder.encode_documents([texts[i] for i in part])
        new = [
            Embedding(encoder=name, content_hash=hashes[i], vector=v.astype("<f4").tobytes())
            for i, v in zip(part, vectors, strict=True)
        ]
        Embedding.objects.bulk_create(new, ignore_conflicts=True)
        known.update({r.content_hash: bytes(r.vector) for r in new})
        if progress:
            progress(min(start + batch, len(missing)), len(missing))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.vstack([np.frombuffer(known[h], dtype="<f4") for h in hashes])


def _key(target: str) -> tuple[str, str]:
    """Engines are per database (tests switch databases) and per target."""
    return (connection.alias + str(connection.settings_dict["NAME"]), target)


def vector_index() -> str:
    """How vectors are searched: "hnsw" (a graph beside the database; PostgreSQL's default)
    or "exact" (in-process; SQLite's default). Setting ``INNOFIELD_VECTOR_INDEX``."""
    return str(getattr(settings, "INNOFIELD_VECTOR_INDEX", "exact"))


def graph_path(target: str) -> Path:
    """Where the HNSW graph of ``target`` is saved for every process to adopt: one file
    per database, target and encoder under ``INNOFIELD_SEARCH_DIR``."""
    alias, name = connection.alias, str(connection.settings_dict["NAME"])
    db = hashlib.sha256(f"{connection.vendor}:{alias}:{name}".encode()).hexdigest()[:12]
    safe = encoder_name().replace("@", "-").replace("/", "-")
    return Path(settings.INNOFIELD_SEARCH_DIR) / f"{target}-{safe}-{db}.usearch"


@contextmanager
def _graph_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (its graph and label files are written together)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _engine() -> MatchEngine:
    """An empty engine configured as the platform's settings say."""
    dense = {
        "dense_index": vector_index(),
        "ann_options": dict(getattr(settings, "INNOFIELD_ANN_OPTIONS", {})),
    }
    # two signals for queries MiniLM reads (the e5 re-scorer would cost ~5 ms per search,
    # docs/matching.md); e5 vectors (one per item, shipped for the demo) serve as the dense
    # half of queries in another language, so a Chinese query finds English items
    if _bridge_wanted():
        return MatchEngine(
            mode="hybrid",
            encoder=_encoder(),
            rescorer=_bridge(),
            rescore_weight=0.0,
            crosslingual=True,
            **dense,  # type: ignore[arg-type]
        )
    return MatchEngine(mode="hybrid", encoder=_encoder(), rescorer="none", **dense)  # type: ignore[arg-type]


def build(target: str, progress: Progress | None = None, save: bool = False) -> MatchEngine:
    """A fresh engine over every active row of ``target`` (``item`` or ``demand``).

    With the HNSW index, the graph saved by another process (or an earlier build) is
    adopted: passages whose text hash it holds keep their place, the rest is inserted.
    The graph is saved again when it differed from the file, or when ``save`` (the
    ``matchmaking.index.rebuild`` job).
    """
    last = IndexChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    docs = [_document(target, row) for row in _rows(target)]
    engine = _engine()
    dense = engine.dense_
    labels: list[str] = []
    path = graph_path(target)
    if isinstance(dense, HnswVectors) and docs:
        labels = [text_hash(p) for d in docs for p in engine.passages_of(d)]
        with _graph_lock(path):
            dense.adopt(path, labels)
    engine.add(
        docs,
        vectors=lambda texts: vectors_for(texts, progress),
        rescore_vectors=(
            (lambda texts: vectors_for(texts, progress, _bridge())) if _bridge_wanted() else None
        ),
    )
    if isinstance(dense, HnswVectors) and docs and (save or dense.reconciled["changed"]):
        with _graph_lock(path):
            dense.save_graph(path, labels)
    with _lock:
        _engines[_key(target)] = (engine, last, next(_generations))
    return engine


def engine_for(target: str) -> MatchEngine:
    """The up-to-date engine of ``target``: built on first use, then changes replayed."""
    key = _key(target)
    with _lock:
        cached = _engines.get(key)
    if cached is None:
        with _building:
            with _lock:
                cached = _engines.get(key)
            if cached is None:
                return build(target)
    engine, seen, generation = cached
    changes = list(
        IndexChange.objects.filter(pk__gt=seen, target=target).values_list("pk", "object_id")
    )
    if not changes:
        return engine
    ids = sorted({object_id for _, object_id in changes})
    rows = {row.pk: row for row in _rows(target, ids)}
    with _lock:
        gone = [str(i) for i in ids if i not in rows and str(i) in engine.documents_]
        if gone:
            engine.remove(gone)
        docs = [_document(target, rows[i]) for i in ids if i in rows]
        fresh = [d for d in docs if d.id not in engine.documents_]
        changed = [d for d in docs if d.id in engine.documents_]
        if changed:
            engine.remove([d.id for d in changed])
        todo = fresh + changed
        if todo:
            engine.add(
                todo,
                vectors=vectors_for,
                rescore_vectors=(
                    (lambda texts: vectors_for(texts, encoder=_bridge()))
                    if engine.rescorer_ is not None
                    else None
                ),
            )
        _engines[key] = (engine, max(seen, changes[-1][0]), generation)
    return engine


def version(target: str) -> tuple[Any, ...]:
    """What identifies the up-to-date engine of ``target``: database, engine (its generation:
    every build gets a new one, also after :func:`forget`) and last change replayed.
    Anything computed from a search stays valid while this stays the same."""
    engine = engine_for(target)
    with _lock:
        cached = _engines.get(_key(target))
    if cached is None or cached[0] is not engine:  # replaced meanwhile: a key nobody shares
        return (*_key(target), -next(_generations), -1)
    return (*_key(target), cached[2], cached[1])


def size(target: str) -> int:
    """The number of rows the up-to-date engine of ``target`` holds."""
    return len(engine_for(target))


def search(target: str, query: str, **kwargs: Any) -> list[Any]:
    """Search the up-to-date engine of ``target``; see ``MatchEngine.search`` for ``kwargs``."""
    engine = engine_for(target)
    with _lock:
        return engine.search(query, **kwargs)


def compile_filter(target: str, ids: Sequence[str]) -> SlotFilter:
    """``ids`` compiled for repeated searches of ``target`` (``MatchEngine.compile_filter``):
    pass it as ``allowed_ids`` to :func:`search` while :func:`version` stays the same."""
    engine = engine_for(target)
    with _lock:
        return engine.compile_filter(ids)


def warm_up() -> dict[str, int]:
    """Build every engine and load the query encoder now, so the first search is fast.

    Returns the documents indexed per target. Meant for a worker's start (a background
    thread): a failure, e.g. a database not yet migrated, is logged, not raised.
    """
    indexed: dict[str, int] = {}
    try:
        for target in TARGETS:
            indexed[target] = size(target)
            search(target, "warm up", k=1)  # loads the encoder, settles BM25's statistics
            search(target, "预热", k=1)  # and the cross-lingual one (a Chinese query)
    except Exception:
        _log.warning("search warm-up failed; engines will be built on first use", exc_info=True)
    return indexed


def warm_up_in_background() -> threading.Thread:
    """Run :func:`warm_up` on a daemon thread that closes its database connection after."""

    def run() -> None:
        try:
            warm_up()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name="innofield-search-warm-up", daemon=True)
    thread.start()
    return thread


def forget() -> None:
    """Drop every process-local engine (tests; after a bulk load)."""
    with _lock:
        _engines.clear()


def record_change(target: str, object_id: int) -> None:
    """Log that a row changed; called by catalog actions inside their transaction."""
    IndexChange.objects.create(target=target, object_id=object_id)
