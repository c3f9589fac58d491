"""The computing demo loader on a small world shaped like the demo data set: synthetic
offers, jobs, one run, settled usage partly paid by computing vouchers, a clean ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.computing import demo
from innofield.computing.models import ComputeJob, Offer, Placement, Usage
from innofield.ledger.queries import check_invariants
from innofield.registry.models import Organization, Region


def test_the_demo_is_synthetic_placed_settled_and_balanced(world: Any) -> None:
    get_user_model().objects.create_user("demo-admin", password=PASSWORD, is_superuser=True)
    for code, en in [
        ("640000", "Ningxia"),
        ("520000", "Guizhou"),
        ("150000", "Inner Mongolia"),
        ("310000", "Shanghai"),
        ("440000", "Guangdong"),
    ]:
        Region.objects.create(code=code, level="province", parent=world.cn, name_en=en, zone="east")
    Organization.objects.create(
        code="GOV-320000", name_zh="江苏省科学技术厅", type="government", region=world.js
    )
    for n in range(1, 6):
        Organization.objects.create(
            code=f"FIRM-{n:04d}", name_zh=f"公司{n}", type="sme", region=world.js
        )
    counts = demo.load_demo(seed=20261124)
    assert counts["computing_offers"] == Offer.objects.count() > 20
    # jobs whose rules no offer meets (e.g. storage kept in the east) are refused
    assert 0 < counts["computing_jobs"] == ComputeJob.objects.count() <= 10
    assert counts["computing_placed"] > 0 and counts["computing_settled"] > 0
    assert not Offer.objects.filter(synthetic=False).exists()
    assert not ComputeJob.objects.filter(synthetic=False).exists()
    # demo-firm's FIRM-0001 has a settled job partly paid by its computing voucher
    # and a placed one left for it to accept in the browser
    mine = ComputeJob.objects.filter(organization__code="FIRM-0001")
    assert set(mine.values_list("state", flat=True)) >= {"placed"}
    paid = Usage.objects.get(organization__code="FIRM-0001", redemption_id__isnull=False)
    assert 0 < paid.subsidy_fen < paid.amount_fen
    # three providers sell off-peak hours; a placement in one is planned at that price
    tariffs = Offer.objects.filter(offpeak_price_fen__isnull=False)
    assert {o.provider.code for o in tariffs} == {"CP-0001", "CP-0002", "CP-0004"}
    assert all(o.synthetic and o.offpeak_price_fen < o.price_fen for o in tariffs)
    for p in Placement.objects.select_related("offer"):
        price = p.offer.offpeak_price_fen if p.offpeak else p.offer.price_fen
        assert p.price_fen == price and p.amount_fen == p.units * price
    assert check_invariants() == []
