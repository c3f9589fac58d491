"""The demo hook on a miniature of the demo data set: deterministic and consistent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from innofield.catalog.models import Item
from innofield.ledger import queries as ledger
from innofield.registry.models import Alliance, Organization, Region
from innofield.vouchers.models import Redemption


@pytest.fixture
def mini_demo(db: Any) -> None:
    """Provinces of the delta and Beijing, their bureaus, firms, labs with instruments,
    two banks and demo-admin."""
    cn = Region.objects.create(code="CN", level="country", name_zh="中国")
    provinces = {
        code: Region.objects.create(code=code, level="province", parent=cn, name_zh=code)
        for code in ("110000", "310000", "320000", "330000", "340000")
    }
    Alliance.objects.create(code="YRD", name_zh="长三角").regions.set(
        [provinces[c] for c in ("310000", "320000", "330000", "340000")]
    )
    for code, region in provinces.items():
        Organization.objects.create(
            code=f"GOV-{code}", name_zh=code, type="government", region=region
        )
        lab = Organization.objects.create(
            code=f"SKL-{code}", name_zh=code, type="state_key_lab", region=region
        )
        for k in range(3):
            Item.objects.create(
                kind="instrument",
                title=f"instrument {k}",
                owner=lab,
                region=region,
                price=Decimal(300 + k),
            )
    demo_lab = Organization.objects.create(
        code="SKL-0001", name_zh="北京实验室", type="state_key_lab", region=provinces["110000"]
    )
    Item.objects.create(
        kind="instrument",
        title="demo-lab NMR",
        owner=demo_lab,
        region=provinces["110000"],
        price=Decimal(400),
    )
    for n in range(1, 31):
        Organization.objects.create(
            code=f"FIRM-{n:04d}",
            name_zh=str(n),
            type="sme",
            region=list(provinces.values())[n % 5 if n > 1 else 2],
        )
    for n in (1, 3):
        Organization.objects.create(
            code=f"FIN-{n:04d}",
            name_zh=str(n),
            type="financial_institution",
            region=provinces["320000"],
        )
    get_user_model().objects.create_user("demo-admin", password="x", is_superuser=True)
    _completed_bookings()


def _completed_bookings() -> None:
    """What the booking demo leaves behind: each firm's completed, charged bookings at the
    labs' instruments (the evidence voucher redemptions need)."""
    import datetime as dt

    from innofield.booking.models import Booking

    instruments = list(Item.objects.filter(kind="instrument").order_by("id"))
    start = dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC)
    for n, firm in enumerate(Organization.objects.filter(code__startswith="FIRM-")):
        user = get_user_model().objects.create_user(f"booker-{firm.code.lower()}")
        for k in range(3):
            inst = instruments[(n * 3 + k) % len(instruments)]
            s = start + dt.timedelta(hours=3 * (n * 3 + k))
            Booking.objects.create(
                instrument=inst,
                user=user,
                organization=firm,
                start=s,
                end=s + dt.timedelta(hours=2),
                hold_start=s,
                hold_end=s + dt.timedelta(hours=2),
                status="completed",
                tier="industry",
                price_per_hour=inst.price,
                quoted=0,
                charge=inst.price * 2,
                synthetic=True,
                checked_in_at=s,
                checked_out_at=s + dt.timedelta(hours=2),
            )


def test_demo_loads_consistent_voucher_records(mini_demo: None) -> None:
    from innofield.vouchers.demo import load_demo

    counts = load_demo(seed=20261124)
    assert counts["voucher_programmes"] == 3 and counts["credit_lines"] == 1
    assert counts["voucher_grants"] > 5 and counts["voucher_redemptions"] > 3
    assert Redemption.objects.filter(provider__code="SKL-0001", synthetic=True).exists()
    assert Redemption.objects.filter(status="clawed_back").count() == 1
    assert ledger.balance("ORG-FIRM-0001")["balance"] >= 10_000_000  # the credit draw
    assert ledger.check_invariants() == []  # no redemption above its booking's charge
    for r in Redemption.objects.filter(evidence__startswith="booking:"):
        booking = r.evidence.split(":")[1]
        from innofield.booking.models import Booking

        assert r.price == int(Booking.objects.get(pk=booking).charge * 100)
