"""Admin views of the ledger: read-only, since money only moves through actions."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Account, Transfer


class ReadOnly(admin.ModelAdmin):
    """No adding, changing or deleting from the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnly):
    """Accounts with their totals."""

    list_display = (
        "code",
        "name",
        "kind",
        "owner",
        "credits_posted",
        "debits_posted",
        "debits_pending",
    )
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(Transfer)
class TransferAdmin(ReadOnly):
    """Transfers."""

    list_display = ("id", "key", "debit", "credit", "amount", "status", "created")
    list_filter = ("status",)
    search_fields = ("key", "memo")
