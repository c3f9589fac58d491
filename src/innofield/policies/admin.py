"""Admin views of the policies app: read-only, since changes go through the actions."""

from django.contrib import admin

from innofield.ledger.admin import ReadOnly

from .models import Measure, Policy, Target, Task


@admin.register(Policy)
class PolicyAdmin(ReadOnly):
    """Policies."""

    list_display = ("code", "title", "issuer", "region", "state", "effective_from")
    search_fields = ("code", "title", "document_number")


@admin.register(Measure, Target, Task)
class PartAdmin(ReadOnly):
    """Measures, targets and tasks."""
