"""Security issue #22 against the market API: selling what you do not own, and deal details
leaking through a listing's history."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from tests.conftest import PASSWORD

from innofield.market.models import Listing

from .conftest import make_deal


def _errors(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def test_a_firm_cannot_list_another_organizations_technology(
    market: SimpleNamespace, api: Any
) -> None:
    """The probe: demo-firm listed a lab's technology naming itself seller with 99 %."""
    response = api(market.firmer).post(
        "/api/market/listings",
        {
            "item": market.item.pk,
            "owners": [
                {"organization": "FIRM", "share": "0.99"},
                {"organization": "LAB", "share": "0.01"},
            ],
        },
    )
    assert response.status_code == 403, response.content
    assert "only managers of the item's owner LAB" in response.json()["detail"]
    assert not Listing.objects.exists()


def test_a_plain_member_of_the_owner_cannot_list_it(market: SimpleNamespace, api: Any) -> None:
    from innofield.registry.models import Membership

    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    Membership.objects.create(user=clerk, organization=market.lab, role="member")
    response = api(clerk).post("/api/market/listings", {"item": market.item.pk})
    assert response.status_code == 403 and "roles: manager, admin" in response.json()["detail"]
    assert api().post("/api/market/listings", {"item": market.item.pk}).status_code == 401


def test_owners_and_shares_come_from_the_catalog_not_the_request(
    market: SimpleNamespace, api: Any
) -> None:
    lab = api(market.labber)
    grab = lab.post(
        "/api/market/listings",
        {
            "item": market.item.pk,
            "owners": [
                {"organization": "LAB", "share": "0.99"},
                {"organization": "UNI", "share": "0.01"},
            ],
        },
    )
    assert grab.status_code == 422 and _errors(grab) == ["owners"]
    assert "recorded ownership (LAB 0.6, UNI 0.4)" in grab.json()["detail"]
    outsider = lab.post(
        "/api/market/listings",
        {"item": market.item.pk, "owners": [{"organization": "FIRM", "share": "1"}]},
    )
    assert outsider.status_code == 422 and _errors(outsider) == ["owners"]
    made = lab.post("/api/market/listings", {"item": market.item.pk})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["seller"] == "LAB"
    assert [(o["organization"], Decimal(o["share"])) for o in body["owners"]] == [
        ("LAB", Decimal("0.6")),
        ("UNI", Decimal("0.4")),
    ]


def test_only_a_manager_records_co_owners_in_the_catalog(market: SimpleNamespace, api: Any) -> None:
    from innofield.registry.models import Membership

    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    Membership.objects.create(user=clerk, organization=market.lab, role="member")
    change = {"details": {"co_owners": [{"organization": "FIRM", "share": "0.9"}]}}
    refused = api(clerk).patch(f"/api/items/{market.item.pk}", change)
    assert refused.status_code == 403, refused.content
    bad = api(market.labber).patch(
        f"/api/items/{market.item.pk}",
        {"details": {"co_owners": [{"organization": "LAB", "share": "0.5"}]}},
    )
    assert bad.status_code == 422 and _errors(bad) == ["details.co_owners.0.organization"]
    whole = api(market.labber).patch(
        f"/api/items/{market.item.pk}",
        {"details": {"co_owners": [{"organization": "UNI", "share": "1"}]}},
    )
    assert whole.status_code == 422 and "less than 1" in whole.json()["detail"]


def test_history_hides_deal_steps_from_those_who_cannot_see_the_deal(
    market: SimpleNamespace, api: Any
) -> None:
    """The probe: anonymous history showed buyer, message, price, contract, milestones."""
    deal = make_deal(market, "registered")
    lid = deal.listing_id
    assert api().get(f"/api/market/deals/{deal.pk}").status_code in (401, 404)
    for who in (None, market.rivaler, market.outsider):
        response = api(who).get(f"/api/market/listings/{lid}/history")
        assert response.status_code == 200, response.content
        objects = {step["object"].split()[0] for step in response.json()}
        text = response.content.decode()
        assert objects == {"listing"}, (who, objects)
        assert "interested" not in text and "firmer" not in text and "1000000" not in text
        assert "labber" not in text  # usernames only for the listing's parties
    for who in (market.firmer, market.labber, market.brokerer, market.admin):
        steps = api(who).get(f"/api/market/listings/{lid}/history").json()
        assert "deal" in {s["object"].split()[0] for s in steps}, who
    assert "labber" in {
        s["actor"] for s in api(market.unier).get(f"/api/market/listings/{lid}/history").json()
    }
    page = Client().get(f"/market/listings/{lid}/").content.decode()
    assert "interested" not in page and "labber" not in page and "market.deal" not in page


def test_market_bodies_refuse_unknown_fields_nul_and_loose_amounts(
    market: SimpleNamespace, api: Any
) -> None:
    lab = api(market.labber)
    r = lab.post("/api/market/listings", {"item": market.item.pk, "seller": "FIRM"})
    assert r.status_code == 422 and _errors(r) == ["seller"]
    r = lab.post("/api/market/listings", {"item": market.item.pk, "description": "a\x00b"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    for amount in (True, "100", 1.5, -1, 10**16):
        r = lab.post(
            "/api/market/listings",
            {"item": market.item.pk, "mode": "listing", "asking_price_fen": amount},
        )
        assert r.status_code == 422 and _errors(r) == ["asking_price_fen"], (amount, r.content)
    r = lab.post("/api/market/listings", {"item": market.item.pk, "notice_days": True})
    assert r.status_code == 422 and _errors(r) == ["notice_days"]
    assert not Listing.objects.exists()
