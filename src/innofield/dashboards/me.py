"""The personal page (``/me/``): one overview of the user's work across the platform —
their organisations, demands, bookings, deals, vouchers and money — adapted to their roles.
Only queries are called; every list is restricted to what the user may see."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from innofield.booking import invoicing
from innofield.booking import queries as booking_queries
from innofield.catalog import queries as catalog_queries
from innofield.core.permissions import organization_ids
from innofield.ledger import queries as ledger_queries
from innofield.market import queries as market_queries
from innofield.registry.models import Membership
from innofield.vouchers import queries as voucher_queries

OPEN_DEAL_STATES = ("inquiry", "negotiation", "agreed", "signed", "registered")


def overview(actor: Any) -> dict[str, Any]:
    """Everything the personal page shows for ``actor`` (lists cut to their first rows)."""
    mine = organization_ids(actor, "view")
    memberships = Membership.objects.filter(user_id=actor.pk).select_related("organization")
    demands = catalog_queries.demands(actor).filter(owner_id__in=mine).order_by("-id")
    bookings = (
        booking_queries.bookings(actor, mine=True)
        .filter(end__gte=timezone.now())
        .select_related("instrument__booking_policy")
        .order_by("start")
    )
    deals = market_queries.deals(actor).order_by("-id")
    grants = voucher_queries.grants(actor).filter(firm_id__in=mine).select_related("programme")
    accounts = [
        ledger_queries.balance_of(a)
        for a in ledger_queries.accounts(actor).filter(owner_id__in=mine)[:20]
    ]
    return {
        "memberships": memberships,
        "demands": demands[:10],
        "demand_count": demands.count(),
        "open_demands": demands.filter(status="open").count(),
        "bookings": bookings[:10],
        "booking_count": bookings.count(),
        "approvals": booking_queries.approval_queue(actor).count(),
        "bills_due": invoicing.visible(actor).filter(payer_id__in=mine, status="open").count(),
        "deals": deals[:10],
        "open_deals": deals.filter(state__in=OPEN_DEAL_STATES).count(),
        "grants": [(g, g.amount - g.redeemed - g.released) for g in grants[:10]],
        "voucher_left": sum(g.amount - g.redeemed - g.released for g in grants),
        "programmes": voucher_queries.programmes(actor).filter(officer_org_id__in=mine)[:10],
        "accounts": accounts,
    }


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The user's own page: what needs doing and where things stand."""
    return render(request, "dashboards/me.html", overview(request.user))
