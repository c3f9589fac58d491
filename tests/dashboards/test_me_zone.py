"""The personal page writes a booking's time in the instrument's own zone, in the
language's date format."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone


@pytest.mark.django_db
def test_my_coming_booking_is_shown_in_the_instruments_zone(world: Any, client: Any) -> None:
    from innofield.booking import actions, facility_actions
    from innofield.catalog.models import Item

    inst = Item.objects.create(
        kind="instrument", title="NMR in Urumqi", owner=world.lab, region=world.nj, price_fen=10_000
    )
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={"zone": "Asia/Urumqi", "open_from": 0, "open_until": 1440, "min_notice_minutes": 0},
    )
    start = (timezone.now() + dt.timedelta(days=2)).replace(
        hour=4, minute=0, second=0, microsecond=0, tzinfo=dt.UTC
    )  # 12:00 in Shanghai, 10:00 in Urumqi
    actions.create_booking(
        actor=world.firmer, instrument_id=inst.pk, start=start, end=start + dt.timedelta(hours=1)
    )
    client.force_login(world.firmer)
    page = client.get("/me/", headers={"accept-language": "zh-hans"}).content.decode()
    local = start.astimezone(dt.timezone(dt.timedelta(hours=6)))
    assert f"{local.year}年{local.month}月{local.day}日 星期" in page
    assert "10:00–11:00" in page and "12:00–13:00" not in page
