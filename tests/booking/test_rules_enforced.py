"""Every policy rule is enforced through the action, and its error names the rule."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from innofield.booking import facility_actions
from innofield.core.errors import PermissionDenied, ValidationFailed

from .conftest import at, book


def _denied(world: SimpleNamespace, rule: str, user=None, start=None, end=None, **kw) -> str:
    with pytest.raises(PermissionDenied) as exc:
        book(world, user or world.rivaler, start, end, **kw)
    assert f"rule {rule}:" in str(exc.value), str(exc.value)
    assert getattr(exc.value, "rule", rule) == rule
    return str(exc.value)


def test_a_valid_booking_passes(lab_world):
    b = book(lab_world, lab_world.rivaler, at(3, 9), at(3, 11))
    assert b.status == "confirmed" and b.tier == "industry" and b.quoted_fen == 80_000


def test_min_block(lab_world):
    lab_world.policy = facility_actions.set_policy(
        actor=lab_world.labber, instrument_id=lab_world.inst.pk, data={"min_minutes": 60}
    )
    assert "minimum is 1 h" in _denied(lab_world, "min_block", start=at(3, 9), end=at(3, 9, 30))


def test_max_block(lab_world):
    assert "maximum is 4 h" in _denied(lab_world, "max_block", start=at(3, 9), end=at(3, 13, 30))


def test_granularity_of_start_and_length(lab_world):
    _denied(lab_world, "granularity", start=at(3, 9, 10), end=at(3, 10, 10))
    _denied(lab_world, "granularity", start=at(3, 9), end=at(3, 9, 45))


def test_min_notice_and_past(lab_world):
    now = at(3, 8, 30)
    assert "at least 1 h" in _denied(
        lab_world, "min_notice", start=at(3, 9), end=at(3, 10), now=now
    )
    _denied(lab_world, "min_notice", start=at(3, 8), end=at(3, 9), now=now)


def test_max_advance(lab_world):
    assert "30 days" in _denied(
        lab_world,
        "max_advance",
        start=at(2, 9) + dt.timedelta(days=31),
        end=at(2, 10) + dt.timedelta(days=31),
    )


def test_opening_hours_weekend_and_evening(lab_world):
    _denied(lab_world, "opening_hours", start=at(7, 9), end=at(7, 10))  # Saturday
    _denied(lab_world, "opening_hours", start=at(3, 19), end=at(3, 20, 30))
    _denied(lab_world, "opening_hours", start=at(3, 7, 30), end=at(3, 8, 30))


def test_across_midnight_needs_round_the_clock_opening(lab_world):
    _denied(lab_world, "opening_hours", start=at(3, 23), end=at(4, 1))
    facility_actions.set_policy(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        data={"open_from": 0, "open_until": 1440, "open_days": list(range(7))},
    )
    b = book(lab_world, lab_world.rivaler, at(3, 23), at(4, 1))
    assert (b.end - b.start) == dt.timedelta(hours=2)


def test_blackout_across_the_booking(lab_world):
    facility_actions.add_blackout(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        start=at(3, 10),
        end=at(3, 11),
        reason="service",
    )
    _denied(lab_world, "blackout", start=at(3, 9), end=at(3, 12))
    _denied(lab_world, "blackout", start=at(3, 10, 30), end=at(3, 11))
    assert book(lab_world, lab_world.rivaler, at(3, 11), at(3, 12)).pk


def test_qualification(lab_world):
    facility_actions.set_policy(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        data={"qualification_required": True},
    )
    _denied(lab_world, "qualification", start=at(3, 9), end=at(3, 10))
    facility_actions.grant_qualification(
        actor=lab_world.labber, instrument_id=lab_world.inst.pk, username="rivaler"
    )
    assert book(lab_world, lab_world.rivaler, at(3, 9), at(3, 10)).pk


@pytest.mark.parametrize(
    ("quota", "rule", "second"),
    [
        ({"scope": "user", "period": "day", "max_hours": 3}, "quota_user_day", (3, 13, 15)),
        ({"scope": "user", "period": "week", "max_bookings": 1}, "quota_user_week", (5, 9, 10)),
        (
            {"scope": "organization", "period": "month", "max_hours": 4},
            "quota_organization_month",
            (20, 9, 12),
        ),
    ],
)
def test_quotas(lab_world, quota, rule, second):
    facility_actions.set_policy(
        actor=lab_world.labber, instrument_id=lab_world.inst.pk, data={"quotas": [quota]}
    )
    book(lab_world, lab_world.rivaler, at(3, 9), at(3, 11))
    day, h1, h2 = second
    _denied(lab_world, rule, start=at(day, h1), end=at(day, h2))
    # another user of another organization is not counted against this quota
    assert book(lab_world, lab_world.firmer, at(day, h1), at(day, h2)).pk


def test_quota_period_is_local_day(lab_world):
    """Monday 23:00–24:00 and Tuesday 00:00–01:00 fall in different local days."""
    facility_actions.set_policy(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        data={
            "open_from": 0,
            "open_until": 1440,
            "open_days": list(range(7)),
            "quotas": [{"scope": "user", "period": "day", "max_hours": 1}],
        },
    )
    book(lab_world, lab_world.rivaler, at(2, 23), at(3, 0))
    assert book(
        lab_world, lab_world.rivaler, at(3, 0, 15) + dt.timedelta(minutes=15), at(3, 1, 30)
    ).pk
    _denied(lab_world, "quota_user_day", start=at(3, 3), end=at(3, 3, 30))


def test_membership_and_inactive_instrument(lab_world):
    _denied(lab_world, "membership", user=lab_world.outsider, start=at(3, 9), end=at(3, 10))
    lab_world.inst.status = "retired"
    lab_world.inst.save()
    _denied(lab_world, "active", start=at(3, 9), end=at(3, 10))


@pytest.mark.parametrize(
    ("start", "end", "field", "words"),
    [
        (dt.datetime(2026, 3, 3, 9), at(3, 10), "start", "no UTC offset"),
        (at(3, 9), dt.datetime(2026, 3, 3, 10), "end", "no UTC offset"),
        (at(3, 9), at(3, 9), "end", "zero-length"),
        (at(3, 10), at(3, 9), "end", "reversed"),
        ("2026-03-03", at(3, 9), "start", "ISO 8601"),
    ],
)
def test_bad_intervals_name_the_field(lab_world, start, end, field, words):
    with pytest.raises(ValidationFailed) as exc:
        book(lab_world, lab_world.rivaler, start, end)
    assert exc.value.errors[0].field == field and words in exc.value.errors[0].reason


def test_bad_policy_values_name_the_field(lab_world):
    with pytest.raises(ValidationFailed) as exc:
        facility_actions.set_policy(
            actor=lab_world.labber,
            instrument_id=lab_world.inst.pk,
            data={
                "zone": "Mars/Olympus",
                "min_minutes": 0,
                "open_days": [8],
                "late_cancel_fraction": 2,
                "quotas": [{"scope": "team", "period": "day", "max_hours": 1}],
                "colour": "red",
            },
        )
    fields = {e.field for e in exc.value.errors}
    assert {
        "zone",
        "min_minutes",
        "open_days",
        "late_cancel_fraction",
        "quotas.0",
        "colour",
    } <= fields


def test_only_facility_managers_set_policies(lab_world):
    with pytest.raises(PermissionDenied):
        facility_actions.set_policy(
            actor=lab_world.rivaler, instrument_id=lab_world.inst.pk, data={"buffer_minutes": 0}
        )
