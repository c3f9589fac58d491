"""Booking models: instrument policies, bookings, blackouts, usage, waiting list, notifications.

No two bookings in :data:`~innofield.booking.lifecycle.HOLDING` statuses of one
instrument may overlap in their hold (``hold_start``–``hold_end``, the buffer
included). Migration 0002 makes the database enforce it: an exclusion constraint
on PostgreSQL, triggers on SQLite.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innofield.catalog.decimals import SafeDecimalField
from innofield.catalog.models import Item
from innofield.registry.models import Organization

from . import lifecycle


def _no_quotas() -> list[dict[str, object]]:
    return []


def _all_days() -> list[int]:
    return [0, 1, 2, 3, 4, 5, 6]


class Policy(models.Model):
    """The booking rules and prices of one instrument (a catalog item of kind ``instrument``)."""

    instrument = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="booking_policy")
    zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    open_from = models.PositiveSmallIntegerField(
        default=0, help_text="minutes after local midnight"
    )
    open_until = models.PositiveSmallIntegerField(
        default=1440, help_text="minutes after local midnight"
    )
    open_days = models.JSONField(default=_all_days, help_text="weekdays, Monday = 0")
    min_minutes = models.PositiveIntegerField(default=30)
    max_minutes = models.PositiveIntegerField(default=480)
    granularity_minutes = models.PositiveIntegerField(default=30)
    min_notice_minutes = models.PositiveIntegerField(default=0)
    max_advance_days = models.PositiveIntegerField(default=90)
    buffer_minutes = models.PositiveIntegerField(default=0)
    approval_required = models.BooleanField(default=False)
    qualification_required = models.BooleanField(default=False)
    quotas = models.JSONField(
        default=_no_quotas,
        blank=True,
        help_text='[{"scope": "user|organization", "period": "day|week|month", '
        '"max_hours": 8, "max_bookings": 2}]',
    )
    price_internal_fen = models.BigIntegerField(default=0, help_text="fen per hour")
    price_academic_fen = models.BigIntegerField(default=0, help_text="fen per hour")
    price_industry_fen = models.BigIntegerField(default=0, help_text="fen per hour")
    price_cross_region_fen = models.BigIntegerField(
        null=True, blank=True, help_text="fen per hour; empty: not priced separately"
    )
    price_member_fen = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="fen per hour for fellow members of an alliance pooling the instrument; "
        "empty: not priced",
    )
    cancel_free_hours = models.PositiveIntegerField(default=24)
    late_cancel_fraction = SafeDecimalField(max_digits=4, decimal_places=3, default=Decimal("0.5"))
    no_show_grace_minutes = models.PositiveIntegerField(default=15)
    no_show_fraction = SafeDecimalField(max_digits=4, decimal_places=3, default=Decimal("1"))
    bill_max_booked_logged = models.BooleanField(default=True)
    synthetic = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "instrument__owner"
    permission_public = Q(instrument__status="active")

    class Meta:
        verbose_name_plural = "policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(open_from__lt=models.F("open_until")), name="policy_opening_order"
            ),
            models.CheckConstraint(condition=Q(open_until__lte=1440), name="policy_open_until_max"),
            models.CheckConstraint(
                condition=Q(min_minutes__lte=models.F("max_minutes")), name="policy_min_le_max"
            ),
            models.CheckConstraint(
                condition=Q(price_internal_fen__gte=0, price_academic_fen__gte=0)
                & Q(price_industry_fen__gte=0)
                & (Q(price_cross_region_fen__isnull=True) | Q(price_cross_region_fen__gte=0)),
                name="policy_prices_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"policy of {self.instrument_id}"


class Booking(models.Model):
    """A user's claim on an instrument from ``start`` to ``end``; ``hold_*`` adds the buffer.

    Money is integer fen: the tier's hourly price, the quote and the charge (usage,
    late-cancellation or no-show fee) that :class:`Invoice` bills.
    """

    Status = models.TextChoices("Status", [(s, s.replace("_", " ")) for s in lifecycle.STATUSES])  # type: ignore[call-overload,misc]

    instrument = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="bookings"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    hold_start = models.DateTimeField()
    hold_end = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, db_index=True)
    purpose = models.CharField(max_length=500, blank=True)
    tier = models.CharField(max_length=15)
    price_per_hour_fen = models.BigIntegerField(help_text="the tier's price, fen per hour")
    quoted_fen = models.BigIntegerField(help_text="the price of the booked time, fen")
    charge_fen = models.BigIntegerField(default=0, help_text="what was charged, fen")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    synthetic = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    permission_owner = "instrument__owner"
    audit_parties = ("organization",)
    permission_public = None

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["instrument", "hold_start", "hold_end"]),
            models.Index(fields=["user", "start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="booking_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(hold_start__lt=models.F("hold_end")), name="booking_hold_order"
            ),
        ]

    def __str__(self) -> str:
        return f"booking {self.pk} of {self.instrument_id} {self.start:%Y-%m-%d %H:%M}"


class Blackout(models.Model):
    """A window in which an instrument cannot be booked (maintenance, holiday, repair)."""

    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("maintenance")
        BLACKOUT = "blackout", _("blackout")

    class OnClash(models.TextChoices):
        NOTIFY = "notify", _("notify the bookers")
        CANCEL = "cancel", _("cancel clashing bookings")
        BOOK_AROUND = "book_around", _("keep bookings, black out around them")

    instrument = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="blackouts")
    start = models.DateTimeField()
    end = models.DateTimeField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MAINTENANCE)
    on_clash = models.CharField(max_length=12, choices=OnClash.choices, default=OnClash.NOTIFY)
    reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "instrument__owner"
    permission_public = Q(instrument__status="active")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="blackout_start_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.instrument_id} {self.start:%Y-%m-%d %H:%M}"


class Qualification(models.Model):
    """A user trained and allowed to use an instrument that requires qualification."""

    instrument = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="qualifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    granted = models.DateTimeField(auto_now_add=True)

    permission_owner = "instrument__owner"
    permission_public = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "user"], name="one_qualification")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} qualified on {self.instrument_id}"


class UsageLog(models.Model):
    """Actual use of an instrument: times, operator, samples; the basis of the sharing metrics."""

    instrument = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="usage_logs")
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="usage"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="instrument_usage"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    operator = models.CharField(max_length=150, blank=True)
    samples = models.PositiveIntegerField(default=0)
    external = models.BooleanField(help_text="service for a user outside the owning organization")
    income_fen = models.BigIntegerField(default=0, help_text="the booking's charge, fen")
    synthetic = models.BooleanField(default=False)

    permission_owner = "instrument__owner"
    permission_public = None

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["instrument", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="usage_start_before_end"
            )
        ]

    def __str__(self) -> str:
        return f"usage of {self.instrument_id} {self.start:%Y-%m-%d %H:%M}"


class WaitlistEntry(models.Model):
    """A user waiting for a taken slot; offered the slot when it is freed."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("offered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    instrument = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="waitlist")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waitlist"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created = models.DateTimeField(auto_now_add=True)

    permission_owner = "instrument__owner"
    permission_public = None

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} waiting for {self.instrument_id} {self.start:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message recorded for a user about a booking (sent by e-mail or shown in the app).

    ``text`` is the untranslated message (a catalogue key with ``%(name)s`` places) and
    ``params`` its values, so :meth:`shown` says it in the reader's language; ``message``
    keeps the English wording of the moment (rows written before ``text`` existed have
    only that)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="booking_notifications"
    )
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=500)
    text = models.CharField(max_length=500, blank=True, default="")
    params = models.JSONField(blank=True, default=dict)
    created = models.DateTimeField(auto_now_add=True)
    read = models.BooleanField(default=False)

    permission_owner = None
    permission_public = None

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

    def shown(self) -> str:
        """The message in the active language: ``text`` translated with ``params`` filled
        in (words among them, such as a blackout's kind, translated too); the stored
        English ``message`` for rows without ``text``."""
        from .notices import render

        return render(self.text, self.params) if self.text else self.message


class Invoice(models.Model):
    """The bill of one booking's charge (usage, late cancellation or no-show), in fen.

    The booker's organisation (``payer``) owes ``amount_fen`` to the instrument's owner
    (``payee``). A voucher redeemed in direct mode pays ``voucher_fen`` of it straight to
    the payee; the payer pays the rest from its ledger account. A booking inside one
    organisation moves no money (status ``internal``). Every fen that reached the payee
    is an :class:`InvoicePayment` pointing at its ledger transfer.
    """

    Status = models.TextChoices("Status", [(s, s) for s in lifecycle.INVOICE_STATES])  # type: ignore[call-overload,misc]

    class Kind(models.TextChoices):
        USAGE = "usage", _("usage")
        CANCELLATION = "cancellation", _("late cancellation")
        NO_SHOW = "no_show", _("no-show")

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="invoice")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    payer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    amount_fen = models.BigIntegerField()
    voucher_fen = models.BigIntegerField(default=0)
    paid_fen = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    permission_owner = "payee"
    audit_parties = ("payer",)
    permission_public = None

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(
                condition=Q(voucher_fen__gte=0, paid_fen__gte=0)
                & Q(amount_fen__gte=models.F("voucher_fen") + models.F("paid_fen")),
                name="invoice_paid_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"invoice {self.pk} of booking {self.booking_id}"

    @property
    def due_fen(self) -> int:
        """What the payer still owes, in fen (nothing once paid, waived or internal)."""
        if self.status != lifecycle.INVOICE_OPEN:
            return 0
        return self.amount_fen - self.voucher_fen - self.paid_fen


class InvoicePayment(models.Model):
    """One ledger transfer that paid (part of) an invoice: from the payer, or a voucher."""

    class Source(models.TextChoices):
        PAYER = "payer", _("payer")
        VOUCHER = "voucher", _("voucher")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    transfer = models.OneToOneField(
        "ledger.Transfer", on_delete=models.PROTECT, related_name="booking_payment"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    amount_fen = models.BigIntegerField()

    permission_owner = "invoice__payee"
    permission_public = None

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.source} payment of invoice {self.invoice_id}"


class InstrumentDay(models.Model):
    """One instrument's sharing-report figures on one local day (the platform's time zone).

    Kept by the booking actions in the same transaction as the change (see
    :mod:`innofield.booking.figures`): used and external-service time from the usage
    log, booked time of holding bookings, available time (opening hours less
    blackouts) in integer microseconds, and the income (fen) the owner received on the
    ledger for bookings starting that day. Days with nothing to count have no row.
    """

    instrument = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="report_days")
    day = models.DateField()
    effective_us = models.BigIntegerField(default=0)
    external_us = models.BigIntegerField(default=0)
    booked_us = models.BigIntegerField(default=0)
    available_us = models.BigIntegerField(default=0)
    income_fen = models.BigIntegerField(default=0)

    permission_owner = "instrument__owner"
    permission_public = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument", "day"], name="one_report_day"),
        ]

    def __str__(self) -> str:
        return f"figures of instrument {self.instrument_id} on {self.day}"


class ReportCoverage(models.Model):
    """The local days ``first_day`` ≤ day < ``last_day`` for which an instrument's
    :class:`InstrumentDay` rows are complete (a missing row there means zeros)."""

    instrument = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="report_coverage"
    )
    first_day = models.DateField()
    last_day = models.DateField()

    permission_owner = "instrument__owner"
    permission_public = None

    def __str__(self) -> str:
        return f"instrument {self.instrument_id}: {self.first_day} – {self.last_day}"
