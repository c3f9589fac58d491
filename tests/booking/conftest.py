"""Fixtures of the booking tests: an instrument of the lab with a strict policy, a university."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

SH = ZoneInfo("Asia/Shanghai")
#: Monday 2 March 2026, 00:00 in Shanghai: "now" in most tests.
NOW = dt.datetime(2026, 3, 2, 0, 0, tzinfo=SH)

STRICT = {
    "zone": "Asia/Shanghai",
    "open_from": 8 * 60,
    "open_until": 20 * 60,
    "open_days": [0, 1, 2, 3, 4],
    "min_minutes": 30,
    "max_minutes": 240,
    "granularity_minutes": 30,
    "min_notice_minutes": 60,
    "max_advance_days": 30,
    "buffer_minutes": 15,
    "price_internal_fen": 10_000,
    "price_academic_fen": 20_000,
    "price_industry_fen": 40_000,
    "price_cross_region_fen": 30_000,
    "cancel_free_hours": 24,
    "late_cancel_fraction": "0.5",
    "no_show_grace_minutes": 15,
    "no_show_fraction": "1",
}


def at(day: int, hour: int, minute: int = 0, zone: Any = SH) -> dt.datetime:
    """A moment in March 2026 (Shanghai time unless told)."""
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=zone)


@pytest.fixture
def lab_world(world: SimpleNamespace) -> SimpleNamespace:
    """The world plus a university member, an instrument of LAB and its strict policy."""
    from django.contrib.auth import get_user_model

    from innofield.booking import facility_actions
    from innofield.catalog.models import Item
    from innofield.registry.models import Membership, Organization

    uni = Organization.objects.create(
        code="UNI",
        name_zh="测试大学",
        name_en="Test University",
        type="university",
        region=world.nj,
    )
    world.unier = get_user_model().objects.create_user("unier")
    world.unier.password = world.rivaler.password  # the shared test password
    world.unier.save()
    Membership.objects.create(user=world.unier, organization=uni, role="member")
    world.uni = uni
    world.inst = Item.objects.create(
        kind="instrument",
        title="Cryo-EM",
        owner=world.lab,
        region=world.nj,
        price_fen=40_000,
        price_unit="CNY/hour",
        details={"category": "electron_microscope"},
    )
    world.policy = facility_actions.set_policy(
        actor=world.labber, instrument_id=world.inst.pk, data=dict(STRICT)
    )
    return world


def book(world: SimpleNamespace, user: Any, start: dt.datetime, end: dt.datetime, **kw: Any) -> Any:
    """Book ``world.inst`` as ``user`` with "now" = :data:`NOW` unless told."""
    from innofield.booking import actions

    kw.setdefault("now", NOW)
    return actions.create_booking(
        actor=user, instrument_id=world.inst.pk, start=start, end=end, **kw
    )
