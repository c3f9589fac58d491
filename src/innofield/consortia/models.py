"""Alliances of organisations with members, fees and resource pools; joint R&D projects
with partners, work packages, funding, milestones, an IP agreement and results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from innofield.catalog.models import Item
from innofield.registry.models import Organization, Region

from .lifecycle import ALLIANCE, MEMBERSHIP, MILESTONE, PROJECT, Machine

#: Roles in an alliance, most responsibility first. Observers pay no fee and get no
#: member terms at pooled resources.
ROLES = ("lead", "core", "ordinary", "observer")
#: Roles whose members book pooled resources at member terms.
TERMS_ROLES = ("lead", "core", "ordinary")
KINDS = ("technology_innovation_alliance", "industry_chain_alliance", "innovation_consortium")
#: The catalog kinds a member may pool.
POOL_KINDS = ("instrument", "dataset", "computing")


def _choices(machine: Machine) -> list[tuple[str, str]]:
    return [(s, s.replace("_", " ")) for s in machine.states()]


class OrgAlliance(models.Model):
    """An alliance of organisations (产业技术创新战略联盟, 产业链联盟): a charter, a lead
    (the chair or secretariat unit), yearly fees by role and a fund account on the ledger
    (``account_code``, kind programme: money moves in only as fees, through this app).

    Not the registry's ``Alliance``, which groups regions that issue vouchers.
    """

    code = models.CharField(max_length=40, unique=True)
    name_zh = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=40, default=KINDS[0])
    charter = models.TextField(blank=True)
    lead = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="led_alliances")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    founded_on = models.DateField(null=True, blank=True)
    fees = models.JSONField(default=dict, blank=True, help_text="yearly fee in fen by role")
    account_code = models.CharField(max_length=80, blank=True)
    source = models.CharField(max_length=500, blank=True, help_text="public source of the facts")
    state = models.CharField(
        max_length=10, choices=_choices(ALLIANCE), default="active", db_index=True
    )
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "lead"
    permission_public = Q(state="active")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_en or self.name_zh}"

    def fee_for(self, role: str) -> int:
        """The yearly fee of ``role`` in fen (0 where the charter sets none)."""
        return int((self.fees or {}).get(role) or 0)


class AllianceMembership(models.Model):
    """An organisation's membership of an alliance with its role, from application to
    approval (or rejection), withdrawal or expulsion."""

    alliance = models.ForeignKey(OrgAlliance, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="alliance_memberships"
    )
    role = models.CharField(max_length=10, default="ordinary")
    state = models.CharField(
        max_length=10, choices=_choices(MEMBERSHIP), default="applied", db_index=True
    )
    motivation = models.TextField(blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = models.BooleanField(default=False)

    permission_owner = "organization"
    audit_parties = ("alliance__lead",)

    class Meta:
        ordering = ["alliance_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organization"],
                condition=Q(state__in=["applied", "member"]),
                name="consortia_one_live_membership",
            ),
            models.CheckConstraint(
                condition=Q(role__in=ROLES), name="consortia_membership_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} in {self.alliance.code} ({self.role})"


class FeePayment(models.Model):
    """A member's yearly fee, paid on the ledger into the alliance's account."""

    membership = models.ForeignKey(
        AllianceMembership, on_delete=models.PROTECT, related_name="fees"
    )
    year = models.PositiveSmallIntegerField()
    amount_fen = models.BigIntegerField()
    transfer_key = models.CharField(max_length=120)
    paid_at = models.DateTimeField(auto_now_add=True)

    permission_owner = "membership__organization"
    audit_parties = ("membership__alliance__lead",)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="consortia_fee_once"),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="consortia_fee_positive"),
        ]

    def __str__(self) -> str:
        return f"fee {self.year} of membership #{self.membership_id}"


class PoolEntry(models.Model):
    """A member's instrument, dataset or computing offer made available to the alliance's
    members at member terms (instruments: the booking policy's member price)."""

    alliance = models.ForeignKey(OrgAlliance, on_delete=models.CASCADE, related_name="pool")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="alliance_pools")
    terms = models.TextField(blank=True, help_text="the member terms in words")
    active = models.BooleanField(default=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "item__owner"
    audit_parties = ("alliance__lead",)

    class Meta:
        ordering = ["alliance_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "item"], name="consortia_pool_item_once")
        ]

    def __str__(self) -> str:
        return f"item #{self.item_id} pooled in {self.alliance.code}"


class JointProject(models.Model):
    """A joint R&D project of a consortium: a lead and partners (across regions), a total
    budget, work packages, funders whose money waits in the project's escrow
    (``consortia:project:<id>``) and is paid per accepted milestone."""

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    lead = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="led_projects")
    alliance = models.ForeignKey(
        OrgAlliance, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    budget_fen = models.BigIntegerField()
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=_choices(PROJECT), default="draft")
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "lead"
    permission_public = Q(state__in=["active", "completed"])

    class Meta:
        ordering = ["-created", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_fen__gt=0), name="consortia_budget_positive")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Partner(models.Model):
    """An organisation in a project's consortium: its budget and its foreground IP share
    (percent, set by the IP agreement)."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="partners")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, default="partner", help_text="lead or partner")
    budget_fen = models.BigIntegerField(default=0)
    ip_share = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)

    permission_owner = "project__lead"
    audit_parties = ("organization",)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization"], name="consortia_partner_once"
            ),
            models.CheckConstraint(condition=Q(budget_fen__gte=0), name="consortia_partner_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.organization.code} in {self.project.code}"


class WorkPackage(models.Model):
    """A work package of a project, led by one partner."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="packages")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    leader = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)

    permission_owner = "project__lead"

    class Meta:
        ordering = ["project_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="consortia_package_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:60]}"


class Funding(models.Model):
    """A funder's money for a project, paid into the project's escrow: a funder
    organisation (a bureau running a programme, a firm, a fund); ``programme`` names the
    funding programme it comes from, if any. ``refunded_fen``: returned at the end."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(max_length=200, blank=True)
    amount_fen = models.BigIntegerField()
    refunded_fen = models.BigIntegerField(default=0)
    transfer_key = models.CharField(max_length=120)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "funder"
    audit_parties = ("project__lead",)

    class Meta:
        ordering = ["project_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="consortia_funding_pos"),
            models.CheckConstraint(
                condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=models.F("amount_fen")),
                name="consortia_refund_within_funding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder.code} funds {self.project.code}"


class Milestone(models.Model):
    """A milestone: deliverables, the evidence submitted for them, and the payment that an
    accepted milestone releases from the escrow to the partners by budget share."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="milestones")
    package = models.ForeignKey(
        WorkPackage, null=True, blank=True, on_delete=models.SET_NULL, related_name="milestones"
    )
    seq = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    amount_fen = models.BigIntegerField()
    deliverables = models.JSONField(default=list, blank=True)
    evidence = models.TextField(blank=True)
    review = models.TextField(blank=True, help_text="the lead's or funder's note on acceptance")
    state = models.CharField(max_length=10, choices=_choices(MILESTONE), default="planned")
    payments = models.JSONField(default=list, blank=True, help_text="[{organization, amount_fen}]")
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "project__lead"

    class Meta:
        ordering = ["project_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["project", "seq"], name="consortia_milestone_seq"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="consortia_ms_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} M{self.seq} {self.title[:60]}"


class IPAgreement(models.Model):
    """The project's IP agreement: background IP each partner brings (listed, stays its
    own) and foreground IP shares per partner (on :class:`Partner`, summing to 100 %)."""

    project = models.OneToOneField(JointProject, on_delete=models.CASCADE, related_name="ip")
    background = models.JSONField(default=list, blank=True, help_text="[{organization, title}]")
    terms = models.TextField(blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    permission_owner = "project__lead"

    def __str__(self) -> str:
        return f"IP agreement of {self.project.code}"


class ProjectResult(models.Model):
    """A result registered by a project: a catalog technology co-owned by the partners by
    their foreground shares (``details.co_owners``), which the market sells and splits."""

    project = models.ForeignKey(JointProject, on_delete=models.CASCADE, related_name="results")
    item = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="project_result")
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "project__lead"

    class Meta:
        ordering = ["project_id", "id"]

    def __str__(self) -> str:
        return f"result #{self.item_id} of {self.project.code}"
