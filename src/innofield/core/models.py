"""Core models: the audit log and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditLog(models.Model):
    """One row per state change: who did what to which object, when, and what changed."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    action_id = models.CharField(
        max_length=32,
        blank=True,
        db_index=True,
        help_text="groups the rows one request or command wrote",
    )
    before = models.JSONField(null=True, blank=True, help_text="the object before the change")
    after = models.JSONField(null=True, blank=True, help_text="the object after the change")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        who = self.actor_name or "system"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_repr}"


class AuditParty(models.Model):
    """An organisation concerned by an audit row (the object's owner, a booker, a buyer):
    its managers see the row in the audit trail."""

    audit = models.ForeignKey(AuditLog, on_delete=models.CASCADE, related_name="parties")
    organization_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "organization_id"], name="audit_party_once")
        ]

    def __str__(self) -> str:
        return f"{self.audit_id} → organization {self.organization_id}"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
