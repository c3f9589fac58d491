"""Read-only admin views of the market: state changes go through the actions only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Bid, Deal, Listing, Milestone, Objection


class ReadOnly(admin.ModelAdmin):
    """An admin that shows records but never changes them (the actions do, with audit rows)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        """No adding outside the actions."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """No editing outside the actions."""
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """No deleting: the market's records are evidence."""
        return False


@admin.register(Listing)
class ListingAdmin(ReadOnly):
    """Listings."""

    list_display = ("id", "title", "mode", "state", "seller", "broker", "synthetic")
    list_filter = ("mode", "state", "synthetic")
    search_fields = ("title",)


@admin.register(Deal)
class DealAdmin(ReadOnly):
    """Deals."""

    list_display = (
        "id",
        "listing",
        "buyer",
        "state",
        "contract_type",
        "price_fen",
        "registration_no",
    )
    list_filter = ("state", "contract_type")
    search_fields = ("contract_no", "registration_no")


@admin.register(Bid)
class BidAdmin(ReadOnly):
    """Bids."""

    list_display = ("id", "listing", "bidder", "amount_fen", "placed_at")


@admin.register(Objection)
class ObjectionAdmin(ReadOnly):
    """Objections."""

    list_display = ("id", "listing", "state", "created")
    list_filter = ("state",)


@admin.register(Milestone)
class MilestoneAdmin(ReadOnly):
    """Milestones."""

    list_display = ("id", "deal", "seq", "title", "amount_fen", "state", "paid_at")
    list_filter = ("state",)
