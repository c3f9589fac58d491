"""The market demo loader on a small world shaped like the demo data set."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from innofield.catalog.models import Item
from innofield.ledger import queries as ledger
from innofield.market import demo
from innofield.market.models import Deal, Listing
from innofield.registry.models import Organization


def test_demo_loads_every_trade_mode_and_keeps_the_ledger_consistent(
    market: SimpleNamespace,
) -> None:
    get_user_model().objects.create_user("demo-admin", is_superuser=True)
    host = Organization.objects.create(
        code="HOST-1", name_zh="宿主大学", type="university", region=market.js
    )
    Organization.objects.create(
        code="TTC-320000", name_zh="中心", type="service_agency", region=market.js
    )
    labs = []
    for n in range(4):
        labs.append(
            Organization.objects.create(
                code=f"SKL-{n}",
                name_zh=f"实验室{n}",
                type="state_key_lab",
                region=market.nj,
                host=host if n % 2 else None,
            )
        )
    for n in range(1, 6):
        Organization.objects.create(
            code=f"FIRM-{n:04d}", name_zh=f"公司{n}", type="sme", region=market.zj
        )
    for n in range(20):
        Item.objects.create(
            kind="technology", title=f"Technology {n}", owner=labs[n % 4], region=market.nj
        )
    counts = demo.load_demo(seed=7)
    # 20 + the fixture's item, + one listing for each of the four cross-border contracts
    assert counts["market_listings"] == 25 and counts["market_deals"] > 0
    assert counts["market_cross_border_contracts"] == 4
    from innofield.market.models import CrossBorderContract

    by_state = {(r.direction, r.state, r.export_check) for r in CrossBorderContract.objects.all()}
    assert by_state == {
        ("export", "registered", "free"),
        ("import", "registered", ""),
        ("export", "under_review", "restricted"),
        ("export", "refused", "prohibited"),
    }
    assert not CrossBorderContract.objects.filter(synthetic=False).exists()
    paid = CrossBorderContract.objects.get(direction="import").deal.milestones.get()
    assert paid.state == "paid"
    assert set(Listing.objects.values_list("mode", flat=True)) >= {
        "agreement",
        "listing",
        "auction",
    }
    assert Listing.objects.filter(state="draft").count() == 2
    assert not Listing.objects.filter(synthetic=False).exists()
    assert not Deal.objects.filter(synthetic=False).exists()
    assert len(set(Deal.objects.values_list("state", flat=True))) >= 3
    assert Deal.objects.filter(winning_bid__isnull=False, listing__mode="auction").exists()
    assert ledger.check_invariants() == []
