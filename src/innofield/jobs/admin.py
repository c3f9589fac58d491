"""Admin view of background jobs: read-only (changes go through the actions)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Jobs, newest first, with their errors; cancel through the API or "my jobs"."""

    list_display = (
        "id",
        "kind",
        "owner",
        "state",
        "progress_done",
        "progress_total",
        "attempts",
        "created",
        "finished_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("kind", "owner__username", "error")
    raw_id_fields = ("owner", "organization")

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Jobs are submitted, not typed in."""
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Read-only: every change of a job is an action with its audit row."""
        return False
