"""Regenerate the shipped embeddings of the demo catalog.

Usage: ``INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/innofield migrate &&
INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/innofield load demo &&
INNOFIELD_DATA_DIR=/tmp/emb .venv/bin/python scripts/build_demo_embeddings.py``
(loading the demo computes every missing vector; this script dumps them as float16).
"""

from __future__ import annotations

import os

import django
import numpy as np


def main() -> None:
    """Dump the embedding table of the current database for the current encoder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    django.setup()
    from innofield.matching import MatchEngine
    from innofield.matchmaking import index
    from innofield.matchmaking.demo import shipped_file
    from innofield.matchmaking.models import Embedding

    engine = MatchEngine()
    wanted = {
        index.text_hash(text)
        for target in ("item", "demand")
        for text in index.passage_texts(
            engine, [index._document(target, row) for row in index._rows(target)]
        )
    }
    rows = [
        r
        for r in Embedding.objects.filter(encoder=index.encoder_name()).order_by("content_hash")
        if r.content_hash in wanted
    ]
    hashes = np.array([r.content_hash for r in rows])
    vectors = np.vstack([np.frombuffer(bytes(r.vector), dtype="<f4") for r in rows])
    path = shipped_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, hashes=hashes, vectors=vectors.astype(np.float16))
    print(f"{len(hashes)} vectors -> {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
