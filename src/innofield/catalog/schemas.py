"""API schemas of the catalog. Input schemas are the validation models themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from innofield.core.schemas import Memo, WriteSchema

from .validation import DemandInput, ItemInput

__all__ = ["DemandInput", "DemandOut", "DemandPage", "ItemInput", "ItemOut", "ItemPage", "RetireIn"]


class ItemOut(Schema):
    """A catalog item."""

    id: int
    kind: str
    title: str
    description: str
    keywords: list[str]
    classification: list[str]
    owner: str
    owner_name: str
    region: str
    price_fen: int | None
    price_unit: str
    terms: str
    status: str
    trl: int | None
    details: dict[str, Any]
    synthetic: bool
    source: str
    created: dt.datetime
    updated: dt.datetime

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        """The owner's code."""
        return str(obj.owner.code)

    @staticmethod
    def resolve_owner_name(obj: Any) -> str:
        """The owner's name in the active language."""
        return str(obj.owner.name)

    @staticmethod
    def resolve_region(obj: Any) -> str:
        """The region's code."""
        return str(obj.region.code)


class DemandOut(Schema):
    """A demand."""

    id: int
    kind: str
    title: str
    description: str
    keywords: list[str]
    owner: str
    region: str
    budget_fen: int | None
    deadline: dt.date | None
    preferred_regions: list[str]
    status: str
    details: dict[str, Any]
    synthetic: bool
    created: dt.datetime

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        """The owner's code."""
        return str(obj.owner.code)

    @staticmethod
    def resolve_region(obj: Any) -> str:
        """The region's code."""
        return str(obj.region.code)

    @staticmethod
    def resolve_preferred_regions(obj: Any) -> list[str]:
        """Codes of the preferred partner regions."""
        return [r.code for r in obj.preferred_regions.all()]


class ItemPage(Schema):
    """A page of items."""

    count: int
    items: list[ItemOut]


class DemandPage(Schema):
    """A page of demands."""

    count: int
    items: list[DemandOut]


class RetireIn(WriteSchema):
    """Why something is retired."""

    reason: Memo = ""


class ImportOut(Schema):
    """The outcome of an import."""

    created: int
    skipped: int
    errors: list[dict[str, Any]]


class ImportQueuedOut(Schema):
    """A large import handed to the job queue: follow it at ``GET /api/jobs/{job}``."""

    job: int
    state: str
    rows: int
    url: str
