"""Hubs and clusters (reference data), capacity offers, computing jobs, allocation runs,
placements with their explanations, and metered usage settled on the ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from innofield.registry.models import Organization

from .lifecycle import JOB, OFFER, Machine
from .reference import RESIDENCY, RESOURCES


def _choices(machine: Machine) -> list[tuple[str, str]]:
    return [(s, s) for s in machine.states()]


RESOURCE_CHOICES = [(r, r) for r in RESOURCES]
RESIDENCY_CHOICES = [(r, r) for r in RESIDENCY]


class Hub(models.Model):
    """One of the 8 national computing hub nodes of "east data, west computing".

    ``role`` is ``east`` for the four user-dense hubs and ``west`` for the four
    resource-rich ones (see ``data/README.md`` for the source)."""

    code = models.CharField(max_length=10, unique=True)
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=200)
    role = models.CharField(max_length=10)

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Cluster(models.Model):
    """A national data-centre cluster of a hub: where it is, its PUE target and the grid
    emission factor and (synthetic) electricity price of its first province."""

    code = models.CharField(max_length=10, unique=True)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="clusters")
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=200)
    provinces = models.JSONField(default=list, help_text="GB/T 2260 province codes")
    province = models.CharField(max_length=6, help_text="the first of ``provinces``")
    site_zh = models.CharField(max_length=100)
    site_en = models.CharField(max_length=200)
    lat = models.FloatField()
    lon = models.FloatField()
    pue_target = models.FloatField()
    grid_g_per_kwh = models.PositiveIntegerField(help_text="grid emission factor, g CO2/kWh")
    electricity_fen_per_kwh = models.PositiveIntegerField(help_text="synthetic, see README")

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Offer(models.Model):
    """A provider's capacity offer at a cluster: ``units_per_hour`` of a resource (GPU-hours,
    CPU core-hours or storage TB-days) in every hour of a time window, at ``price_fen`` per
    unit, with ``green_pct`` percent of its power from green sources.

    An optional off-peak tariff (闲时算力): ``offpeak_price_fen`` per unit in the hours
    ``offpeak_start``–``offpeak_end`` of every day, local time (``TIME_ZONE``,
    Asia/Shanghai; the range may wrap midnight, e.g. 23:00–07:00). All three or none."""

    provider = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="computing_offers"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="offers")
    resource = models.CharField(max_length=10, choices=RESOURCE_CHOICES)
    units_per_hour = models.PositiveIntegerField()
    price_fen = models.BigIntegerField(help_text="price per unit in fen")
    green_pct = models.PositiveSmallIntegerField(default=0)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    offpeak_price_fen = models.BigIntegerField(
        null=True, blank=True, help_text="off-peak price per unit in fen, ≤ price_fen"
    )
    offpeak_start = models.TimeField(null=True, blank=True, help_text="local time")
    offpeak_end = models.TimeField(null=True, blank=True, help_text="local time; may wrap")
    state = models.CharField(max_length=10, choices=_choices(OFFER), default="open", db_index=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "provider"
    permission_public = Q(state="open")

    class Meta:
        ordering = ["cluster_id", "resource", "price_fen", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_fen__gt=0), name="computing_offer_price"),
            models.CheckConstraint(condition=Q(green_pct__lte=100), name="computing_offer_green"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="computing_offer_window"
            ),
            models.CheckConstraint(
                condition=(
                    Q(offpeak_price_fen__isnull=True, offpeak_start__isnull=True)
                    & Q(offpeak_end__isnull=True)
                )
                | (
                    Q(offpeak_price_fen__gt=0, offpeak_price_fen__lte=models.F("price_fen"))
                    & Q(offpeak_start__isnull=False, offpeak_end__isnull=False)
                    & ~Q(offpeak_start=models.F("offpeak_end"))
                ),
                name="computing_offer_offpeak",
            ),
        ]

    def __str__(self) -> str:
        return f"offer #{self.pk} {self.resource} at {self.cluster.code}"


class ComputeJob(models.Model):
    """A computing job an organisation submits: size in units of a resource, where its
    data lies, the residency rule (``province``: stays in that province; ``zone``: in its
    economic zone), the deadline, whether it may wait for a cheaper or greener hour, an
    optional latency limit and the computing voucher that will pay part of it."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="computing_jobs"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300)
    hardware = models.CharField(max_length=10, choices=RESOURCE_CHOICES)
    units = models.PositiveIntegerField()
    data_province = models.CharField(max_length=6)
    residency = models.CharField(max_length=10, choices=RESIDENCY_CHOICES, default="none")
    deadline = models.DateTimeField()
    delay_tolerant = models.BooleanField(default=True)
    max_latency_ms = models.PositiveIntegerField(null=True, blank=True)
    voucher = models.ForeignKey(
        "vouchers.Grant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        max_length=10, choices=_choices(JOB), default="submitted", db_index=True
    )
    note = models.CharField(max_length=500, blank=True, help_text="why the last run left it")
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "organization"

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(units__gte=1), name="computing_job_units"),
        ]

    def __str__(self) -> str:
        return f"computing job #{self.pk} {self.title[:60]}"


class AllocationRun(models.Model):
    """One allocation run: the open jobs and free capacity it saw, the solver's result
    and the greedy nearest-hub baseline on the same problem (totals of money in fen,
    carbon in grams and latency in ms)."""

    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    objective = models.CharField(max_length=10, default="weighted")
    horizon_start = models.DateTimeField()
    windows = models.PositiveSmallIntegerField(default=24)
    jobs_open = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, default="optimal")
    objective_value = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    totals = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"allocation run #{self.pk}"


class Placement(models.Model):
    """Where a run put a job: the offer, the hour it runs in, the units reserved there,
    the price per unit it was planned at (``price_fen``; the off-peak price when
    ``offpeak``), its money (units × price, what metering and settlement charge), carbon
    and estimated latency, and why (``explanation``). ``active`` until the job is rejected
    or cancelled (the reservation is then released)."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    compute_job = models.ForeignKey(ComputeJob, on_delete=models.CASCADE, related_name="placements")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="placements")
    window_start = models.DateTimeField()
    units = models.PositiveIntegerField()
    price_fen = models.BigIntegerField(help_text="price per unit it was planned at, fen")
    offpeak = models.BooleanField(default=False, help_text="planned at the off-peak price")
    amount_fen = models.BigIntegerField()
    carbon_g = models.BigIntegerField()
    latency_ms = models.FloatField()
    explanation = models.JSONField(default=dict)
    active = models.BooleanField(default=True, db_index=True)

    permission_owner = "compute_job__organization"

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["compute_job"],
                condition=Q(active=True),
                name="computing_one_active_placement",
            )
        ]

    def __str__(self) -> str:
        return f"placement of job #{self.compute_job_id} on offer #{self.offer_id}"


class Usage(models.Model):
    """Metered usage of a job at its provider (a simulated meter), settled on the ledger:
    ``ORG-<firm>`` pays ``ORG-<provider>`` under ``transfer_key`` — ``amount_fen``, or in
    ``direct`` voucher mode what the voucher's share (``subsidy_fen``, redemption
    ``redemption_id``) leaves; in ``reimburse`` mode the firm pays in full and the share
    comes back to it. A clawed-back ``direct`` share moves to ``due_fen``, owed by the firm
    again until it pays it (:mod:`.usage_actions`)."""

    compute_job = models.OneToOneField(ComputeJob, on_delete=models.PROTECT, related_name="usage")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    units = models.PositiveIntegerField()
    amount_fen = models.BigIntegerField()
    carbon_g = models.BigIntegerField()
    metered_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    transfer_key = models.CharField(max_length=80, blank=True)
    redemption_id = models.BigIntegerField(null=True, blank=True)
    subsidy_fen = models.BigIntegerField(default=0)
    due_fen = models.BigIntegerField(
        default=0, help_text="a clawed-back direct voucher share the firm owes again"
    )
    voucher_mode = models.CharField(
        max_length=10, blank=True, help_text="direct or reimburse; empty without a voucher"
    )
    synthetic = models.BooleanField(default=False)

    permission_owner = "organization"
    audit_parties = ("provider",)

    class Meta:
        ordering = ["-metered_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="computing_usage_amount"),
        ]

    def __str__(self) -> str:
        return f"usage #{self.pk} of job #{self.compute_job_id}"
