"""The market's web pages through the in-process client (sessions, CSRF-exempt test client)."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client
from tests.conftest import PASSWORD

from innofield.market.models import Deal, Listing

from .conftest import fund, make_deal, make_listing


def _client(user: object) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return c


def test_browse_and_listing_page_show_state_and_history(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=123_456)
    page = Client().get("/market/")
    assert page.status_code == 200 and listing.title in page.content.decode()
    detail = Client().get(f"/market/listings/{listing.pk}/").content.decode()
    assert 'id="state">open<' in detail and "1234.56 CNY" in detail
    assert "market.listing.create" in detail and "draft → open" in detail
    draft = make_listing(market, publish=False)
    assert Client().get(f"/market/listings/{draft.pk}/").status_code == 404
    assert _client(market.labber).get(f"/market/listings/{draft.pk}/").status_code == 200
    assert Client().get("/market/?state=nonsense").status_code == 200


def test_seller_creates_and_publishes_from_the_pages(market: SimpleNamespace) -> None:
    c = _client(market.labber)
    assert "Solid-state battery" in c.get("/market/listings/new/").content.decode()
    response = c.post(
        "/market/listings/new/",
        {"item": market.item.pk, "mode": "agreement", "owners": "LAB:0.5, UNI:0.4"},
    )
    assert response.status_code == 200 and "sum to exactly 1" in response.content.decode()
    response = c.post(
        "/market/listings/new/",
        {
            "item": market.item.pk,
            "mode": "agreement",
            "owners": "LAB:0.6, UNI:0.4",
            "broker": "TTC-JS",
        },
    )
    listing = Listing.objects.get()
    assert response.status_code == 302 and listing.state == "draft"
    c.post(f"/market/listings/{listing.pk}/act/", {"act": "publish"})
    assert Listing.objects.get().state == "open"
    response = c.post(f"/market/listings/{listing.pk}/act/", {"act": "publish"}, follow=True)
    assert "cannot publish a listing in state" in response.content.decode()
    assert listing.title in c.get("/market/my/seller/").content.decode()


def test_buyer_inquires_and_the_broker_queue_lists_the_deal(market: SimpleNamespace) -> None:
    listing = make_listing(market)
    _client(market.firmer).post(
        f"/market/listings/{listing.pk}/act/",
        {"act": "inquire", "organization": "FIRM", "message": "pilot?"},
    )
    deal = Deal.objects.get()
    assert deal.state == "inquiry" and deal.message == "pilot?"
    assert (
        f"/market/deals/{deal.pk}/"
        in _client(market.firmer).get("/market/my/buyer/").content.decode()
    )
    queue = _client(market.brokerer).get("/market/my/broker/").content.decode()
    assert f"/market/deals/{deal.pk}/" in queue
    assert _client(market.outsider).get(f"/market/deals/{deal.pk}/").status_code == 404
    assert Client().get("/market/my/broker/").status_code == 302


def test_deal_page_steps_and_payment(market: SimpleNamespace) -> None:
    deal = make_deal(market, "negotiation")
    seller = _client(market.labber)
    page = seller.get(f"/market/deals/{deal.pk}/").content.decode()
    assert 'value="agree"' in page and 'value="withdraw"' not in page
    seller.post(
        f"/market/deals/{deal.pk}/act/",
        {"act": "agree", "contract_type": "license", "price": "100.00"},
    )
    assert Deal.objects.get().price_fen == 10_000
    buyer = _client(market.firmer)
    buyer.post(f"/market/deals/{deal.pk}/act/", {"act": "sign"})
    seller.post(f"/market/deals/{deal.pk}/act/", {"act": "sign"})
    assert Deal.objects.get().state == "signed"
    seller.post(
        f"/market/deals/{deal.pk}/act/", {"act": "milestone", "title": "all", "amount": "100"}
    )
    ms = Deal.objects.get().milestones.get()
    seller.post(f"/market/deals/{deal.pk}/act/", {"act": "fall_due", "milestone": ms.pk})
    fund(market, market.firm, 10_000)
    buyer.post(f"/market/deals/{deal.pk}/act/", {"act": "pay", "milestone": ms.pk})
    page = buyer.get(f"/market/deals/{deal.pk}/").content.decode()
    assert "LAB 60.00; UNI 40.00" in page
    response = seller.post(
        f"/market/deals/{deal.pk}/act/", {"act": "agree", "price": "x"}, follow=True
    )
    assert "price: “x” is not an amount in yuan" in response.content.decode()
    for bad in ("NaN", "Infinity", "1e30", "0.001"):  # once a 500 (int(NaN)) for the first two
        response = seller.post(
            f"/market/deals/{deal.pk}/act/", {"act": "agree", "price": bad}, follow=True
        )
        said = response.content.decode()
        assert response.status_code == 200 and 'class="msg error">price: ' in said, bad


def test_registration_csv_page(market: SimpleNamespace) -> None:
    make_deal(market, "registered")
    text = _client(market.labber).get("/market/registrations.csv").content.decode()
    assert text.splitlines()[0].startswith("registration_no,contract_no,contract_type")
    assert len(text.splitlines()) == 2
    assert (
        len(_client(market.outsider).get("/market/registrations.csv").content.decode().splitlines())
        == 1
    )


def test_ids_typed_on_pages_are_checked_not_a_server_error(market: SimpleNamespace) -> None:
    deal = make_deal(market, "negotiation")
    seller = _client(market.labber)
    page = seller.post(
        f"/market/deals/{deal.pk}/act/", {"act": "pay", "milestone": "3; DROP"}, follow=True
    )
    assert page.status_code == 200 and "milestone: must be the number of a record" in (
        page.content.decode()
    )
    listing = make_listing(market)
    page = seller.post(
        f"/market/listings/{listing.pk}/act/", {"act": "dismiss", "objection": "x"}, follow=True
    )
    assert page.status_code == 200 and "objection: must be the number" in page.content.decode()
