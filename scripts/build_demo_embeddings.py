"""Regenerate the shipped embeddings of the demo catalog.

Usage: ``INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/innofield migrate &&
INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/innofield load demo &&
INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/innofield index rebuild &&
INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/python scripts/build_demo_embeddings.py``
(``index rebuild`` computes every missing vector; this script dumps them as int8
with one float32 scale per vector, which keeps cosines within about 0.001).
"""

from __future__ import annotations

import os

import django
import numpy as np


def main() -> None:
    """Dump the embedding table of the current database for the index's two encoders."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    django.setup()
    from innofield.matching import MatchEngine
    from innofield.matchmaking import index
    from innofield.matchmaking.demo import shipped_encoders, shipped_file
    from innofield.matchmaking.models import Embedding

    engine = MatchEngine()
    docs = [index._document(t, row) for t in ("item", "demand") for row in index._rows(t)]
    wanted = {  # the sentence encoder reads passages, the cross-lingual one whole documents
        index.encoder_name(): {index.text_hash(p) for d in docs for p in engine.passages_of(d)},
        index.bridge_name(): {index.text_hash(d.embedding_text()) for d in docs},
    }
    for name in shipped_encoders():
        rows = [
            r
            for r in Embedding.objects.filter(encoder=name).order_by("content_hash")
            if r.content_hash in wanted[name]
        ]
        digests = np.array([np.frombuffer(bytes.fromhex(r.content_hash), np.uint8) for r in rows])
        vectors = np.vstack([np.frombuffer(bytes(r.vector), dtype="<f4") for r in rows])
        scales = np.abs(vectors).max(axis=1) / 127.0
        quantized = np.round(vectors / scales[:, None]).astype(np.int8)
        path = shipped_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, digests=digests, vectors=quantized, scales=scales.astype("<f4"))
        print(f"{name}: {len(rows)} vectors -> {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
