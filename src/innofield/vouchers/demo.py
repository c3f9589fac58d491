"""Demo vouchers (synthetic, deterministic from the seed): region budgets on the ledger,
three Yangtze-delta programmes, grants, redemptions against the firms' completed demo
bookings (each at its booking's charge) in and outside the issuing province (also at
demo-lab's SKL-0001 in Beijing), one settlement run, one clawback and a joint credit line
for demo-firm's FIRM-0001."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from innofield.booking import invoicing
from innofield.booking.models import Booking
from innofield.catalog.models import Item
from innofield.core.errors import InnofieldError
from innofield.ledger import engine
from innofield.registry.models import Alliance, Membership, Organization, Region

from . import actions, parties
from .models import Grant, Programme, Redemption

YRD = ("310000", "320000", "330000", "340000")
PROGRAMMES = [  # code, name, issuer, co-funding bp, modes, provider regions, alliance
    ("JS-IV", "江苏省创新券 (synthetic)", "320000", 5000, ["reimburse", "direct"], [], None),
    ("ZJ-IV", "浙江省科技创新券 (synthetic)", "330000", 4000, ["direct"], list(YRD), None),
    (
        "YRD-CV",
        "长三角科技创新券通用通兑 (synthetic)",
        "310000",
        6000,
        ["reimburse", "direct"],
        list(YRD),
        "YRD",
    ),
]
Progress = Callable[[str, int, int], None]


def _programmes(admin: Any, year: int) -> list[Programme]:
    engine.open_account(
        actor=admin, code="EXT-TREASURY", name="provincial treasuries", kind="external"
    )
    for code in YRD:
        region = Region.objects.get(code=code)
        gov = Organization.objects.get(code=f"GOV-{code}")
        budget = actions.open_region_accounts(actor=admin, region=region, government=gov)
        engine.transfer(
            actor=admin,
            key=f"demo:fund:{code}",
            debit="EXT-TREASURY",
            credit=budget,
            amount=2_000_000_000,
            memo="voucher budget (synthetic)",
        )
    out = []
    for code, name, issuer, bp, modes, providers, alliance in PROGRAMMES:
        out.append(
            actions.create_programme(
                actor=admin,
                code=f"{code}-{year}",
                name=name,
                issuer_region=Region.objects.get(code=issuer),
                officer_org=Organization.objects.get(code=f"GOV-{issuer}"),
                issuer_alliance=Alliance.objects.filter(code=alliance).first()
                if alliance
                else None,
                budget=500_000_000,
                co_funding_bp=bp,
                cap_per_firm_year=20_000_000,
                max_per_contract=5_000_000,
                split_window_days=30,
                valid_from=dt.date(year, 1, 1),
                valid_to=dt.date(year + 1, 6, 30),
                eligible_org_types=["sme", "specialized_sme"],
                provider_regions=providers,
                service_kinds=["instrument", "service", "testing"],
                modes=modes,
                synthetic=True,
            )
        )
    return out


def _firms_for(p: Programme) -> list[Organization]:
    firms = Organization.objects.filter(
        code__startswith="FIRM-", type__in=p.eligible_org_types
    ).select_related("region")
    return [f for f in firms if set(parties.region_chain(f.region)) & set(p.eligible_regions)]


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the demo's voucher records; returns counts."""
    rng = random.Random(seed + 6)
    admin = get_user_model().objects.get(username="demo-admin")
    today = timezone.localdate()
    with transaction.atomic():
        programmes = _programmes(admin, today.year)
        n = 0
        for p in programmes:
            firms = _firms_for(p)
            if p.code.startswith("JS-"):
                firms = sorted(firms, key=lambda f: f.code != "FIRM-0001")
            for firm in firms[:15]:
                n += 1
                g = actions.grant(
                    actor=admin,
                    key=f"demo:{p.code}:{firm.code}",
                    programme_id=p.pk,
                    firm=firm,
                    synthetic=True,
                    today=today,
                    amount=rng.randrange(2_000_000, 20_000_001, 100_000),
                )
                for k in range(rng.randint(0, 3)):
                    _redeem(admin, rng, g, f"{n}-{k}", today)
            if progress:
                progress("vouchers", len(programmes), len(programmes))
        _demo_firm_at_demo_lab(admin, today)
        batch = actions.settle(actor=admin)
        paid = Redemption.objects.filter(status="paid").order_by("id")
        if paid.count() > 3:
            victim = paid[3]
            actions.clawback(
                actor=admin, redemption_id=victim.pk, reason="demo: usage log missing (synthetic)"
            )
        for k in range(3):
            g = Grant.objects.order_by("id")[k * 7]
            _redeem(admin, rng, g, f"late-{k}", today)  # left unsettled
        lines = _credit(admin)
    return {
        "voucher_programmes": len(programmes),
        "voucher_grants": Grant.objects.count(),
        "voucher_redemptions": Redemption.objects.count(),
        "voucher_settlements": 1 if batch else 0,
        "credit_lines": lines,
    }


def _voucher_mode(b: Booking) -> str:
    """How a voucher may pay for ``b``: the provider directly while its bill is open, the
    firm back once it paid (bills from before invoicing count as paid)."""
    invoice = getattr(b, "invoice", None)
    status = invoice.status if invoice is not None else "paid"
    return {"open": "direct", "paid": "reimburse"}.get(status, "none")


def _redeem(admin: Any, rng: random.Random, g: Grant, tag: str, today: dt.date) -> None:
    """Redeem ``g`` against one of its firm's completed demo bookings (its charge is the
    price), at a provider the programme accepts; nothing if the firm has none left."""
    p = g.programme
    used = set(Redemption.objects.values_list("evidence", flat=True))
    bookings = [
        b
        for b in Booking.objects.filter(organization=g.firm, status="completed", charge__gt=0)
        .select_related("instrument__owner__region__parent", "invoice")
        .order_by("id")
        if f"booking:{b.pk}" not in used
        and (
            not p.provider_regions
            or parties.province_of(b.instrument.owner.region).code in p.provider_regions
        )
    ]
    # the bill says how a voucher can pay: an open bill directly, a paid one by reimbursing
    bookings = [b for b in bookings if _voucher_mode(b) in p.modes]
    if not bookings:
        return
    b = rng.choice(bookings)
    mode = _voucher_mode(b)
    # refusals (e.g. the check against contract splitting) are part of the demo
    with contextlib.suppress(InnofieldError):
        actions.redeem(
            actor=admin,
            key=f"demo:{tag}",
            grant_id=g.pk,
            provider=b.instrument.owner,
            price=None,
            service_kind="instrument",
            item_id=b.instrument_id,
            evidence=f"booking:{b.pk}",
            mode=mode,
            today=today,
            synthetic=True,
        )


def _demo_firm_at_demo_lab(admin: Any, today: dt.date) -> None:
    """demo-firm's FIRM-0001 redeems its Jiangsu voucher for a day at demo-lab's SKL-0001
    (Beijing), against a completed booking (made here, synthetic, if the demo has none)."""
    g = Grant.objects.filter(firm__code="FIRM-0001", programme__code__startswith="JS-").first()
    lab = Organization.objects.filter(code="SKL-0001").first()
    instrument = Item.objects.filter(owner=lab, kind="instrument").order_by("id").first()
    if g is None or lab is None or instrument is None:
        return
    used = set(Redemption.objects.values_list("evidence", flat=True))
    booking = next(
        (
            b
            for b in Booking.objects.filter(
                organization=g.firm,
                instrument__owner=lab,
                status="completed",
                charge__gt=0,
                invoice__status="open",
            )
            if f"booking:{b.pk}" not in used
        ),
        None,
    )
    if booking is None:
        user = Membership.objects.filter(organization=g.firm).first()
        start = (timezone.now() - dt.timedelta(days=3)).replace(
            hour=1, minute=0, second=0, microsecond=0
        )
        end = start + dt.timedelta(hours=6)
        booking = Booking.objects.create(
            instrument=instrument,
            user=user.user if user else admin,
            organization=g.firm,
            start=start,
            end=end,
            hold_start=start,
            hold_end=end,
            status="completed",
            purpose="synthetic demo booking",
            tier="cross_region",
            price_per_hour=Decimal("400"),
            quoted=Decimal("2400"),
            charge=Decimal("2400"),
            synthetic=True,
            checked_in_at=start,
            checked_out_at=end,
        )
        invoicing.issue(actor=admin, booking=booking, kind="usage")
    actions.redeem(
        actor=admin,
        key="demo:firm-0001-at-skl-0001",
        grant_id=g.pk,
        provider=lab,
        price=None,
        service_kind="instrument",
        item_id=booking.instrument_id,
        evidence=f"booking:{booking.pk}",
        mode="direct",
        today=today,
        synthetic=True,
    )


def _credit(admin: Any) -> int:
    firm = Organization.objects.filter(code="FIRM-0001").first()
    banks = list(Organization.objects.filter(code__in=["FIN-0001", "FIN-0003"]).order_by("code"))
    if firm is None or len(banks) < 2:
        return 0
    for bank in banks:
        code = parties.ensure_org_account(admin, bank)
        engine.transfer(
            actor=admin,
            key=f"demo:capital:{bank.code}",
            debit="EXT-TREASURY",
            credit=code,
            amount=1_000_000_000,
            memo="bank capital (synthetic)",
        )
    line = actions.open_credit_line(
        actor=admin,
        code="JC-FIRM-0001",
        firm=firm,
        lead_bank=banks[0],
        limit=50_000_000,
        shares={banks[0].code: 6000, banks[1].code: 4000},
        min_score=20,
        synthetic=True,
    )
    actions.draw_credit(actor=admin, line_id=line.pk, amount=10_000_000, key="demo-draw-1")
    return 1
