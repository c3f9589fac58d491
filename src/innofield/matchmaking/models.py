"""Matchmaking models: the index change log, shared embeddings, levers and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndexChange(models.Model):
    """One catalog change the search indexes must apply (written in the change's transaction).

    Every process keeps its own in-memory engine as a cache and replays the changes
    with a larger ``id`` than it has seen, so no process depends on another's memory.
    """

    class Target(models.TextChoices):
        ITEM = "item", _("item")
        DEMAND = "demand", _("demand")

    target = models.CharField(max_length=10, choices=Target.choices)
    object_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["target", "id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target} {self.object_id}"


class Embedding(models.Model):
    """A sentence embedding of a text, keyed by the encoder and the text's content hash."""

    encoder = models.CharField(max_length=40)
    content_hash = models.CharField(max_length=64)
    vector = models.BinaryField(help_text="float32, little-endian")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["encoder", "content_hash"], name="one_vector_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.encoder}:{self.content_hash[:12]}"


class Lever(models.Model):
    """A policy lever of the matching, e.g. the weight given to cross-regional partners.

    Levers are platform settings changed only through an audited action; each result
    says which levers moved it.
    """

    name = models.CharField(max_length=40, unique=True)
    weight = models.FloatField(default=0.0)
    description = models.CharField(max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = None
    permission_public = Q()

    def __str__(self) -> str:
        return f"{self.name}={self.weight}"


class Feedback(models.Model):
    """A user's verdict on a proposed match between a demand and an item."""

    class Verdict(models.TextChoices):
        INTERESTED = "interested", _("interested")
        NOT_RELEVANT = "not_relevant", _("not relevant")
        TOO_EARLY = "too_early", _("too early")
        BENEFIT_UNCLEAR = "benefit_unclear", _("benefit unclear")

    demand = models.ForeignKey("catalog.Demand", on_delete=models.CASCADE, related_name="feedback")
    item = models.ForeignKey("catalog.Item", on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    note = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "demand__owner"
    permission_public = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["demand", "item", "user"], name="one_verdict_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} on demand {self.demand_id} × item {self.item_id}: {self.verdict}"
