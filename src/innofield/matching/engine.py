"""MatchEngine: hybrid BM25 + embedding retrieval with filters, levers and explanations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from innofield.matching.analysis import Analyzer, detect_language
from innofield.matching.ann import HnswVectors
from innofield.matching.blas import one_blas_thread
from innofield.matching.dense import PassageVectors
from innofield.matching.e5 import E5SmallEncoder
from innofield.matching.encoders import EmbeddingCache, Encoder, MiniLMEncoder, make_encoder
from innofield.matching.lexical import BM25Index
from innofield.matching.lru import LRU
from innofield.matching.passages import passages_of
from innofield.matching.rescore import DocumentVectors
from innofield.matching.searching import run_search
from innofield.matching.slots import SlotFilter, SlotTable
from innofield.matching.types import Document, Result

__all__ = ["MatchEngine", "MODES", "FUSIONS", "Progress", "auto_encoder"]

MODES = ("bm25", "dense", "hybrid")
FUSIONS = ("convex", "rrf")
ENCODERS = ("auto", "minilm", "e5-small")
RESCORERS = ("auto", "e5-small", "none")
DENSE_INDEXES = ("exact", "hnsw")  # how passage vectors are searched (see dense.py, ann.py)
RESCORE_TOKENS = 128  # word pieces the re-scoring encoder reads of each document
EMBED_CHUNK = 1024  # passages embedded between two progress reports
Progress = Callable[[int, int], None]  # progress(done, total)


def auto_encoder(docs: Sequence[Document]) -> str:
    """The encoder ``encoder="auto"`` picks: ``"e5-small"`` when at least 30 % of the
    documents are not English (Chinese), else ``"minilm"``."""
    other = sum(detect_language(d.embedding_text()) != "en" for d in docs)
    return "e5-small" if docs and other >= 0.3 * len(docs) else "minilm"


class MatchEngine:
    """Hybrid retrieval over documents, scikit-learn style.

    Parameters (stored as given): ``mode`` is "bm25", "dense" or "hybrid";
    ``encoder`` is "minilm" (English), "e5-small" (multilingual), "auto"
    (e5-small when at least 30 % of the fitted documents contain Chinese) or an
    ``Encoder`` object; ``k1``, ``b`` and ``title_weight`` shape BM25;
    ``fusion`` is "convex" (z-normalised convex combination, weight ``alpha`` on
    BM25) or "rrf"; ``depth`` is the per-retriever candidate list length;
    ``passage_sentences`` is the number of sentences per embedded passage (a document's
    semantic score is its best passage's; 0 embeds each document whole, see
    ``innofield.matching.passages``); ``cache_dir`` keeps embeddings on disk by
    content hash. ``rescorer`` is a second encoder whose z-scored cosine re-scores
    the hybrid pool with weight ``rescore_weight`` ("auto": multilingual-e5-small
    on the first 128 word pieces of each document when the first encoder is
    MiniLM; "e5-small" always; "none" or None: two signals; see
    ``innofield.matching.rescore``); it applies in hybrid mode with convex fusion only.
    """

    def __init__(
        self,
        mode: str = "hybrid",
        encoder: str | Encoder = "auto",
        k1: float = 1.2,
        b: float = 0.75,
        title_weight: float = 2.0,
        fusion: str = "convex",
        alpha: float = 0.55,
        depth: int = 100,
        passage_sentences: int = 1,
        cache_dir: Path | str | None = None,
        max_query_chars: int = 2000,
        candidates: int = 2000,
        exact_rows: int = 100_000,
        rescorer: str | Encoder | None = "auto",
        rescore_weight: float = 0.2,
        crosslingual: bool = False,
        dense_index: str = "exact",
        ann_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.mode = mode
        self.encoder = encoder
        self.k1 = k1
        self.b = b
        self.title_weight = title_weight
        self.fusion = fusion
        self.alpha = alpha
        self.depth = depth
        self.passage_sentences = passage_sentences
        self.cache_dir = cache_dir
        self.max_query_chars = max_query_chars
        self.candidates = candidates
        self.exact_rows = exact_rows
        self.rescorer = rescorer
        self.rescore_weight = rescore_weight
        self.crosslingual = crosslingual
        self.dense_index = dense_index
        self.ann_options = dict(ann_options or {})
        self._check_params()
        self._reset()

    def _check_params(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode: unknown mode {self.mode!r} (expected one of {MODES})")
        if self.fusion not in FUSIONS:
            raise ValueError(f"fusion: unknown fusion {self.fusion!r} (expected one of {FUSIONS})")
        if not 0.0 <= self.alpha <= 1.0:
            raise ValueError(f"alpha: must lie in [0, 1], got {self.alpha}")
        if isinstance(self.encoder, str) and self.encoder not in ENCODERS:
            raise ValueError(
                f"encoder: unknown encoder {self.encoder!r} (expected one of {ENCODERS})"
            )
        if isinstance(self.rescorer, str) and self.rescorer not in RESCORERS:
            raise ValueError(
                f"rescorer: unknown rescorer {self.rescorer!r} (expected one of {RESCORERS})"
            )
        if not 0.0 <= self.rescore_weight < 1.0:
            raise ValueError(f"rescore_weight: must lie in [0, 1), got {self.rescore_weight}")
        if self.depth < 1:
            raise ValueError(f"depth: must be >= 1, got {self.depth}")
        if self.candidates < self.depth:
            raise ValueError(f"candidates: must be >= depth ({self.depth}), got {self.candidates}")
        if self.exact_rows < 0:
            raise ValueError(f"exact_rows: must be >= 0, got {self.exact_rows}")
        if self.dense_index not in DENSE_INDEXES:
            raise ValueError(
                f"dense_index: unknown dense index {self.dense_index!r} "
                f"(expected one of {DENSE_INDEXES})"
            )
        wanted = self.ann_options.get("neighbours", 200)
        if self.dense_index == "hnsw" and wanted < self.depth:
            raise ValueError(
                f"ann_options: neighbours ({wanted}) must be >= depth ({self.depth}): the "
                "fusion standardises the dense top list of depth documents"
            )
        n = self.passage_sentences
        if not isinstance(n, int) or not 0 <= n <= 20:
            raise ValueError(f"passage_sentences: must be an integer in 0..20, got {n!r}")

    def _reset(self) -> None:
        self.analyzer_ = Analyzer()
        self.lexical_ = BM25Index(
            k1=self.k1, b=self.b, field_weights={"title": self.title_weight, "text": 1.0}
        )
        self.documents_: dict[str, Document] = {}
        self.slots_ = SlotTable()
        self.dense_: PassageVectors = (
            HnswVectors(self.candidates, self.exact_rows, **self.ann_options)
            if self.dense_index == "hnsw"
            else PassageVectors(self.candidates, self.exact_rows)
        )
        self.rescore_ = DocumentVectors()
        self._queries: LRU[tuple[str, str], np.ndarray] = LRU(256)
        self.encoder_: Encoder | None = None
        self.rescorer_: Encoder | None = None
        self._worker: ThreadPoolExecutor | None = None  # encodes the re-scoring query

    @property
    def rescoring(self) -> bool:
        """Whether searches re-score the fused pool with the second encoder."""
        return (
            self.rescorer_ is not None
            and self.mode == "hybrid"
            and self.fusion == "convex"
            and self.rescore_weight > 0
        )

    @property
    def bridging(self) -> bool:
        """Whether queries the first encoder cannot read get the second encoder's cosine."""
        return (
            self.crosslingual
            and self.rescorer_ is not None
            and self.mode == "hybrid"
            and self.fusion == "convex"
        )

    @property
    def uses_vectors(self) -> bool:
        """Whether this mode needs embeddings."""
        return self.mode != "bm25"

    def _resolve_encoder(self, docs: list[Document]) -> Encoder:
        if self.encoder_ is None:
            if not isinstance(self.encoder, str):
                self.encoder_ = self.encoder
            elif self.encoder == "auto":
                self.encoder_ = make_encoder(auto_encoder(docs))
            else:
                self.encoder_ = make_encoder(self.encoder)
        return self.encoder_

    def _resolve_rescorer(self) -> Encoder | None:
        """The re-scoring encoder, decided at the first ``add`` (None: two signals)."""
        if self.mode != "hybrid" or self.fusion != "convex":
            return None
        if self.rescore_weight == 0 and not self.crosslingual:
            return None
        if self.rescorer is None or self.rescorer == "none":
            return None
        if not isinstance(self.rescorer, str):
            return self.rescorer
        first = self.encoder_ if self.encoder_ is not None else self.encoder
        minilm = first == "minilm" or isinstance(first, MiniLMEncoder)
        if self.rescorer == "auto" and not minilm and not self.crosslingual:
            return None  # tuned for MiniLM; e5 itself or a custom encoder go alone
        return E5SmallEncoder(max_tokens=RESCORE_TOKENS)

    def passages_of(self, doc: Document) -> list[str]:
        """The texts embedded for ``doc`` (rows of ``vectors`` passed to :meth:`add`)."""
        return passages_of(doc, self.passage_sentences)

    def _embed(
        self,
        encoder: Encoder,
        texts: list[str],
        progress: Progress | None,
        done: int = 0,
        total: int | None = None,
    ) -> np.ndarray:
        """Vectors of ``texts`` (through the cache); ``progress`` counts from ``done``."""
        cache = EmbeddingCache(Path(self.cache_dir)) if self.cache_dir is not None else None
        out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
        for start in range(0, len(texts), EMBED_CHUNK):
            part = texts[start : start + EMBED_CHUNK]
            out[start : start + len(part)] = (
                cache.embed(encoder, part) if cache else encoder.encode_documents(part)
            )
            if progress is not None:
                progress(done + start + len(part), total or len(texts))
        return out

    @staticmethod
    def _rows(
        given: np.ndarray | Callable[[Sequence[str]], np.ndarray],
        texts: list[str],
        name: str,
        per: str,
    ) -> np.ndarray:
        """Caller-supplied vectors: an array (copied) or a function of the texts (kept)."""
        rows = (
            np.asarray(given(texts), np.float32) if callable(given) else np.array(given, np.float32)
        )
        if rows.ndim != 2 or len(rows) != len(texts):
            raise ValueError(f"{name}: expected {len(texts)} rows ({per}), got {len(rows)}")
        return rows

    # ----- building -------------------------------------------------------------------

    def fit(self, docs: Iterable[Document], progress: Progress | None = None) -> MatchEngine:
        """Index ``docs`` from scratch and return self (``progress`` as in :meth:`add`)."""
        self._check_params()
        self._reset()
        self.add(docs, progress=progress)
        return self

    def add(
        self,
        docs: Iterable[Document],
        vectors: np.ndarray | Callable[[Sequence[str]], np.ndarray] | None = None,
        progress: Progress | None = None,
        rescore_vectors: np.ndarray | Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        """Index new documents; an id already indexed raises ``ValueError``.

        ``vectors`` replaces the engine's own encoding: an array with one row per
        passage, in the order of ``[p for d in docs for p in engine.passages_of(d)]``
        (e.g. when restoring; it is copied), or a function that returns those rows for
        the passage texts (e.g. a shared embedding store; its result is kept, not copied).
        ``progress(done, total)`` is called as the engine embeds passages (for a
        progress bar; embedding is the slow part of indexing). ``rescore_vectors`` does
        the same for the re-scoring encoder: one row per document, of its
        ``embedding_text()``.
        """
        batch = list(docs)
        ids = [d.id for d in batch]
        if any(not isinstance(i, str) or not i for i in ids):
            raise ValueError("docs: every document needs a non-empty string id")
        repeated = {i for i, n in Counter(ids).items() if n > 1}
        dupes = sorted({i for i in ids if i in self.slots_} | repeated)
        if dupes:
            raise ValueError(f"docs: ids already indexed or repeated: {dupes[:5]}")
        if not batch:
            return
        if self.uses_vectors:
            per_doc = [self.passages_of(d) for d in batch]
            texts = [p for ps in per_doc for p in ps]
            encoder = self._resolve_encoder(batch)  # also when vectors are given: queries need it
            if not len(self.slots_):
                self.rescorer_ = self._resolve_rescorer()
            whole = [d.embedding_text() for d in batch] if self.rescorer_ is not None else []
            total = len(texts) + len(whole)
            new = (
                self._embed(encoder, texts, progress, 0, total)
                if vectors is None
                else self._rows(vectors, texts, "vectors", "one per passage")
            )
            again = None
            if self.rescorer_ is not None:
                again = (
                    self._embed(self.rescorer_, whole, progress, len(texts), total)
                    if rescore_vectors is None
                    else self._rows(rescore_vectors, whole, "rescore_vectors", "one per document")
                )
            self.dense_.append(new, np.array([len(ps) for ps in per_doc], dtype=np.int64))
            if again is not None:
                self.rescore_.append(again)
        tokens = [{f: self.analyzer_.tokenize(t) for f, t in d.all_fields().items()} for d in batch]
        self.lexical_.add(tokens)
        self.slots_.append(ids)
        self.documents_.update((d.id, d) for d in batch)

    def remove(self, ids: Iterable[str]) -> None:
        """Drop documents by id; unknown ids raise ``KeyError``."""
        wanted = list(ids)
        unknown = [i for i in wanted if i not in self.slots_]
        if unknown:
            raise KeyError(f"ids: not indexed: {unknown[:5]}")
        slots = self.slots_.remove(wanted)
        for doc_id in wanted:
            del self.documents_[doc_id]
        self.lexical_.remove(slots)
        if self.uses_vectors:
            self.dense_.discard(slots)
        if self.slots_.dead > max(1000, len(self.slots_) // 3):
            self._compact()

    def update(self, docs: Iterable[Document]) -> None:
        """Insert or replace documents (a changed text is re-analysed and re-embedded)."""
        batch = list(docs)
        known = [d.id for d in batch if d.id in self.slots_]
        changed = [
            d
            for d in batch
            if d.id not in self.slots_ or self.documents_[d.id].content_hash() != d.content_hash()
        ]
        self.remove([i for i in known if i in {d.id for d in changed}])
        self.add(changed)

    def _compact(self) -> None:
        keep = self.slots_.compact()
        self.lexical_.keep(keep)
        if self.uses_vectors:
            self.dense_.keep(keep)
            self.rescore_.keep(keep)

    def __len__(self) -> int:
        return len(self.slots_)

    # ----- searching ------------------------------------------------------------------

    def _query_vector(self, text: str, encoder: Encoder | None = None) -> np.ndarray:
        """Embedding of a query, from a small per-engine LRU (repeated panels, pagination)."""
        encoder = encoder or self.encoder_
        assert encoder is not None
        vec = self._queries.get((encoder.name, text))
        if vec is None:
            vec = encoder.encode_queries([text])[0]
            self._queries.put((encoder.name, text), vec)
        return vec

    def _rescore_query(self, text: str) -> Future[np.ndarray] | None:
        """Start encoding ``text`` for the re-scorer on a worker thread (None: no re-scoring).

        The two query encoders run side by side on two cores; ``search`` holds
        numpy's BLAS to one thread meanwhile (``innofield.matching.blas``).
        """
        if not self.rescoring:
            return None
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="rescore-query")
        return self._worker.submit(self._query_vector, text, self.rescorer_)

    def search(
        self,
        query: str,
        k: int = 10,
        allowed_ids: Collection[str] | SlotFilter | None = None,
        boosts: Mapping[str, float] | None = None,
        explain: bool = True,
    ) -> list[Result]:
        """Rank the indexed documents for ``query`` and return the top ``k``.

        ``allowed_ids`` restricts scoring to those documents (structured filters
        applied before ranking; an id collection, or a filter from
        :meth:`compile_filter`, which a caller reusing it should prefer); ``boosts``
        adds a per-document amount to the final score (a policy lever, recorded in
        the explanation); ``explain=False`` skips the matched-term analysis for speed.
        """
        # two query encoders side by side: numpy's spinning BLAS threads cost them a core
        with one_blas_thread() if self.rescoring else nullcontext():
            return run_search(self, query, k, allowed_ids, boosts, explain)

    def compile_filter(self, allowed_ids: Collection[str]) -> SlotFilter:
        """A reusable ``allowed_ids`` for :meth:`search`: the ids' slot mask, made once and
        kept up to date with the index, so a search spends no time hashing the ids (about
        30 ms per search for 300,000 ids as a plain set)."""
        return self.slots_.compile(allowed_ids)

    # ----- persistence ----------------------------------------------------------------

    def save(self, directory: Path | str) -> None:
        """Write the fitted engine to ``directory`` (see ``innofield.matching.store``)."""
        from innofield.matching.store import save_engine

        save_engine(self, Path(directory))

    @classmethod
    def load(cls, directory: Path | str, encoder: Encoder | None = None) -> MatchEngine:
        """Read an engine saved with ``save`` (``encoder`` overrides the saved one)."""
        from innofield.matching.store import load_engine

        return load_engine(Path(directory), encoder=encoder)
