"""Voucher fixtures: Jiangsu's budget, a programme, and a provider in Zhejiang."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def scheme(world: SimpleNamespace) -> SimpleNamespace:
    """Jiangsu (320000) funds a 100,000-yuan programme run by GOV-JS: 50 % co-funding,
    cap 20,000 yuan per firm and year, 5,000 yuan per contract, SMEs of Jiangsu with at
    most 500 employees, providers in Jiangsu or Zhejiang, testing and instrument services.
    RIVAL (Jiangsu SME, 80 employees) is the firm; ZJU-LAB (Zhejiang university) and
    LAB (Nanjing) are providers."""
    from innofield.ledger import actions as ledger
    from innofield.registry.models import Membership, Organization
    from innofield.vouchers import actions

    admin = world.admin
    world.rival.attributes = {"employees": 80}
    world.rival.save()
    zju = Organization.objects.create(
        code="ZJU-LAB", name_zh="浙江测试中心", name_en="ZJ Lab", type="university", region=world.zj
    )
    from django.contrib.auth import get_user_model
    from tests.conftest import PASSWORD

    zjuer = get_user_model().objects.create_user("zjuer", password=PASSWORD)
    Membership.objects.create(user=zjuer, organization=zju, role="manager")
    ledger.open_account(actor=admin, code="EXT-TREASURY", name="treasury", kind="external")
    actions.open_region_accounts(actor=admin, region=world.js, government=world.gov)
    actions.open_region_accounts(actor=admin, region=world.zj, government=world.gov)
    ledger.transfer(
        actor=admin, key="fund-js", debit="EXT-TREASURY", credit="BUDGET-320000", amount=100_000_000
    )
    programme = actions.create_programme(
        actor=world.officer,
        code="JS-2026",
        name="Jiangsu innovation vouchers 2026",
        issuer_region=world.js,
        officer_org=world.gov,
        budget=10_000_000,
        co_funding_bp=5_000,
        cap_per_firm_year=2_000_000,
        max_per_contract=500_000,
        split_window_days=30,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        eligible_org_types=["sme", "specialized_sme"],
        max_employees=500,
        provider_regions=["320000", "330000"],
        service_kinds=["testing", "instrument"],
        modes=["reimburse", "direct"],
    )
    return SimpleNamespace(programme=programme, zju=zju, zjuer=zjuer, today=TODAY)


@pytest.fixture
def granted(world: SimpleNamespace, scheme: SimpleNamespace) -> Any:
    """A 10,000-yuan grant to RIVAL."""
    from innofield.vouchers import actions

    return actions.grant(
        actor=world.officer,
        key="g-rival",
        programme_id=scheme.programme.pk,
        firm=world.rival,
        amount=1_000_000,
        today=scheme.today,
    )


def completed_booking(
    firm: Any, provider: Any, user: Any, status: str = "completed", charge_fen: int = 200_000
) -> int:
    """A real booking (booking app) by ``firm`` of an instrument ``provider`` owns, charged
    ``charge_fen`` (2,000 yuan unless told)."""

    from django.apps import apps

    from innofield.catalog.models import Item

    instrument = Item.objects.create(
        kind="instrument",
        title="NMR 600 MHz",
        owner=provider,
        region=provider.region,
        price_fen=50_000,
    )
    start = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
    end = start + dt.timedelta(hours=4)
    row = apps.get_model("booking", "Booking").objects.create(
        instrument=instrument,
        user=user,
        organization=firm,
        start=start,
        end=end,
        hold_start=start,
        hold_end=end,
        status=status,
        tier="industry",
        price_per_hour_fen=50_000,
        quoted_fen=200_000,
        charge_fen=charge_fen,
        checked_in_at=start,
        checked_out_at=end,
    )
    return int(row.pk)


def delivered(firm: Any, provider: Any, user: Any, charge_fen: int) -> str:
    """Evidence the platform can check: ``booking:<id>`` of a completed booking of
    ``firm`` at ``provider`` charged ``charge_fen``."""
    return f"booking:{completed_booking(firm, provider, user, charge_fen=charge_fen)}"


#: the start of the 4-hour booking billed by :func:`bill`
BILL_START = dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)
#: the fee of the consultation accepted in :func:`consult` (3,000 yuan)
FEE = 300_000


@pytest.fixture
def bill(world: SimpleNamespace, scheme: SimpleNamespace) -> Any:
    """RIVAL's 4-hour booking of LAB's instrument at 500 yuan/h, used and billed 2,000 yuan;
    a manager of RIVAL, and RIVAL's account funded with 5,000 yuan:
    ``(booking, invoice, manager, instrument)``."""
    from django.contrib.auth import get_user_model
    from tests.conftest import PASSWORD

    from innofield.booking import actions as booking
    from innofield.booking import facility_actions
    from innofield.catalog.models import Item
    from innofield.ledger import actions as ledger
    from innofield.ledger import engine
    from innofield.registry.models import Membership

    inst = Item.objects.create(
        kind="instrument",
        title="NMR 600",
        owner=world.lab,
        region=world.lab.region,
        price_fen=50_000,
    )
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={
            "price_industry_fen": 50_000,
            "price_cross_region_fen": None,
            "min_notice_minutes": 0,
        },
    )
    b = booking.create_booking(
        actor=world.rivaler,
        instrument_id=inst.pk,
        start=BILL_START,
        end=BILL_START + dt.timedelta(hours=4),
        now=BILL_START - dt.timedelta(days=1),
    )
    booking.check_in(actor=world.rivaler, booking_id=b.pk, now=BILL_START)
    b = booking.check_out(
        actor=world.rivaler, booking_id=b.pk, now=BILL_START + dt.timedelta(hours=4)
    )
    payer = get_user_model().objects.create_user("rival-boss", password=PASSWORD)
    Membership.objects.create(user=payer, organization=world.rival, role="manager")
    code = engine.ensure_organization_account(world.admin, world.rival)
    ledger.transfer(
        actor=world.admin, key="fund-rival", debit="EXT-TREASURY", credit=code, amount=500_000
    )
    return b, b.invoice, payer, inst


@pytest.fixture
def consult(world: SimpleNamespace, scheme: SimpleNamespace) -> SimpleNamespace:
    """Ann, an expert of LAB (Nanjing), accepted RIVAL's 2-hour consultation for 3,000
    yuan; RIVAL's manager may pay from its account (5,000 yuan). The programme accepts
    expert services."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from tests.conftest import PASSWORD

    from innofield.ledger import actions as ledger
    from innofield.ledger import engine
    from innofield.registry.models import Membership
    from innofield.talent import actions as talent
    from innofield.talent import consultations
    from innofield.vouchers.models import Programme

    Programme.objects.filter(pk=scheme.programme.pk).update(
        service_kinds=["testing", "instrument", "expert"]
    )
    users = get_user_model().objects
    ann = users.create_user("ann", password=PASSWORD)
    p = talent.create_profile(
        actor=ann,
        name="Ann Marine",
        fields=["materials"],
        skills=["coatings"],
        region=world.nj,
        organization=world.lab,
    )
    talent.give_consent(actor=ann, profile_id=p.pk, shown=["skills"])
    boss = users.create_user("rival-boss", password=PASSWORD)
    Membership.objects.create(user=boss, organization=world.rival, role="manager")
    code = engine.ensure_organization_account(world.admin, world.rival)
    ledger.transfer(
        actor=world.admin, key="fund-rival", debit="EXT-TREASURY", credit=code, amount=500_000
    )
    row = consultations.request(
        actor=world.rivaler,
        profile_id=p.pk,
        organization=world.rival,
        topic="coating failure analysis",
        wanted_on=timezone.localdate() + dt.timedelta(days=1),
        hours=2,
    )
    consultations.transition(actor=ann, consultation_id=row.pk, move="accept", fee_fen=FEE)
    return SimpleNamespace(row=row, ann=ann, boss=boss, profile=p)
