"""Person profiles with their consent records and moves, and talent demands."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from innofield.registry.models import Organization, Region

from .lifecycle import CONSENT, CONSULTATION, DEMAND, Machine

#: The parts of a profile a person may agree to show (the name is always shown once
#: the profile is published).
SHOWABLE = (
    "fields",
    "skills",
    "organization",
    "history",
    "region",
    "languages",
    "mobility",
    "availability",
    "bio",
)


def _choices(machine: Machine) -> list[tuple[str, str]]:
    return [(s, s.replace("_", " ")) for s in machine.states()]


class Profile(models.Model):
    """An expert, researcher or engineer; shown to others only with their consent.

    ``shown`` mirrors the active :class:`Consent` (empty while private); the actions keep
    both in step. ``user`` is set when the person has a platform account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_profile",
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, default="researcher", help_text="expert, researcher or engineer"
    )
    fields = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    languages = models.JSONField(default=list, blank=True)
    consults_across_regions = models.BooleanField(default=False)
    bio = models.TextField(blank=True)
    state = models.CharField(
        max_length=10, choices=_choices(CONSENT), default="private", db_index=True
    )
    shown = models.JSONField(default=list, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = None  # owned by a person, not an organisation: see queries
    permission_public = Q(state="published")

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} (#{self.pk})"


class Consent(models.Model):
    """One consent record: what the person agreed to show, when, and its withdrawal."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="consents")
    shown = models.JSONField(default=list)
    given_at = models.DateTimeField()
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    basis = models.CharField(
        max_length=2000, blank=True, help_text="the person's documented request when an admin acts"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(withdrawn_at__isnull=True),
                name="talent_one_active_consent",
            )
        ]

    def __str__(self) -> str:
        return f"consent of #{self.profile_id} ({', '.join(self.shown)})"


class Move(models.Model):
    """A mobility event: the person moved from one organisation and region to another."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="moves")
    from_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    moved_on = models.DateField()
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["moved_on", "id"]

    def __str__(self) -> str:
        return f"#{self.profile_id} → {self.to_region.code} on {self.moved_on}"


class TalentDemand(models.Model):
    """An organisation seeks an expert: field, skills, region, languages and mobility."""

    code = models.CharField(max_length=40, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="talent_demands"
    )
    title = models.CharField(max_length=300)
    field = models.CharField(max_length=80, blank=True)
    skills = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="only people in this region",
    )
    languages = models.JSONField(default=list, blank=True)
    needs_mobility = models.BooleanField(
        default=False, help_text="only people willing to consult across regions"
    )
    state = models.CharField(max_length=10, choices=_choices(DEMAND), default="open", db_index=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "organization"
    permission_public = Q(state="open")

    class Meta:
        ordering = ["-created", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:80]}"


class Consultation(models.Model):
    """An organisation's request for hours of an expert's time, with the agreed fee.

    The expert (the profile's person) accepts with a fee in fen or declines; the
    requesting organisation completes it — paying the fee on the ledger from its account
    to the account of the expert's organisation (``payee``) — or cancels it.
    """

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="consultations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(max_length=300)
    hours = models.PositiveSmallIntegerField(default=1)
    wanted_on = models.DateField()
    starts_at = models.TimeField(
        null=True,
        blank=True,
        help_text="local start time in the expert's time zone; empty: a whole-day request "
        "judged against the day's total hours",
    )
    fee_fen = models.BigIntegerField(
        null=True, blank=True, help_text="the expert's fee for the whole consultation"
    )
    payee = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="the expert's organisation, paid the fee on the ledger",
    )
    transfer_key = models.CharField(
        max_length=80, blank=True, help_text="the ledger transfer that paid the fee"
    )
    paid_fen = models.BigIntegerField(
        default=0, help_text="the part of the fee the requester paid on the ledger"
    )
    voucher_fen = models.BigIntegerField(
        default=0, help_text="the part of the fee innovation vouchers paid to the payee"
    )
    state = models.CharField(
        max_length=10, choices=_choices(CONSULTATION), default="requested", db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "organization"

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_fen__isnull=True) | Q(fee_fen__gte=0), name="consultation_fee_sign"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=1) & Q(hours__lte=8), name="consultation_hours"
            ),
            models.CheckConstraint(
                condition=Q(paid_fen__gte=0)
                & Q(voucher_fen__gte=0)
                & Q(paid_fen__lte=F("fee_fen") - F("voucher_fen"))
                | Q(fee_fen__isnull=True, paid_fen=0, voucher_fen=0),
                name="consultation_paid_within_fee",
            ),
        ]

    def __str__(self) -> str:
        return f"consultation #{self.pk} of profile #{self.profile_id}"

    @property
    def due_fen(self) -> int:
        """What is left of the fee to pay (by the requester or a voucher); nothing once
        the expert waived it."""
        if self.state == "waived":
            return 0
        return max((self.fee_fen or 0) - self.paid_fen - self.voucher_fen, 0)


class Availability(models.Model):
    """The expert's own consultation calendar: weekly hours in their time zone, at most so
    many hours a day and a week, days off, and whether they take requests at all.

    ``weekly`` holds ``[weekday, from, until]`` triples (Monday = 0, minutes after local
    midnight); ``days_off`` ISO dates. A profile without one takes requests any day
    (the behaviour before calendars). See :mod:`innofield.talent.calendar`.
    """

    profile = models.OneToOneField(Profile, on_delete=models.CASCADE, related_name="availability")
    accepts_requests = models.BooleanField(default=True)
    zone = models.CharField(max_length=64, default="Asia/Shanghai")
    weekly = models.JSONField(default=list, blank=True)
    max_hours_day = models.PositiveSmallIntegerField(null=True, blank=True)
    max_hours_week = models.PositiveSmallIntegerField(null=True, blank=True)
    days_off = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"availability of #{self.profile_id}"
