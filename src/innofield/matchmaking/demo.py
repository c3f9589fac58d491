"""Demo: load the shipped embeddings of the demo catalog, then build the search indexes.

The demo data set is deterministic, so its embeddings are computed once
(``scripts/build_demo_embeddings.py``) and shipped as int8 vectors (one scale each) keyed
by the sha256 of the embedded texts (passages); anything missing is computed here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import index
from .models import Embedding

SHIPPED = Path(__file__).resolve().parent.parent / "demo" / "data" / "embeddings"


def shipped_file(name: str | None = None) -> Path:
    """Where the shipped vectors for an encoder (default: the sentence encoder) live."""
    safe = (name or index.encoder_name()).replace("@", "-").replace("/", "-")
    return SHIPPED / f"{safe}.npz"


def shipped_encoders() -> list[str]:
    """The encoders whose vectors the index stores: the sentence and the cross-lingual one."""
    return [index.encoder_name(), index.bridge_name()]


def import_shipped() -> int:
    """Insert the shipped vectors (of every stored encoder) into the table; return how many."""
    total = 0
    for name in shipped_encoders():
        path = shipped_file(name)
        if not path.exists():
            continue
        with np.load(path) as data:
            digests = data["digests"]
            vectors = data["vectors"].astype("<f4") * data["scales"][:, None]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        rows = [
            Embedding(encoder=name, content_hash=d.tobytes().hex(), vector=v.tobytes())
            for d, v in zip(digests, vectors, strict=True)
        ]
        Embedding.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        total += len(rows)
    return total


def load_demo(*, seed: int, progress: Callable[[str, int, int], None] | None) -> dict[str, Any]:
    """Import the shipped vectors; ``innofield index rebuild`` embeds anything missing."""
    index.forget()
    return {"embeddings_shipped": import_shipped()}
