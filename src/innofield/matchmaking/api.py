"""REST endpoints of matchmaking: search, demand → items, item → demands, feedback."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from innofield.core.api import ERRORS, BearerAuth, actor_of
from innofield.core.schemas import Code, Memo, WriteSchema

from . import actions, queries
from .queries import Filters

router = Router(tags=["matchmaking"])


class FilterParams(Schema):
    """Structured filters, applied before ranking."""

    kind: str | None = None
    region: str | None = None
    organization_type: str | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    trl_min: int | None = None
    trl_max: int | None = None
    k: int = 10
    cross_region: float | None = None

    def filters(self) -> Filters:
        """The filters as the query layer's value object."""
        return Filters(
            kind=self.kind,
            region=self.region,
            organization_type=self.organization_type,
            price_min=self.price_min,
            price_max=self.price_max,
            trl_min=self.trl_min,
            trl_max=self.trl_max,
        )


class Hit(Schema):
    """One ranked result with its score and why it was found."""

    id: int
    kind: str
    title: str
    owner: str
    region: str
    score: float
    rank: int
    explanation: dict[str, Any]


class HitPage(Schema):
    """Ranked results."""

    count: int
    items: list[Hit]


class FeedbackIn(WriteSchema):
    """A verdict on a proposed match."""

    demand: int
    item: int
    verdict: Code
    note: Memo = ""


class FeedbackOut(Schema):
    """A stored verdict and the counts for the demand."""

    id: int
    verdict: str
    counts: dict[str, int]


def _hits(results: list[dict[str, Any]]) -> dict[str, Any]:
    items = [
        {
            "id": r["object"].pk,
            "kind": r["object"].kind,
            "title": r["object"].title,
            "owner": r["object"].owner.code,
            "region": r["object"].region.code,
            "score": r["score"],
            "rank": r["rank"],
            "explanation": r["explanation"],
        }
        for r in results
    ]
    return {"count": len(items), "items": items}


def _k(k: int) -> int:
    from innofield.core.errors import ValidationFailed

    if not 1 <= k <= 100:
        raise ValidationFailed.single("k", "must be between 1 and 100")
    return k


@router.get("/search", response={200: HitPage, **ERRORS})
def search(request: HttpRequest, q: str, params: Query[FilterParams]) -> dict[str, Any]:
    """Catalog items ranked for a text query (hybrid BM25 + embeddings), with explanations."""
    results = queries.search(
        actor_of(request), q, params.filters(), _k(params.k), params.cross_region
    )
    return _hits(results)


@router.get("/match", response={200: HitPage, **ERRORS})
def match(request: HttpRequest, demand: int, params: Query[FilterParams]) -> dict[str, Any]:
    """Catalog items that meet a demand, ranked, with explanations and the levers applied."""
    _, results = queries.match_demand(
        actor_of(request), demand, params.filters(), _k(params.k), params.cross_region
    )
    return _hits(results)


@router.get("/match/reverse", response={200: HitPage, **ERRORS})
def match_reverse(
    request: HttpRequest, item: int, k: int = 10, cross_region: float | None = None
) -> dict[str, Any]:
    """Open demands that an item answers, ranked."""
    _, results = queries.match_item(actor_of(request), item, _k(k), cross_region)
    return _hits(results)


@router.post("/match/feedback", response={201: FeedbackOut, **ERRORS}, auth=BearerAuth())
def feedback(request: HttpRequest, payload: FeedbackIn) -> Status[dict[str, Any]]:
    """Mark a match interested / not relevant / too early / benefit unclear."""
    row = actions.record_feedback(
        actor=actor_of(request),
        demand_id=payload.demand,
        item_id=payload.item,
        verdict=payload.verdict,
        note=payload.note,
    )
    counts = queries.feedback_counts(payload.demand)
    return Status(201, {"id": row.pk, "verdict": row.verdict, "counts": counts})


@router.get("/match/feedback/counts", response=dict[str, int])
def feedback_counts(request: HttpRequest, demand: int | None = None) -> dict[str, int]:
    """How often each verdict was given (overall, or for one demand)."""
    return queries.feedback_counts(demand)
