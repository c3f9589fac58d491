"""Admin views of the alliances app: read-only, since changes go through the actions."""

from django.contrib import admin

from innofield.ledger.admin import ReadOnly

from .models import Agreement, DataPolicy


@admin.register(DataPolicy, Agreement)
class DataSharingAdmin(ReadOnly):
    """Usage policies and agreements."""
