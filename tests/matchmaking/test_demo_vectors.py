"""The shipped demo vectors: keyed by passage text, close to a fresh embedding."""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from innofield.catalog.models import Item
from innofield.demo.load import DATA
from innofield.matching import MatchEngine, MiniLMEncoder
from innofield.matchmaking import demo, index
from innofield.matchmaking.documents import item_document
from innofield.matchmaking.models import Embedding


@pytest.mark.django_db
def test_shipped_vectors_cover_the_passages_of_a_demo_abstract() -> None:
    assert demo.import_shipped() > 5183  # more passages than abstracts
    with gzip.open(DATA / "scifact_corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        first = json.loads(fh.readline())
    doc = item_document(Item(title=first["title"][:300], description=first["text"], keywords=[]))
    texts = MatchEngine().passages_of(doc)
    assert len(texts) > 1
    keys = [index.text_hash(t) for t in texts]
    stored = dict(
        Embedding.objects.filter(encoder=index.encoder_name(), content_hash__in=keys).values_list(
            "content_hash", "vector"
        )
    )
    assert set(stored) == set(keys)
    shipped = np.vstack([np.frombuffer(bytes(stored[k]), dtype="<f4") for k in keys])
    fresh = MiniLMEncoder().encode_documents(texts)
    assert np.sum(shipped * fresh, axis=1).min() > 0.995


@pytest.mark.django_db
def test_shipped_cross_lingual_vectors_cover_a_demo_abstract() -> None:
    """The e5 vectors of the demo (one per item, its first 128 word pieces) ship too, so
    ``make demo`` does not spend minutes embedding them."""
    from innofield.matching import E5SmallEncoder

    demo.import_shipped()
    with gzip.open(DATA / "scifact_corpus.jsonl.gz", "rt", encoding="utf-8") as fh:
        first = json.loads(fh.readline())
    doc = item_document(Item(title=first["title"][:300], description=first["text"], keywords=[]))
    row = Embedding.objects.get(
        encoder=index.bridge_name(), content_hash=index.text_hash(doc.embedding_text())
    )
    shipped = np.frombuffer(bytes(row.vector), dtype="<f4")
    fresh = E5SmallEncoder(max_tokens=index.BRIDGE_TOKENS).encode_documents([doc.embedding_text()])[
        0
    ]
    assert float(shipped @ fresh) > 0.99
