"""Web pages of matchmaking: the search page and a demand's matches panel."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from innofield.catalog.kinds import ITEM_KINDS
from innofield.catalog.models import Demand
from innofield.core.errors import InnofieldError
from innofield.core.permissions import restrict
from innofield.registry import queries as registry_queries

from . import actions, queries
from .models import Feedback
from .queries import Filters

PER_PAGE = 20


def languages_note(results: list[dict[str, Any]]) -> str:
    """How the query's language was served: "bridged" (a multilingual model compared it
    with items in other languages), "keywords" (matched by keywords only) or ""."""
    fusion = str(results[0]["explanation"].get("fusion", "")) if results else ""
    if "does not read" not in fusion:
        return ""
    return "keywords" if fusion.startswith("bm25 only") else "bridged"


def search_page(request: HttpRequest) -> HttpResponse:
    """Free-text search with filters, 20 hits a page with the count found; results explain
    why they matched, and the page says how a query in another language was served."""
    q = (request.GET.get("q") or "").strip()
    filters = Filters(
        kind=request.GET.get("kind") or None, region=request.GET.get("region") or None
    )
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    results: list[dict[str, Any]] = []
    total, error = 0, ""
    if q:
        try:
            results, total, page = queries.search_page(request.user, q, filters, page, PER_PAGE)
        except InnofieldError as exc:
            error = str(exc)
    pages = max(1, -(-total // PER_PAGE))
    params = {"q": q, "kind": filters.kind or "", "region": filters.region or ""}
    context = {
        "q": q,
        "filters": filters,
        "results": results,
        "error": error,
        "total": total,
        "limit": queries.SEARCH_LIMIT,
        "page": page,
        "pages": pages,
        "first": (page - 1) * PER_PAGE,
        "prev_url": f"?{urlencode({**params, 'page': page - 1})}" if page > 1 else "",
        "next_url": f"?{urlencode({**params, 'page': page + 1})}" if page < pages else "",
        "languages": languages_note(results),
        "kinds": list(ITEM_KINDS),
        "regions": registry_queries.regions(request.user, level="province"),
    }
    template = "matchmaking/_hits.html" if request.htmx else "matchmaking/search.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def demand_matches(request: HttpRequest, demand_id: int) -> HttpResponse:
    """The panel of items that meet a demand (loaded by htmx on the demand page)."""
    try:
        demand, results = queries.match_demand(request.user, demand_id, Filters(), k=10)
    except InnofieldError as exc:
        return HttpResponse(f'<p class="msg error">{exc}</p>')
    mine = queries.verdicts_for(request.user, demand_id)
    for r in results:
        r["mine"] = mine.get(r["object"].pk)
    counts = queries.feedback_counts(demand_id)
    context = {
        "demand": demand,
        "results": results,
        "verdicts": Feedback.Verdict.choices,
        "counts": [(label, counts[v]) for v, label in Feedback.Verdict.choices],
        "can_judge": restrict(Demand.objects.filter(pk=demand.pk), request.user, "change").exists(),
    }
    return render(request, "matchmaking/_matches.html", context)


@login_required
@require_POST
def give_feedback(request: HttpRequest, demand_id: int, item_id: int) -> HttpResponse:
    """Store a verdict from the matches panel and re-render the panel."""
    try:
        actions.record_feedback(
            actor=request.user,
            demand_id=demand_id,
            item_id=item_id,
            verdict=request.POST.get("verdict", ""),
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
        return HttpResponse(f'<p class="msg error">{exc}</p>', status=exc.status)
    return demand_matches(request, demand_id)
