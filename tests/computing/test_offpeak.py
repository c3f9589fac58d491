"""Off-peak tariffs (闲时算力): an offer sells its daily off-peak hours cheaper, a job that
may wait is planned into them and billed at that price on the ledger, a job that may not
wait runs now at the normal price; daily ranges wrap midnight; refusals name the field on
the action, the API and the web form (en and zh)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from innofield.computing import actions, plan
from innofield.computing.models import Offer, Placement, Usage
from innofield.core.errors import ValidationFailed
from innofield.ledger.models import Account, Transfer
from innofield.ledger.queries import check_invariants

from .conftest import publish

T = dt.time


# --------------------------------------------------------------------------- daily ranges


@pytest.mark.parametrize(
    ("start", "end", "at", "inside"),
    [
        (T(23), T(7), T(23), True),
        (T(23), T(7), T(0), True),  # past midnight
        (T(23), T(7), T(6), True),  # 06:00-07:00, the last whole hour
        (T(23), T(7), T(7), False),
        (T(23), T(7), T(22), False),
        (T(23), T(7), T(12), False),
        (T(22, 30), T(7), T(22), False),  # the hour is only half off-peak
        (T(1), T(5), T(4), True),  # no wrap
        (T(1), T(5), T(5), False),
        (T(1), T(5), T(0), False),
    ],
)
def test_an_hour_is_off_peak_when_all_of_it_lies_in_the_daily_range(start, end, at, inside):
    assert plan.in_daily_range(start, end, at) is inside


def test_offpeak_windows_wrap_midnight_in_beijing_time():
    # 14:00 UTC is 22:00 in Beijing: windows 1..8 are 23:00-07:00 local
    horizon = dt.datetime(2026, 12, 5, 14, tzinfo=dt.UTC)
    got = plan.offpeak_windows(horizon, 24, T(23), T(7), "Asia/Shanghai")
    assert got == frozenset(range(1, 9))
    # the same clock hours read in UTC would be different windows
    assert plan.offpeak_windows(horizon, 24, T(23), T(7), "UTC") == frozenset(range(9, 17))


# --------------------------------------------------------------------------- planning


@pytest.fixture
def twohours(grid: SimpleNamespace) -> SimpleNamespace:
    """The only storage offer: Zhongwei at 10.00 yuan per TB-day, 5.00 in the off-peak
    hour — the second hourly window from now (Beijing time); jobs have two windows."""
    h0 = actions.horizon_start()
    local = timezone.localtime(h0 + plan.HOUR)
    offer = publish(
        grid.world,
        "ZW",
        "storage",
        price_fen=1_000,
        offpeak_price_fen=500,
        offpeak_start=local.time(),
        offpeak_end=(local + plan.HOUR).time(),
    )
    return SimpleNamespace(h0=h0, offer=offer, world=grid.world)


def _job(world, delay_tolerant: bool, h0: dt.datetime, units: int = 10):
    return actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title="nightly backup",
        hardware="storage",
        units=units,
        data_province="330000",
        deadline=h0 + 2 * plan.HOUR,
        delay_tolerant=delay_tolerant,
    )


def _balance(code: str) -> int:
    a = Account.objects.get(code=code)
    return int(a.credits_posted - a.debits_posted)


def test_a_job_that_may_wait_runs_off_peak_and_is_billed_at_that_price(twohours):
    world, h0 = twohours.world, twohours.h0
    job = _job(world, True, h0)
    run = actions.run_allocation(actor=None, time_limit=2, now=h0)
    assert run.placed == 1
    p = Placement.objects.get(compute_job=job)
    # hand-checked: 10 TB-days × 10.00 now = 100.00 yuan, × 5.00 in the next hour = 50.00
    assert p.window_start == h0 + plan.HOUR
    assert (p.offpeak, p.price_fen, p.amount_fen) == (True, 500, 5_000)
    why = p.explanation
    assert why["offpeak"] is True and why["waited"] is True
    assert (why["first_window_fen"], why["waiting_saved_fen"]) == (10_000, 5_000)
    assert why["chosen"]["price_fen"] == 500 and why["chosen"]["offpeak"] is True
    lab_before = _balance("ORG-LAB") if Account.objects.filter(code="ORG-LAB").exists() else 0
    for move in ("accept", "meter", "settle"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    usage = Usage.objects.get(compute_job=job)
    assert usage.amount_fen == 5_000
    t = Transfer.objects.get(key=usage.transfer_key)
    assert t.amount == 5_000 and _balance("ORG-LAB") - lab_before == 5_000
    assert check_invariants() == []
    # `ledger check` notices a usage that does not charge the planned (off-peak) price
    Usage.objects.filter(pk=usage.pk).update(amount_fen=10_000)
    assert any("planned price" in p for p in check_invariants())
    Usage.objects.filter(pk=usage.pk).update(amount_fen=5_000)
    # the provider sees the off-peak price on its page
    c = Client()
    c.force_login(world.labber)
    page = c.get("/computing/provider/?org=LAB").content.decode()
    assert "(off-peak ¥5.00)" in page


def test_a_job_that_may_not_wait_runs_now_at_the_normal_price(twohours):
    world, h0 = twohours.world, twohours.h0
    job = _job(world, False, h0)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    p = Placement.objects.get(compute_job=job)
    assert p.window_start == h0
    assert (p.offpeak, p.price_fen, p.amount_fen) == (False, 1_000, 10_000)
    assert p.explanation["offpeak"] is False and p.explanation["waiting_saved_fen"] == 0


def test_the_job_page_says_it_was_placed_off_peak_and_what_waiting_saved(twohours):
    world, h0 = twohours.world, twohours.h0
    job = _job(world, True, h0)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    for lang, said in [("en", "waiting saved"), ("zh-hans", "等待节省了")]:
        c = Client(headers={"Accept-Language": lang})
        c.cookies["django_language"] = lang
        c.force_login(world.firmer)
        page = c.get(f"/computing/jobs/{job.pk}/").content.decode()
        assert 'id="offpeak"' in page and said in page and "50.00" in page, lang


def test_when_the_off_peak_hour_is_full_the_job_pays_the_normal_price_now(twohours):
    world, h0 = twohours.world, twohours.h0
    # a bigger job takes 90 of the 100 units of the off-peak hour first
    big = _job(world, True, h0, units=90)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    assert Placement.objects.get(compute_job=big).offpeak is True
    small = _job(world, True, h0, units=20)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    p = Placement.objects.get(compute_job=small)
    assert p.window_start == h0 and p.price_fen == 1_000 and not p.offpeak


# --------------------------------------------------------------------------- refusals

REFUSALS = [
    ({"offpeak_price_fen": 0, "offpeak_start": T(23), "offpeak_end": T(7)}, "offpeak_price_fen"),
    (
        {"offpeak_price_fen": 1_001, "offpeak_start": T(23), "offpeak_end": T(7)},
        "offpeak_price_fen",
    ),
    ({"offpeak_price_fen": 500, "offpeak_start": T(23)}, "offpeak_end"),
    ({"offpeak_price_fen": 500, "offpeak_end": T(7)}, "offpeak_start"),
    ({"offpeak_price_fen": 500}, "offpeak_start"),
    ({"offpeak_start": T(23), "offpeak_end": T(7)}, "offpeak_price_fen"),
    ({"offpeak_price_fen": 500, "offpeak_start": T(23), "offpeak_end": T(23)}, "offpeak_end"),
    ({"offpeak_price_fen": 500, "offpeak_start": T(23), "offpeak_end": T(23, 30)}, "offpeak_end"),
]


@pytest.mark.parametrize(("kw", "field"), REFUSALS)
def test_a_bad_tariff_is_refused_naming_the_field_and_writes_nothing(grid, kw, field):
    before = Offer.objects.count()
    with pytest.raises(ValidationFailed) as info:
        publish(grid.world, "QY", price_fen=1_000, **kw)
    assert field in [e.field for e in info.value.errors], info.value.errors
    assert Offer.objects.count() == before


def test_a_tariff_equal_to_the_price_and_a_wrapping_range_are_accepted(grid):
    from innofield.core.models import AuditLog

    o = publish(
        grid.world, "QY", price_fen=1_000, offpeak_price_fen=1_000, offpeak_start=T(23),
        offpeak_end=T(7),
    )  # fmt: skip
    assert (o.offpeak_price_fen, o.offpeak_start, o.offpeak_end) == (1_000, T(23), T(7))
    row = AuditLog.objects.get(action="computing.offer.publish", object_id=str(o.pk))
    after = row.after  # the audit row carries the tariff
    assert (after["offpeak_price_fen"], after["offpeak_start"]) == (1_000, "23:00:00")


def _offer_form(**kw):
    now = timezone.localtime()
    return {
        "provider": "LAB",
        "cluster": "QY",
        "resource": "gpu",
        "units_per_hour": "64",
        "price_fen": "8.50",
        "green_pct": "35",
        "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "offpeak_price_fen": "",
        "offpeak_start": "",
        "offpeak_end": "",
        **kw,
    }


@pytest.mark.parametrize(
    ("lang", "kw", "field", "said"),
    [
        ("en", {"offpeak_price_fen": "9.00", "offpeak_start": "23:00", "offpeak_end": "07:00"},
         "offpeak_price_fen", "may not exceed the normal price per unit"),
        ("zh-hans", {"offpeak_price_fen": "9.00", "offpeak_start": "23:00",
                     "offpeak_end": "07:00"}, "offpeak_price_fen", "不得高于正常单价"),
        ("en", {"offpeak_price_fen": "4.00", "offpeak_start": "23:00"}, "offpeak_end",
         "give both off-peak hours"),
        ("zh-hans", {"offpeak_price_fen": "4.00", "offpeak_start": "23:00"}, "offpeak_end",
         "闲时起止时间须同时填写"),
        ("en", {"offpeak_price_fen": "4.00", "offpeak_start": "23:00", "offpeak_end": "23:00"},
         "offpeak_end", "zero length"),
        ("zh-hans", {"offpeak_price_fen": "4.00", "offpeak_start": "23:00",
                     "offpeak_end": "23:00"}, "offpeak_end", "长度不能为零"),
        ("en", {"offpeak_price_fen": "0", "offpeak_start": "23:00", "offpeak_end": "07:00"},
         "offpeak_price_fen", "must be a positive amount"),
        ("zh-hans", {"offpeak_start": "23:00", "offpeak_end": "07:00"}, "offpeak_price_fen",
         "闲时时段需要闲时价格"),
    ],
)  # fmt: skip
def test_the_web_form_names_the_refused_field_in_both_languages(grid, lang, kw, field, said):
    world = grid.world
    c = Client(headers={"Accept-Language": lang})
    c.cookies["django_language"] = lang
    c.force_login(world.labber)
    r = c.post("/computing/offers/", _offer_form(**kw))
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert field in errors and said in " ".join(errors[field]), errors
    assert not Offer.objects.filter(cluster__code="QY").exists()


def test_the_web_form_publishes_a_tariff_and_the_offer_page_shows_it(grid):
    world = grid.world
    c = Client()
    c.force_login(world.labber)
    r = c.post(
        "/computing/offers/",
        _offer_form(offpeak_price_fen="4.25", offpeak_start="23:00", offpeak_end="07:00"),
    )
    assert r.status_code == 302
    o = Offer.objects.get(cluster__code="QY")
    assert (o.offpeak_price_fen, o.offpeak_start, o.offpeak_end) == (425, T(23), T(7))
    page = c.get("/computing/offers/").content.decode()
    assert "4.25 · 23:00–07:00" in page


# --------------------------------------------------------------------------- API


def test_the_api_round_trips_a_tariff_and_refuses_naming_the_field(grid, api):
    world = grid.world
    now = timezone.now()
    body = {
        "provider": "LAB",
        "cluster": "QY",
        "resource": "gpu",
        "units_per_hour": 5,
        "price_fen": 800,
        "starts_at": now.isoformat(),
        "ends_at": (now + dt.timedelta(days=1)).isoformat(),
        "offpeak_price_fen": 400,
        "offpeak_start": "23:00",
        "offpeak_end": "07:00",
    }
    lab = api(world.labber)
    r = lab.post("/api/computing/offers", body)
    assert r.status_code == 201, r.json()
    got = r.json()
    assert (got["offpeak_price_fen"], got["offpeak_start"], got["offpeak_end"]) == (
        400,
        "23:00:00",
        "07:00:00",
    )
    listed = {o["id"]: o for o in lab.get("/api/computing/offers").json()["items"]}
    assert listed[got["id"]]["offpeak_price_fen"] == 400
    for bad, field in [
        ({"offpeak_price_fen": 900}, "offpeak_price_fen"),
        ({"offpeak_end": None}, "offpeak_end"),
        ({"offpeak_end": "23:00"}, "offpeak_end"),
        ({"offpeak_price_fen": -1}, "offpeak_price_fen"),
        ({"offpeak_start": "23:00+05:00"}, "offpeak_start"),  # local clock time only
        ({"offpeak_price": 400}, "offpeak_price"),  # unknown fields are refused
    ]:
        r = lab.post("/api/computing/offers", {**body, **bad})
        assert r.status_code == 422, bad
        assert field in [e["field"] for e in r.json()["errors"]], r.json()
    assert Offer.objects.filter(cluster__code="QY").count() == 1


def test_the_api_shows_the_placement_price_and_off_peak(twohours, api):
    world, h0 = twohours.world, twohours.h0
    job = _job(world, True, h0)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    got = api(world.firmer).get(f"/api/computing/jobs/{job.pk}").json()["placement"]
    assert (got["price_fen"], got["offpeak"], got["amount_fen"]) == (500, True, 5_000)
    assert got["explanation"]["waiting_saved_fen"] == 5_000


def test_a_job_whose_first_hour_is_off_peak_runs_then_and_saves_nothing_by_waiting(grid):
    world = grid.world
    h0 = actions.horizon_start()
    local = timezone.localtime(h0)
    publish(
        world,
        "ZW",
        "storage",
        price_fen=1_000,
        offpeak_price_fen=400,
        offpeak_start=local.time(),
        offpeak_end=(local + plan.HOUR).time(),
    )
    job = _job(world, False, h0)
    actions.run_allocation(actor=None, time_limit=2, now=h0)
    p = Placement.objects.get(compute_job=job)
    assert (p.window_start, p.offpeak, p.amount_fen) == (h0, True, 4_000)
    assert (p.explanation["waited"], p.explanation["waiting_saved_fen"]) == (False, 0)
    c = Client()
    c.force_login(world.firmer)
    page = c.get(f"/computing/jobs/{job.pk}/").content.decode()
    assert "the first hour is already an off-peak hour" in page and "waiting saved" not in page
