"""A booking the rules refuse says why in the page's language: Chinese under zh-hans (the
pure rules' messages are translated where they are raised), English otherwise."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.booking import facility_actions
from innofield.booking.models import Booking

from .conftest import SH

pytestmark = pytest.mark.django_db


def _weekday(days_ahead: int, hour: int) -> dt.datetime:
    day = dt.datetime.now(SH).date() + dt.timedelta(days=days_ahead)
    while day.weekday() > 4:  # the strict policy opens Monday to Friday, 08–20
        day += dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def _book(lang: str, start: dt.datetime, inst: int) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username="rivaler", password=PASSWORD)
    end = start + dt.timedelta(hours=1)
    page = client.post(
        f"/instruments/{inst}/book/",
        {"start": start.isoformat(), "end": end.isoformat()},
        follow=True,
    )
    assert page.status_code == 200
    return page.content.decode()


def test_outside_opening_hours_is_refused_in_chinese(lab_world: NS) -> None:
    late = _weekday(3, 21)
    zh = _book("zh-hans", late, lab_world.inst.pk)
    assert "该仪器的开放时间为" in zh and "08:00–20:00" in zh and "周一" in zh
    assert "the instrument is open" not in zh and "rule opening_hours" not in zh
    en = _book("en", late, lab_world.inst.pk)
    assert "the instrument is open 08:00–20:00 on Mon,Tue,Wed,Thu,Fri" in en
    assert Booking.objects.count() == 0


def test_an_unqualified_user_is_refused_in_chinese(lab_world: NS) -> None:
    facility_actions.set_policy(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        data={"qualification_required": True},
    )
    zh = _book("zh-hans", _weekday(3, 10), lab_world.inst.pk)
    assert "只有获得该仪器使用资格的用户才能预约" in zh
    assert "qualified" not in zh
    assert Booking.objects.count() == 0


def test_the_api_keeps_the_rule_name(lab_world: NS) -> None:
    from innofield.booking import actions
    from innofield.booking.rules import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        actions.create_booking(
            actor=lab_world.rivaler,
            instrument_id=lab_world.inst.pk,
            start=_weekday(3, 21),
            end=_weekday(3, 22),
        )
    assert str(refused.value).startswith("rule opening_hours: ")


def test_a_taken_slot_is_refused_in_the_page_language(lab_world: NS) -> None:
    from innofield.booking import actions

    start = _weekday(3, 10)
    taken = actions.create_booking(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    zh = _book("zh-hans", start, lab_world.inst.pk)
    assert f"该时段已被占用：预约 {taken.pk} 占用" in zh
    assert "the time is taken" not in zh
    en = _book("en", start, lab_world.inst.pk)
    assert f"the time is taken: booking {taken.pk} holds" in en and "该时段" not in en
    # local time of the instrument, not a UTC instant
    assert start.strftime("%Y-%m-%d %H:%M") in en and "+00:00" not in en
    assert Booking.objects.count() == 1


def test_someone_else_cannot_cancel_and_is_told_so_in_chinese(lab_world: NS) -> None:
    from innofield.booking import actions

    start = _weekday(3, 10)
    booking = actions.create_booking(
        actor=lab_world.labber,
        instrument_id=lab_world.inst.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    for lang, said, other in (
        ("zh-hans", "只有预约人或该仪器的设施管理员可以取消此预约", "only the booker"),
        (
            "en",
            "only the booker or the instrument&#x27;s facility managers may cancel it",
            "预约人",
        ),
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE=lang)
        assert client.login(username="rivaler", password=PASSWORD)
        page = client.post(f"/bookings/{booking.pk}/cancel/", follow=True).content.decode()
        assert said in page and other not in page
    booking.refresh_from_db()
    assert booking.status != "cancelled"
