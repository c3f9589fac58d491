"""Forms of the facility manager's pages: an instrument's policy, blackouts and
qualifications. Each cleans to the data its action takes; the actions decide."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from innofield.core.money import YuanField

from .models import Blackout, Policy

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
TIERS = (
    ("price_internal", _("Internal users, per hour")),
    ("price_academic", _("Academic users, per hour")),
    ("price_industry", _("Industry users, per hour")),
    ("price_cross_region", _("Users from other regions, per hour")),
    ("price_member", _("Fellow alliance members (pooled instrument), per hour")),
)


#: Zones named in words as well as by identifier, listed first (the platform's own region).
NAMED_ZONES = {
    "Asia/Shanghai": _("China Standard Time (Beijing)"),
    "Asia/Hong_Kong": _("Hong Kong"),
    "Asia/Macau": _("Macao"),
    "UTC": _("Coordinated Universal Time"),
}


def _offset(zone: str, now: dt.datetime) -> str:
    offset = now.astimezone(ZoneInfo(zone)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@functools.lru_cache(maxsize=2)
def _offsets(hour: dt.datetime) -> tuple[tuple[str, str], ...]:
    """Every zone with its offset at ``hour`` (worked out once an hour, not per page)."""
    return tuple((zone, _offset(zone, hour)) for zone in sorted(available_timezones()))


def zone_choices(now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """The time zones a policy may use, labelled ``Asia/Shanghai (UTC+08:00)`` with their
    offset now (summer time included) and, for the zones of :data:`NAMED_ZONES`, their name
    in the active language in front; those come first, the rest in identifier order."""
    now = now or dt.datetime.now(dt.UTC)
    offsets = _offsets(now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0))
    found = dict(offsets)
    named = [
        (zone, f"{name} · {zone} ({found[zone]})")
        for zone, name in NAMED_ZONES.items()
        if zone in found
    ]
    rest = [(zone, f"{zone} ({offset})") for zone, offset in offsets if zone not in NAMED_ZONES]
    return named + rest


def _clock(minutes: int) -> dt.time:
    return dt.time(23, 59) if minutes >= 1440 else dt.time(minutes // 60, minutes % 60)


class PolicyForm(forms.Form):
    """An instrument's booking rules and prices; prices typed in yuan, cleaned to fen
    (``price_internal`` → ``price_internal_fen`` …)."""

    zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    open_from = forms.TimeField(label=_("Opens at"), widget=forms.TimeInput(attrs={"type": "time"}))
    open_until = forms.TimeField(
        label=_("Closes at"),
        help_text=_("23:59 means midnight"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    open_days = forms.TypedMultipleChoiceField(
        label=_("Open on"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    min_minutes = forms.IntegerField(label=_("Shortest booking (minutes)"), min_value=1)
    max_minutes = forms.IntegerField(label=_("Longest booking (minutes)"), min_value=1)
    granularity_minutes = forms.IntegerField(label=_("Start times every (minutes)"), min_value=1)
    min_notice_minutes = forms.IntegerField(label=_("Notice needed (minutes)"), min_value=0)
    max_advance_days = forms.IntegerField(label=_("Bookable up to (days ahead)"), min_value=1)
    buffer_minutes = forms.IntegerField(label=_("Buffer between bookings (minutes)"), min_value=0)
    approval_required = forms.BooleanField(
        label=_("Bookings need a manager's approval"), required=False
    )
    qualification_required = forms.BooleanField(
        label=_("Only qualified users may book"), required=False
    )
    price_internal = YuanField(label=TIERS[0][1])
    price_academic = YuanField(label=TIERS[1][1])
    price_industry = YuanField(label=TIERS[2][1])
    price_cross_region = YuanField(
        label=TIERS[3][1], required=False, help_text=_("empty: the tier's own price")
    )
    price_member = YuanField(
        label=TIERS[4][1], required=False, help_text=_("empty: the tier's own price")
    )
    cancel_free_hours = forms.IntegerField(
        label=_("Free cancellation until (hours before)"), min_value=0
    )
    late_cancel_fraction = forms.DecimalField(
        label=_("Late cancellation fee (share of price)"),
        min_value=0,
        max_value=1,
        decimal_places=3,
    )
    no_show_grace_minutes = forms.IntegerField(label=_("No-show after (minutes late)"), min_value=0)
    no_show_fraction = forms.DecimalField(
        label=_("No-show fee (share of price)"), min_value=0, max_value=1, decimal_places=3
    )

    @classmethod
    def for_policy(cls, policy: Policy, data: Any = None) -> PolicyForm:
        """The form filled with ``policy`` (prices shown in yuan)."""
        initial = {name: getattr(policy, name) for name in cls.base_fields if hasattr(policy, name)}
        initial["open_from"] = _clock(policy.open_from)
        initial["open_until"] = _clock(policy.open_until)
        for name, _label in TIERS:
            initial[name] = getattr(policy, f"{name}_fen")
        return cls(data, initial=initial)

    def policy_data(self) -> dict[str, Any]:
        """The cleaned values as ``set_policy`` takes them (minutes, prices in fen)."""
        data = dict(self.cleaned_data)
        data["open_from"] = data["open_from"].hour * 60 + data["open_from"].minute
        until = data["open_until"]
        data["open_until"] = 1440 if until == dt.time(23, 59) else until.hour * 60 + until.minute
        for name, _label in TIERS:
            data[f"{name}_fen"] = data.pop(name)
        data["late_cancel_fraction"] = str(data["late_cancel_fraction"])
        data["no_show_fraction"] = str(data["no_show_fraction"])
        return data


class BlackoutForm(forms.Form):
    """A maintenance or blackout window in the instrument's local time."""

    start = forms.DateTimeField(
        label=_("From"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        label=_("Until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Blackout.Kind.choices)
    on_clash = forms.ChoiceField(
        label=_("Bookings in the window"), choices=Blackout.OnClash.choices
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def window(self, zone: str) -> tuple[dt.datetime, dt.datetime]:
        """Start and end as aware date-times in the instrument's time zone."""
        tz = ZoneInfo(zone)
        return tuple(  # type: ignore[return-value]
            self.cleaned_data[k].replace(tzinfo=None).replace(tzinfo=tz) for k in ("start", "end")
        )


class QualificationForm(forms.Form):
    """The user to qualify for an instrument."""

    username = forms.CharField(label=_("Username"), max_length=150)


class BookForm(forms.Form):
    """Book a slot offered by the calendar (times in ISO 8601 with their offset)."""

    start = forms.DateTimeField(label=_("Start"))
    end = forms.DateTimeField(label=_("End"))
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=500)
    week = forms.DateField(required=False, widget=forms.HiddenInput)
