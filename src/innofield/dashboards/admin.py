"""Admin view of the cached dashboard results (read-only: refresh through the action)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import DashboardResult


@admin.register(DashboardResult)
class DashboardResultAdmin(admin.ModelAdmin):
    """Cached dashboard payloads."""

    list_display = ("key", "params", "computed_at")
    list_filter = ("key",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Results are only written by ``refresh_dashboards``."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Results are only written by ``refresh_dashboards``."""
        return False
