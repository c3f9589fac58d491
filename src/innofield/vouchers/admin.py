"""Admin views of the vouchers app: read-only, since changes go through the actions."""

from django.contrib import admin

from innofield.ledger.admin import ReadOnly

from .models import ClearingClaim, CreditLine, Grant, Programme, Redemption, SettlementBatch


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly):
    """Voucher programmes."""

    list_display = ("code", "name", "issuer_region", "officer_org", "budget", "status")
    search_fields = ("code", "name")


@admin.register(Grant)
class GrantAdmin(ReadOnly):
    """Grants."""

    list_display = ("id", "programme", "firm", "amount", "redeemed", "released", "status")
    list_filter = ("status",)


@admin.register(Redemption)
class RedemptionAdmin(ReadOnly):
    """Redemptions."""

    list_display = (
        "id",
        "grant",
        "provider",
        "mode",
        "price",
        "subsidy",
        "issuer_region",
        "provider_region",
        "status",
    )
    list_filter = ("mode", "status")
    search_fields = ("key", "evidence")


@admin.register(ClearingClaim)
class ClearingClaimAdmin(ReadOnly):
    """Claims between regions."""

    list_display = ("id", "issuer_region", "provider_region", "amount", "batch")


@admin.register(SettlementBatch)
class SettlementBatchAdmin(ReadOnly):
    """Settlement runs."""

    list_display = ("id", "created", "claims", "gross")


@admin.register(CreditLine)
class CreditLineAdmin(ReadOnly):
    """Joint credit lines."""

    list_display = ("code", "firm", "lead_bank", "limit", "drawn", "score", "status")
