"""Ledger models: accounts with running totals and double-entry transfers.

Amounts are integers in fen (1/100 CNY). The totals on an account are a cache of the
sums of its transfers, kept in the same transaction as every transfer; the database
also refuses totals that break an account's limit flags (defence in depth).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innofield.registry.models import Organization

from .rules import Limits, Totals


class Account(models.Model):
    """A ledger account: of an organization, a programme, a region's clearing, or external."""

    class Kind(models.TextChoices):
        ORG = "org", _("organization")
        PROGRAMME = "programme", _("programme")
        CLEARING = "clearing", _("clearing")
        EXTERNAL = "external", _("external")

    code = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    owner = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    currency = models.CharField(max_length=3, default="CNY")
    debits_must_not_exceed_credits = models.BooleanField(default=False)
    credits_must_not_exceed_debits = models.BooleanField(default=False)
    debits_posted = models.BigIntegerField(default=0)
    credits_posted = models.BigIntegerField(default=0)
    debits_pending = models.BigIntegerField(default=0)
    credits_pending = models.BigIntegerField(default=0)
    metadata = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "owner"
    permission_public = None

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    debits_posted__gte=0,
                    credits_posted__gte=0,
                    debits_pending__gte=0,
                    credits_pending__gte=0,
                ),
                name="ledger_account_totals_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(debits_must_not_exceed_credits=False)
                | Q(credits_posted__gte=F("debits_posted") + F("debits_pending")),
                name="ledger_account_debits_within_credits",
            ),
            models.CheckConstraint(
                condition=Q(credits_must_not_exceed_debits=False)
                | Q(debits_posted__gte=F("credits_posted") + F("credits_pending")),
                name="ledger_account_credits_within_debits",
            ),
            models.CheckConstraint(
                condition=~(
                    Q(debits_must_not_exceed_credits=True) & Q(credits_must_not_exceed_debits=True)
                ),
                name="ledger_account_one_limit_flag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.name})"

    @property
    def totals(self) -> Totals:
        """The running totals as a pure value."""
        return Totals(
            self.debits_posted, self.credits_posted, self.debits_pending, self.credits_pending
        )

    @property
    def limits(self) -> Limits:
        """The limit flags as a pure value."""
        return Limits(self.debits_must_not_exceed_credits, self.credits_must_not_exceed_debits)

    @property
    def balance(self) -> int:
        """Posted credits minus posted debits, in fen."""
        return self.credits_posted - self.debits_posted


class Transfer(models.Model):
    """A double-entry transfer of ``amount`` fen from ``debit`` to ``credit``; its
    ``key`` makes submission idempotent. Pending transfers are later posted or voided."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        POSTED = "posted", _("posted")
        VOIDED = "voided", _("voided")

    key = models.CharField(max_length=200, unique=True)
    debit = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="debit_transfers")
    credit = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credit_transfers")
    amount = models.BigIntegerField()
    pending = models.BooleanField(default=False, help_text="submitted as a two-phase transfer")
    status = models.CharField(max_length=8, choices=Status.choices, db_index=True)
    memo = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved = models.DateTimeField(null=True, blank=True, help_text="when posted or voided")
    posted_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="when the amount was posted (statement date)",
    )

    permission_owner = "debit__owner"
    permission_public = None

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="ledger_transfer_amount_positive"
            ),
            models.CheckConstraint(
                condition=~Q(debit=F("credit")), name="ledger_transfer_distinct_accounts"
            ),
            models.CheckConstraint(
                condition=Q(pending=True) | Q(status="posted"),
                name="ledger_transfer_single_phase_posted",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.amount} fen {self.status} ({self.key})"
