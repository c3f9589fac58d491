"""A bid the market refuses says why in the page's language, with amounts in yuan: Chinese
under zh-hans, English under en; the API and the actions keep the field names."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client
from tests.conftest import PASSWORD

from innofield.market import actions
from innofield.market.models import Bid

from .conftest import make_listing


def _bid(lang: str, user: object, listing_id: int, amount: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    page = client.post(
        f"/market/listings/{listing_id}/act/",
        {"act": "bid", "organization": "FIRM", "amount": amount},
        follow=True,
    )
    assert page.status_code == 200
    return page.content.decode()


def _auction(m: SimpleNamespace) -> int:
    listing = make_listing(
        m, mode="auction", auction_kind="ascending", start_fen=100_000, increment_fen=10_000
    )
    return actions.open_bidding(actor=m.labber, listing_id=listing.pk).pk


def test_a_bid_below_the_starting_price_is_refused_in_chinese(market: SimpleNamespace) -> None:
    listing_id = _auction(market)
    zh = _bid("zh-hans", market.firmer, listing_id, "999.99")
    assert "金额: 不得低于 ¥1,000.00（起拍价）" in zh
    assert "amount_fen" not in zh and "must be at least" not in zh
    en = _bid("en", market.firmer, listing_id, "999.99")
    assert "amount: must be at least ¥1,000.00 (the starting price)" in en
    assert "amount_fen" not in en and "起拍价" not in en
    assert not Bid.objects.exists()


def test_outbidding_yourself_is_refused_in_chinese(market: SimpleNamespace) -> None:
    listing_id = _auction(market)
    assert "Bid placed." in _bid("en", market.firmer, listing_id, "1000")
    zh = _bid("zh-hans", market.firmer, listing_id, "1,200")
    assert "FIRM 已持有最高出价（¥1,000.00）" in zh and "already holds" not in zh
    assert Bid.objects.count() == 1


def test_a_bid_on_a_listing_not_open_for_bids_is_refused_in_chinese(
    market: SimpleNamespace,
) -> None:
    listing = make_listing(market, mode="auction", auction_kind="ascending", increment_fen=1)
    zh = _bid("zh-hans", market.firmer, listing.pk, "1000")
    assert f"挂牌 {listing.pk} 当前状态为“开放”，不接受出价" in zh
    assert "not taking bids" not in zh
    en = _bid("en", market.firmer, listing.pk, "1000")
    assert f"listing {listing.pk} is open, not taking bids" in en
    assert not Bid.objects.exists()


def test_a_step_the_state_does_not_allow_is_refused_in_chinese(market: SimpleNamespace) -> None:
    listing = make_listing(market)  # published: open
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert client.login(username=market.labber.username, password=PASSWORD)
    zh = client.post(
        f"/market/listings/{listing.pk}/act/", {"act": "publish"}, follow=True
    ).content.decode()
    said = zh[zh.find('class="msg error">') :][:200]
    assert said.startswith('class="msg error">挂牌当前状态为“开放”，不能执行“'), said
    assert "cannot" not in said and "publish" not in said
    en = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert en.login(username=market.labber.username, password=PASSWORD)
    page = en.post(f"/market/listings/{listing.pk}/act/", {"act": "publish"}, follow=True)
    assert "cannot publish a listing in state &#x27;open&#x27;" in page.content.decode()
