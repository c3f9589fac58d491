"""Governed data sharing: a dataset's usage policy and content, and access agreements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.catalog.models import Item
from innofield.registry.models import Organization

from .lifecycle import AGREEMENT


class DataPolicy(models.Model):
    """The usage policy of a dataset (an item of kind ``dataset``): who may get at it,
    for which purposes and how long, what is withheld, and the smallest group it may
    report on."""

    class Access(models.TextChoices):
        OPEN = "open", _("open to anyone")
        REGISTERED = "registered", _("registered users")
        AGREEMENT = "agreement", _("by agreement with the holder")
        AGGREGATE = "aggregate", _("aggregate statistics only, by agreement")

    dataset = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="data_policy")
    access = models.CharField(max_length=12, choices=Access.choices, default=Access.AGREEMENT)
    purposes = models.JSONField(
        default=list, blank=True, help_text="purposes allowed; empty: any stated purpose"
    )
    max_days = models.PositiveIntegerField(default=365, help_text="longest agreement, in days")
    onward_transfer = models.BooleanField(default=False, help_text="may pass data on")
    attribution = models.CharField(max_length=300, blank=True)
    withheld = models.JSONField(default=list, blank=True, help_text="columns never released")
    min_cell = models.PositiveIntegerField(default=5, help_text="smallest group reported")
    cross_border = models.BooleanField(
        default=False, help_text="may leave the country (with an agreement)"
    )

    permission_owner = "dataset__owner"
    permission_public = Q(dataset__status="active")

    def __str__(self) -> str:
        return f"policy of dataset {self.dataset_id}: {self.access}"


class DataTable(models.Model):
    """A dataset's content as a table (columns and rows), released only through the
    enforcement in :mod:`.access`."""

    dataset = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="data_table")
    columns = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "dataset__owner"
    permission_public = None

    def __str__(self) -> str:
        return f"table of dataset {self.dataset_id} ({len(self.rows)} rows)"


class Agreement(models.Model):
    """A requester's access to a dataset for a purpose and a period, agreed by its holder."""

    dataset = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="agreements")
    requester = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="data_agreements"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=300)
    days = models.PositiveIntegerField()
    state = models.CharField(
        max_length=12,
        default="requested",
        db_index=True,
        choices=[(s, s) for s in AGREEMENT.states()],
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    synthetic = models.BooleanField(default=False, help_text="an invented demo record")

    permission_owner = "dataset__owner"
    permission_public = None
    audit_parties = ("requester",)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"agreement {self.pk}: {self.requester_id} on dataset {self.dataset_id}"
