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


def shipped_file() -> Path:
    """Where the shipped vectors for the current encoder live."""
    safe = index.encoder_name().replace("@", "-").replace("/", "-")
    return SHIPPED / f"{safe}.npz"


def import_shipped() -> int:
    """Insert the shipped vectors into the embedding table; return how many."""
    path = shipped_file()
    if not path.exists():
        return 0
    with np.load(path) as data:
        digests = data["digests"]
        vectors = data["vectors"].astype("<f4") * data["scales"][:, None]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    name = index.encoder_name()
    rows = [
        Embedding(encoder=name, content_hash=d.tobytes().hex(), vector=v.tobytes())
        for d, v in zip(digests, vectors, strict=True)
    ]
    Embedding.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def load_demo(*, seed: int, progress: Callable[[str, int, int], None] | None) -> dict[str, Any]:
    """Import the shipped vectors; ``innofield index rebuild`` embeds anything missing."""
    index.forget()
    return {"embeddings_shipped": import_shipped()}
