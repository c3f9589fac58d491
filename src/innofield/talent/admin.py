"""Admin views of the talent app: read-only, since changes go through the actions."""

from django.contrib import admin

from innofield.ledger.admin import ReadOnly

from .models import Consent, Consultation, Move, Profile, TalentDemand


@admin.register(Profile)
class ProfileAdmin(ReadOnly):
    """Profiles."""

    list_display = ("id", "name", "kind", "state")


@admin.register(Consent, Consultation, Move, TalentDemand)
class PartAdmin(ReadOnly):
    """Consents, consultations, moves and talent demands."""
