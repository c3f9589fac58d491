"""Admin views of the audit log (read-only) and API tokens."""

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """The audit log is append-only: viewable, never edited here."""

    list_display = ("at", "actor_name", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor_name", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens (only their prefixes are shown)."""

    list_display = ("user", "prefix", "created", "last_used", "revoked")
    readonly_fields = ("user", "digest", "prefix", "created", "last_used")
