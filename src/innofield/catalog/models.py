"""Catalog models: supply items of every kind and demands."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization, Region

from .kinds import DEMAND_KINDS, ITEM_KINDS


class Item(models.Model):
    """A unit of supply: a technology, instrument, service, expert, computing capacity,
    capital product, space or dataset, owned by an organization in a region; its price is
    integer fen per ``price_unit``."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")

    Kind = models.TextChoices("Kind", [(k, k) for k in ITEM_KINDS])  # type: ignore[misc, call-overload]

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    classification = models.JSONField(default=list, blank=True, help_text="classification codes")
    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="items")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="items")
    price_fen = models.BigIntegerField(null=True, blank=True, help_text="fen per price_unit")
    price_unit = models.CharField(max_length=30, blank=True, help_text="e.g. CNY/hour")
    terms = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    trl = models.PositiveSmallIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    source = models.CharField(max_length=200, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "owner"
    permission_public = Q(status="active")

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "status", "region"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(trl__isnull=True) | Q(trl__gte=1, trl__lte=9), name="item_trl_1_9"
            ),
            models.CheckConstraint(
                condition=Q(price_fen__isnull=True) | Q(price_fen__gte=0),
                name="item_price_fen_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title[:80]}"


class Demand(models.Model):
    """A need published by an organization: technology, instrument, finance or talent; its
    budget is integer fen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("closed")
        RETIRED = "retired", _("retired")

    Kind = models.TextChoices("Kind", [(k, k) for k in DEMAND_KINDS])  # type: ignore[misc, call-overload]

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    keywords = models.JSONField(default=list, blank=True)
    classification = models.JSONField(default=list, blank=True)
    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="demands")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="demands")
    budget_fen = models.BigIntegerField(null=True, blank=True, help_text="fen")
    deadline = models.DateField(null=True, blank=True)
    preferred_regions = models.ManyToManyField(Region, blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    details = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "owner"
    permission_public = Q(status__in=["open", "matched"])

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen__isnull=True) | Q(budget_fen__gte=0),
                name="demand_budget_fen_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} need: {self.title[:80]}"
