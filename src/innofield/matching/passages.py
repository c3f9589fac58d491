"""Passages: the pieces of a document that get their own embedding.

A sentence-embedding model such as all-MiniLM-L6-v2 was trained on sentence
pairs and reads at most a few hundred word pieces, so one vector for a whole
abstract blurs it and cuts its end off. A document is therefore embedded as
overlapping windows of ``window`` sentences (stride ``window - 1``), each
prefixed with the title and followed by the extra fields; its semantic score is
the best score of its passages (MaxP). A document of at most ``window``
sentences is one passage, exactly its :meth:`Document.embedding_text`, so short
catalog items cost no more than before. ``window=0`` turns passages off.

Sentences end at ``。！？；`` in Chinese and at ``.!?`` followed by a capital
letter in Latin script (also when the space after the full stop is missing, as
in texts pasted from PDFs: "disabilities.A line scan ...").
"""

from __future__ import annotations

import re

from innofield.matching.types import Document

__all__ = ["split_sentences", "passages_of"]

_SENTENCE_END = re.compile(r"(?<=[。！？；])\s*|(?<=[a-z0-9%)\]][.!?])\s*(?=[A-Z])")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def passages_of(doc: Document, window: int) -> list[str]:
    """The texts to embed for ``doc``: one, or overlapping ``window``-sentence passages."""
    sentences = split_sentences(doc.text) if window > 0 else []
    if len(sentences) <= window:
        return [doc.embedding_text()]
    stride = max(1, window - 1)
    extra = [v.strip() for v in doc.fields.values() if v.strip()]
    head = doc.title.strip()
    starts = list(range(0, len(sentences) - window + 1, stride))
    if starts[-1] + window < len(sentences):  # the last sentences get a window too
        starts.append(len(sentences) - window)
    out = []
    for start in starts:
        body = " ".join(sentences[start : start + window])
        out.append(". ".join(p for p in (head, body, *extra) if p))
    return out
