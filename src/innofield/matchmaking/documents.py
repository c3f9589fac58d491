"""How catalog rows become documents for the matching library."""

from __future__ import annotations

from typing import Any

from innofield.matching import Document


def item_document(item: Any) -> Document:
    """A catalog item as a searchable document (title, description, keywords)."""
    fields = {"keywords": " ".join(item.keywords or [])}
    return Document(id=str(item.pk), title=item.title, text=item.description, fields=fields)


def demand_document(demand: Any) -> Document:
    """A demand as a searchable document."""
    fields = {"keywords": " ".join(demand.keywords or [])}
    return Document(id=str(demand.pk), title=demand.title, text=demand.description, fields=fields)


def demand_query(demand: Any) -> str:
    """The query text a demand is matched with (title and description, trimmed)."""
    text = f"{demand.title}. {demand.description}".strip()
    return text[:1900]


def item_query(item: Any) -> str:
    """The query text an item is matched against demands with."""
    return f"{item.title}. {item.description}".strip()[:1900]
