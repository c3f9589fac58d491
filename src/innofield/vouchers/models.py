"""Voucher models: programmes, grants, redemptions, inter-regional clearing, joint credit.

Money lives on the ledger; these rows record why it moved. Amounts are fen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innofield.catalog.models import Item
from innofield.ledger.models import Account
from innofield.registry.models import Alliance, Organization, Region

from . import lifecycle, rules

#: the machines whose states the ``Status`` choices below name (checked in the tests)
MACHINES = {
    "Programme": lifecycle.PROGRAMME,
    "Grant": lifecycle.GRANT,
    "Redemption": lifecycle.REDEMPTION,
    "CreditLine": lifecycle.CREDIT_LINE,
}


class Programme(models.Model):
    """A voucher programme issued by a region (or an alliance), run by a government
    organization, with its budget in a programme ledger account."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    issuer_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    issuer_alliance = models.ForeignKey(
        Alliance, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_org = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="voucher_programmes"
    )
    budget = models.BigIntegerField(help_text="initial budget in fen")
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="programme")
    granted_account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="+")
    co_funding_bp = models.PositiveIntegerField(help_text="voucher share of the price, in ‱")
    cap_per_firm_year = models.BigIntegerField()
    max_per_contract = models.BigIntegerField(null=True, blank=True)
    split_window_days = models.PositiveIntegerField(default=30)
    valid_from = models.DateField()
    valid_to = models.DateField()
    eligible_org_types = models.JSONField(default=list, blank=True)
    max_employees = models.PositiveIntegerField(null=True, blank=True)
    eligible_regions = models.JSONField(default=list, blank=True)
    provider_regions = models.JSONField(default=list, blank=True)
    service_kinds = models.JSONField(default=list, blank=True)
    modes = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "officer_org"
    permission_public = Q(status="open")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def terms(self) -> rules.Terms:
        """The programme's rules as a pure value."""
        return rules.Terms(
            co_funding_bp=self.co_funding_bp,
            cap_per_firm_year=self.cap_per_firm_year,
            max_per_contract=self.max_per_contract,
            split_window_days=self.split_window_days,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            eligible_org_types=tuple(self.eligible_org_types),
            max_employees=self.max_employees,
            eligible_regions=tuple(self.eligible_regions),
            provider_regions=tuple(self.provider_regions),
            service_kinds=tuple(self.service_kinds),
            modes=tuple(self.modes),
        )


class Grant(models.Model):
    """A voucher granted to a firm: ``amount`` fen committed from the programme budget,
    ``redeemed`` fen of it used so far."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")

    key = models.CharField(max_length=200, unique=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="grants")
    firm = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="voucher_grants")
    amount = models.BigIntegerField()
    redeemed = models.BigIntegerField(default=0)
    released = models.BigIntegerField(default=0, help_text="returned to the budget at expiry")
    year = models.PositiveIntegerField()
    expires_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "firm"
    audit_parties = ("programme__officer_org",)
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_grant_positive"),
            models.CheckConstraint(
                condition=Q(redeemed__gte=0, released__gte=0)
                & Q(amount__gte=F("redeemed") + F("released")),
                name="voucher_grant_not_overspent",
            ),
        ]

    def __str__(self) -> str:
        return f"grant #{self.pk} {self.firm.code} {self.amount} fen"

    @property
    def remaining(self) -> int:
        """Fen still available on the grant."""
        return self.amount - self.redeemed - self.released


class Redemption(models.Model):
    """A use of a grant at a provider, backed by delivery evidence."""

    class Status(models.TextChoices):
        PAID = "paid", _("paid")
        CLAWED_BACK = "clawed_back", _("clawed back")

    key = models.CharField(max_length=200, unique=True)
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="redemptions")
    provider = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="voucher_redemptions"
    )
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_kind = models.CharField(max_length=40)
    mode = models.CharField(max_length=10, choices=[(m, m) for m in rules.MODES])
    price = models.BigIntegerField()
    subsidy = models.BigIntegerField()
    evidence = models.CharField(
        max_length=80, unique=True, help_text="booking:<id>, milestone:<id> or usage:<id>"
    )
    issuer_region = models.CharField(max_length=20)
    provider_region = models.CharField(max_length=20)
    transfers = models.JSONField(default=list, help_text="ids of the ledger transfers")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PAID)
    clawback_reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "grant__firm"
    audit_parties = ("provider", "grant__programme__officer_org")
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0, subsidy__gt=0) & Q(price__gte=F("subsidy")),
                name="voucher_redemption_amounts",
            ),
        ]

    def __str__(self) -> str:
        return f"redemption #{self.pk} {self.subsidy} fen at {self.provider.code}"

    @property
    def cross_region(self) -> bool:
        """True when the provider is in another province than the issuer."""
        return self.issuer_region != self.provider_region


class SettlementBatch(models.Model):
    """One clearing run between regions: the issuing region pays the provider's region."""

    created = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claims = models.PositiveIntegerField(default=0)
    gross = models.BigIntegerField(default=0)
    net = models.JSONField(default=list, help_text="[{payer, payee, amount, transfer}]")

    permission_owner = None
    permission_public = None

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "settlement batches"

    def __str__(self) -> str:
        return f"settlement #{self.pk} ({self.claims} claims)"


class ClearingClaim(models.Model):
    """What an issuing region owes a provider's region for one redemption (negative for
    a clawback); settled by a :class:`SettlementBatch`."""

    issuer_region = models.CharField(max_length=20, db_index=True)
    provider_region = models.CharField(max_length=20, db_index=True)
    amount = models.BigIntegerField()
    redemption = models.ForeignKey(Redemption, on_delete=models.PROTECT, related_name="claims")
    batch = models.ForeignKey(
        SettlementBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="claim_rows"
    )
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = None
    permission_public = None

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.issuer_region}→{self.provider_region} {self.amount}"


class CreditLine(models.Model):
    """A joint credit line for a tech SME: a lead bank and partner banks each fund a
    share; the score and its explanation come from platform data."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    code = models.CharField(max_length=60, unique=True)
    firm = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="credit_lines")
    lead_bank = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    limit = models.BigIntegerField(help_text="credit limit in fen")
    drawn = models.BigIntegerField(default=0)
    score = models.PositiveSmallIntegerField()
    explanation = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "firm"
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(limit__gt=0, drawn__gte=0) & Q(limit__gte=F("drawn")),
                name="voucher_credit_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"credit line {self.code} for {self.firm.code}"


class CreditShare(models.Model):
    """One bank's share of a joint credit line, in basis points (all shares sum to 10000)."""

    line = models.ForeignKey(CreditLine, on_delete=models.CASCADE, related_name="shares")
    bank = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    share_bp = models.PositiveIntegerField()
    lead = models.BooleanField(default=False)

    permission_owner = "bank"
    permission_public = None

    class Meta:
        ordering = ["-lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "bank"], name="voucher_credit_one_share_per_bank"
            ),
            models.CheckConstraint(
                condition=Q(share_bp__gt=0, share_bp__lte=10_000), name="voucher_credit_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank.code} {self.share_bp}‱ of {self.line.code}"
