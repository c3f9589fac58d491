"""The expert's own consultation calendar: weekly hours in their zone, daily and weekly
maxima, days off, taking requests at all; each rule allows and refuses, naming the field."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.talent import actions, availability, calendar, consultations
from innofield.talent.models import Consultation

TODAY = timezone.localdate()
#: A Monday at least a week ahead.
MON = TODAY + dt.timedelta(days=7 + (7 - TODAY.weekday()) % 7)
TUE, WED, SUN = (MON + dt.timedelta(days=n) for n in (1, 2, 6))
WEEKLY = [
    {"day": 0, "start": "09:00", "end": "12:00"},
    {"day": 0, "start": "14:00", "end": "18:00"},
    {"day": 1, "start": "09:00", "end": "17:00"},
    {"day": 2, "start": "10:00", "end": "12:00"},
]


def _set(people: SimpleNamespace, **values: Any) -> Any:
    values.setdefault("weekly", WEEKLY)
    return availability.set_availability(actor=people.ann_u, profile_id=people.ann.pk, **values)


def _ask(world: Any, people: SimpleNamespace, day: dt.date, start: str | None, hours: int) -> Any:
    return consultations.request(
        actor=world.firmer,
        profile_id=people.ann.pk,
        organization=world.firm,
        topic="antifouling review",
        wanted_on=day,
        starts_at=dt.time.fromisoformat(start) if start else None,
        hours=hours,
    )


def _refused(
    world: Any, people: SimpleNamespace, day: dt.date, start: str | None, hours: int
) -> Any:
    with pytest.raises(ValidationFailed) as e:
        _ask(world, people, day, start, hours)
    assert len(e.value.errors) == 1
    return e.value.errors[0]


def _accepted(
    world: Any, people: SimpleNamespace, day: dt.date, start: str | None, hours: int
) -> Any:
    row = _ask(world, people, day, start, hours)
    return consultations.transition(
        actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=0
    )


def test_no_calendar_takes_any_day(people: SimpleNamespace, world: Any) -> None:
    row = _ask(world, people, SUN, "22:00", 2)  # the behaviour before calendars
    assert row.starts_at == dt.time(22, 0)


def test_weekly_hours(people: SimpleNamespace, world: Any) -> None:
    _set(people)
    assert _ask(world, people, MON, "09:00", 3).state == "requested"  # fills 09-12
    assert _ask(world, people, MON, "15:00", 3).state == "requested"
    err = _refused(world, people, MON, "11:00", 2)  # runs past 12:00 into lunch
    assert err.field == "starts_at" and "11:00–13:00" in err.reason
    assert "Asia/Shanghai" in err.reason
    assert _refused(world, people, MON, "08:00", 1).field == "starts_at"
    err = _refused(world, people, SUN, "10:00", 1)
    assert err.field == "wanted_on" and "Sun" in err.reason


def test_start_in_the_past(people: SimpleNamespace, world: Any) -> None:
    err = _refused(world, people, TODAY, "00:00", 1)
    assert err.field == "starts_at" and "past" in err.reason
    assert _ask(world, people, TODAY, "23:59", 1).state == "requested"


def test_weekly_hours_in_the_experts_zone(people: SimpleNamespace, world: Any) -> None:
    _set(people, zone="Europe/Berlin", weekly=[{"day": 0, "start": "09:00", "end": "10:00"}])
    assert _ask(world, people, MON, "09:00", 1).starts_at == dt.time(9)
    err = _refused(world, people, MON, "10:00", 1)
    assert err.field == "starts_at" and "Europe/Berlin" in err.reason


def test_day_off(people: SimpleNamespace, world: Any) -> None:
    _set(people, days_off=[TUE])
    err = _refused(world, people, TUE, "10:00", 1)
    assert err.field == "wanted_on" and TUE.isoformat() in err.reason
    assert _ask(world, people, TUE + dt.timedelta(days=7), "10:00", 1).state == "requested"


def test_not_taking_requests(people: SimpleNamespace, world: Any) -> None:
    _set(people, accepts_requests=False)
    assert _refused(world, people, MON, "09:00", 1).field == "profile"
    _set(people, accepts_requests=True)
    assert _ask(world, people, MON, "09:00", 1).state == "requested"


def test_daily_maximum_counts_accepted(people: SimpleNamespace, world: Any) -> None:
    _set(people, max_hours_day=4)
    _accepted(world, people, TUE, "09:00", 3)
    assert _ask(world, people, TUE, "13:00", 1).state == "requested"  # 3 + 1 = 4
    err = _refused(world, people, TUE, "13:00", 2)
    assert err.field == "hours" and "at most 4 h" in err.reason and "3 h" in err.reason
    # a declined or merely requested consultation holds no time
    assert _ask(world, people, WED, "10:00", 2).state == "requested"


def test_weekly_maximum_counts_accepted(people: SimpleNamespace, world: Any) -> None:
    _set(people, max_hours_week=5)
    _accepted(world, people, MON, "09:00", 3)
    _accepted(world, people, TUE, "09:00", 2)
    err = _refused(world, people, WED, "10:00", 1)
    assert err.field == "hours" and "a week" in err.reason and MON.isoformat() in err.reason
    # the next week is a fresh week
    assert _ask(world, people, WED + dt.timedelta(days=7), "10:00", 1).state == "requested"


def test_overlap_with_accepted(people: SimpleNamespace, world: Any) -> None:
    _set(people)
    _accepted(world, people, TUE, "10:00", 2)
    err = _refused(world, people, TUE, "11:00", 2)
    assert err.field == "starts_at" and "10:00–12:00" in err.reason
    assert _ask(world, people, TUE, "12:00", 2).state == "requested"  # touching is fine


def test_whole_day_request_against_the_days_total(people: SimpleNamespace, world: Any) -> None:
    _set(people)
    row = _ask(world, people, WED, None, 2)  # Wednesday has 2 h
    assert row.starts_at is None
    err = _refused(world, people, WED, None, 3)
    assert err.field == "hours" and "2 h" in err.reason
    consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=0)
    assert _refused(world, people, WED, None, 1).field == "hours"  # the day is full
    assert _refused(world, people, WED, "10:00", 1).field == "hours"  # so is a timed one


def test_accepting_respects_capacity(people: SimpleNamespace, world: Any) -> None:
    _set(people)
    one = _ask(world, people, TUE, "10:00", 2)
    two = _ask(world, people, TUE, "11:00", 2)  # both fit while neither is accepted
    consultations.transition(actor=people.ann_u, consultation_id=one.pk, move="accept", fee_fen=0)
    with pytest.raises(ValidationFailed) as e:
        consultations.transition(
            actor=people.ann_u, consultation_id=two.pk, move="accept", fee_fen=0
        )
    assert e.value.errors[0].field == "starts_at"
    assert Consultation.objects.get(pk=two.pk).state == "requested"
    consultations.transition(actor=people.ann_u, consultation_id=two.pk, move="decline")


def test_setting_is_the_persons(people: SimpleNamespace, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        availability.set_availability(actor=world.firmer, profile_id=people.ann.pk, weekly=WEEKLY)
    with pytest.raises(ValidationFailed) as e:  # an admin cites the person's request
        availability.set_availability(actor=world.admin, profile_id=people.ann.pk)
    assert e.value.errors[0].field == "basis"
    _set(people)
    assert AuditLog.objects.filter(action="talent.availability.set").count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"zone": "Mars/Olympus"}, "zone"),
        ({"weekly": [{"day": 7, "start": "09:00", "end": "10:00"}]}, "weekly.0"),
        ({"weekly": [{"day": 1, "start": "12:00", "end": "09:00"}]}, "weekly.0"),
        ({"weekly": [{"day": 1, "start": "9h", "end": "10:00"}]}, "weekly.0"),
        (
            {
                "weekly": [
                    {"day": 1, "start": "09:00", "end": "12:00"},
                    {"day": 1, "start": "11:00", "end": "13:00"},
                ]
            },
            "weekly.1",
        ),
        ({"max_hours_day": 0}, "max_hours_day"),
        ({"max_hours_day": 25}, "max_hours_day"),
        ({"max_hours_week": 169}, "max_hours_week"),
        ({"max_hours_day": 6, "max_hours_week": 4}, "max_hours_week"),
    ],
)
def test_invalid_calendar_names_the_field(
    people: SimpleNamespace, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as e:
        availability.set_availability(actor=people.ann_u, profile_id=people.ann.pk, **values)
    assert [x.field for x in e.value.errors] == [field]


def test_api_and_consent(people: SimpleNamespace, world: Any, api: Any) -> None:
    url = f"/api/talent/profiles/{people.ann.pk}/availability"
    body = {"weekly": WEEKLY[:1], "max_hours_day": 2, "days_off": [TUE.isoformat()]}
    r = api(world.firmer)._call("put", url, body)
    assert r.status_code == 403
    r = api(people.ann_u)._call("put", url, {**body, "zone": "Nowhere/Else"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "zone"
    r = api(people.ann_u)._call("put", url, body)
    assert r.status_code == 200 and r.json()["lines"] == ["Mon 09:00–12:00"]
    assert api(people.ann_u).get(url).json()["days_off"] == [TUE.isoformat()]
    # Ann's consent does not name `availability`: others get 404, even though mobility is shown
    assert api(world.firmer).get(url).status_code == 404
    assert api(None).get(url).status_code == 404
    actions.give_consent(actor=people.ann_u, profile_id=people.ann.pk, shown=["availability"])
    r = api(None).get(url)
    assert r.status_code == 200 and r.json()["max_hours_day"] == 2
    # a private profile's calendar is not shown to anyone but the person
    assert api(None).get(f"/api/talent/profiles/{people.bo.pk}/availability").status_code == 404
    r = api(world.firmer).post(
        f"/api/talent/profiles/{people.ann.pk}/consultations",
        {
            "organization": "FIRM",
            "topic": "review",
            "wanted_on": MON.isoformat(),
            "starts_at": "11:00",
            "hours": 2,
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "starts_at"
    r = api(world.firmer).post(
        f"/api/talent/profiles/{people.ann.pk}/consultations",
        {
            "organization": "FIRM",
            "topic": "review",
            "wanted_on": MON.isoformat(),
            "starts_at": "10:00",
            "hours": 2,
        },
    )
    assert r.status_code == 201 and r.json()["starts_at"] == "10:00"
    firm = Client()
    assert firm.login(username=world.firmer.username, password=PASSWORD)
    listed = firm.get("/talent/consultations/").content.decode()
    assert f"{MON.isoformat()} 10:00" in listed


def test_pages(people: SimpleNamespace, world: Any) -> None:
    ann = Client()
    assert ann.login(username="ann", password=PASSWORD)
    r = ann.post(
        "/talent/me/availability/",
        {
            "accepts_requests": "on",
            "zone": "Asia/Shanghai",
            "weekly": "Mon 09:00-12:00\nTue 14:00-16:00",
            "max_hours_day": "3",
            "max_hours_week": "",
            "days_off": TUE.isoformat(),
        },
    )
    assert r.status_code == 302
    cal = availability.calendar_of(availability.stored(people.ann))
    assert cal is not None and cal.weekly == ((0, 540, 720), (1, 840, 960))
    r = ann.post("/talent/me/availability/", {"zone": "UTC", "weekly": "Someday 9-10"})
    assert r.status_code == 200 and "Mon 09:00-12:00" in r.content.decode()
    profile_url = f"/talent/{people.ann.pk}/"
    firm = Client()
    assert firm.login(username=world.firmer.username, password=PASSWORD)
    assert "09:00–12:00" not in firm.get(profile_url).content.decode()  # not consented
    actions.give_consent(actor=people.ann_u, profile_id=people.ann.pk, shown=["availability"])
    assert "09:00–12:00" in firm.get(profile_url).content.decode()
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.login(username=world.firmer.username, password=PASSWORD)
    page = zh.post(
        f"/talent/{people.ann.pk}/ask/",
        {
            "organization": "FIRM",
            "topic": "review",
            "wanted_on": MON.isoformat(),
            "starts_at": "11:00",
            "hours": "2",
        },
        follow=True,
    ).content.decode()
    assert "咨询时间" in page


def test_pure_check_without_django() -> None:
    cal = calendar.Calendar(weekly=((0, 540, 720),), max_hours_day=2)
    calendar.check(cal, calendar.Ask(MON, 540, 2), [])
    with pytest.raises(ValidationFailed) as e:
        calendar.check(cal, calendar.Ask(MON, 600, 1), [calendar.Ask(MON, 540, 2)])
    assert e.value.errors[0].field == "starts_at"
    with pytest.raises(ValidationFailed) as e:
        calendar.check(cal, calendar.Ask(MON, 660, 1), [calendar.Ask(MON, 540, 2)])
    assert e.value.errors[0].field == "hours"
    # accepting checks capacity only: outside the hours is the expert's own choice
    calendar.check(cal, calendar.Ask(MON, 1200, 1), [], capacity_only=True)
    assert calendar.parse_weekly("mon 9:00-12:00\n\n2 10:00–11:30") == [
        {"day": 0, "start": "09:00", "end": "12:00"},
        {"day": 2, "start": "10:00", "end": "11:30"},
    ]
