"""The market pages of one party: the seller's and the buyer's views, the broker's
queue, and the registration data export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from innofield.core.permissions import organization_ids

from . import machine, queries, registration
from .models import Bid, Objection


@login_required
def my_market(request: HttpRequest, role: str) -> HttpResponse:
    """The seller's view, the buyer's view or the broker's queue."""
    if role not in (machine.SELLER, machine.BUYER, machine.BROKER):
        raise Http404(role)
    deals = queries.deals(request.user, role=role)
    ids = organization_ids(request.user, "view")
    context: dict[str, Any] = {
        "role": role,
        "deals": deals[:200],
        "listings": None,
        "bids": None,
        "objections": None,
    }
    if role == machine.SELLER:
        context["listings"] = (
            queries.listings(request.user)
            .filter(Q(seller__in=ids) | Q(owners__organization__in=ids))
            .distinct()[:200]
        )
    elif role == machine.BUYER:
        context["bids"] = Bid.objects.filter(bidder__in=ids).select_related("listing", "bidder")[
            :200
        ]
    else:
        context["deals"] = deals.exclude(state__in=machine.FINAL_DEAL_STATES)[:200]
        context["objections"] = Objection.objects.filter(
            listing__broker__in=ids, state="open"
        ).select_related("listing")[:200]
    return render(request, "market/my_market.html", context)


@login_required
def registrations_csv(request: HttpRequest) -> HttpResponse:
    """Registration data of the contracts you may see, as CSV."""
    response = HttpResponse(
        registration.to_csv(queries.registration_rows(request.user)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="technology-contracts.csv"'
    return response
