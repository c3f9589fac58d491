"""Value types of the matching engine: documents in, results with explanations out."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "Explanation", "Result"]


@dataclass(frozen=True)
class Document:
    """A searchable item: an id, a title, a body text and optional extra text fields.

    ``fields`` holds further searchable text (e.g. ``{"keywords": "...",
    "organization": "..."}``); ``lang`` is "zh", "en" or None (detected per text).
    """

    id: str
    title: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)
    lang: str | None = None

    def all_fields(self) -> dict[str, str]:
        """Title, text and the extra fields as one mapping (field name -> text)."""
        return {"title": self.title, "text": self.text, **self.fields}

    def embedding_text(self) -> str:
        """The text the encoder sees: title, then body, then the extra fields."""
        parts = [self.title.strip(), self.text.strip(), *(v.strip() for v in self.fields.values())]
        return ". ".join(p for p in parts if p)

    def content_hash(self) -> str:
        """A stable hash of everything indexed, used to skip re-embedding unchanged items."""
        digest = hashlib.sha256()
        for name, value in sorted(self.all_fields().items()):
            digest.update(name.encode() + b"\x00" + value.encode() + b"\x01")
        return digest.hexdigest()


@dataclass
class Explanation:
    """Why a document was returned.

    ``matched_terms`` maps each query term found in the document to the fields it
    occurs in; ``bm25``/``bm25_rank`` and ``cosine``/``cosine_rank`` are the
    lexical and semantic evidence (None when that retriever did not rank it);
    ``fusion`` names the fusion method; ``levers`` lists the policy levers applied
    (e.g. ``{"boost": 1.2}``); ``filtered`` says whether structured filters
    restricted the candidate set; ``passage`` is the passage of a long document
    that matched the query best (None when the document is one passage);
    ``rescore`` is the re-scoring encoder's cosine (None when it did not take part).
    """

    matched_terms: dict[str, list[str]] = field(default_factory=dict)
    bm25: float | None = None
    bm25_rank: int | None = None
    cosine: float | None = None
    cosine_rank: int | None = None
    fusion: str = ""
    levers: dict[str, float] = field(default_factory=dict)
    filtered: bool = False
    passage: str | None = None
    rescore: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "matched_terms": self.matched_terms,
            "bm25": self.bm25,
            "bm25_rank": self.bm25_rank,
            "cosine": self.cosine,
            "cosine_rank": self.cosine_rank,
            "fusion": self.fusion,
            "levers": self.levers,
            "filtered": self.filtered,
            "passage": self.passage,
            "rescore": self.rescore,
        }


@dataclass
class Result:
    """One ranked hit: the document id, its fused score, its 1-based rank and why."""

    id: str
    score: float
    rank: int
    explanation: Explanation
