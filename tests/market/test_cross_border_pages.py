"""Cross-border terms on the deal page and the officers' review list, in en and zh-hans."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.market.models import CrossBorderContract, Deal

from .conftest import make_deal

DAY = (dt.date.today() - dt.timedelta(days=3)).isoformat()


def _client(user: Any, language: str) -> Client:
    c = Client(headers={"accept-language": language})
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _form(**over: str) -> dict[str, str]:
    return {
        "direction": "export",
        "counterpart_name": "Acme Robotics Inc.",
        "counterpart_country": "US",
        "contract_category": "know_how_license",
        "technology_category": "083915X",
        "currency": "USD",
        "amount": "250000.00",
        "rate_cny_per_unit": "7.1",
        "rate_date": DAY,
        "contract_no": "XB-TEST-1",
        "signed_on": DAY,
        "valid_until": "2031-12-31",
        "payment_method": "lump_sum",
    } | over


@pytest.mark.parametrize(
    ("language", "field_label", "country", "currency", "refused"),
    [
        ("en", "Date of the rate", "Germany", "USD — US Dollar", "Reason for refusal"),
        ("zh-hans", "汇率日期", "德国", "USD — 美元", "拒绝理由"),
    ],
)
def test_terms_filed_submitted_and_reviewed_from_the_pages(
    market: SimpleNamespace,
    language: str,
    field_label: str,
    country: str,
    currency: str,
    refused: str,
) -> None:
    deal = make_deal(market, "signed")
    lab = _client(market.labber, language)
    page = lab.get(f"/market/deals/{deal.pk}/").content.decode()
    assert 'id="xb-form"' in page and country in page and currency in page
    assert "¥10,000.00" in page  # the deal's price in yuan (core.money)
    # errors name the field in the page's language; nothing is written
    future = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    response = lab.post(f"/market/deals/{deal.pk}/cross-border/", _form(rate_date=future))
    text = response.content.decode()
    assert response.status_code == 200 and f"{field_label}:" in text
    assert CrossBorderContract.objects.count() == 0
    # saved: 250,000.00 USD × 7.1 = 1,775,000.00 CNY
    response = lab.post(f"/market/deals/{deal.pk}/cross-border/", _form())
    assert response.status_code == 302
    page = lab.get(f"/market/deals/{deal.pk}/").content.decode()
    assert "¥1,775,000.00" in page and "250,000.00 USD" in page
    assert Deal.objects.get(pk=deal.pk).price_fen == 177_500_000
    row = CrossBorderContract.objects.get()
    lab.post(f"/market/cross-border/{row.pk}/act/", {"act": "submit"})
    assert CrossBorderContract.objects.get().state == "under_review"
    # a non-officer sees no review buttons and is refused
    firm = _client(market.firmer, language)
    assert 'value="approve"' not in firm.get("/market/cross-border/").content.decode()
    firm.post(
        f"/market/cross-border/{row.pk}/act/",
        {"act": "approve", "licence_no": "L", "confirm": "yes"},
    )
    assert CrossBorderContract.objects.get().state == "under_review"
    officer = _client(market.officer, language)
    queue = officer.get("/market/cross-border/").content.decode()
    assert f'id="xb-{row.pk}"' in queue and 'value="approve"' in queue
    assert (
        "计算机应用技术" if language == "zh-hans" else "computer application technology"
    ) in queue
    # without the confirmation box nothing happens, and the message names it
    response = officer.post(
        f"/market/cross-border/{row.pk}/act/",
        {"act": "refuse", "reason": "no licence", "next": "list"},
        follow=True,
    )
    assert ("确认" if language == "zh-hans" else "Confirmation") in response.content.decode()
    assert CrossBorderContract.objects.get().state == "under_review"
    officer.post(
        f"/market/cross-border/{row.pk}/act/",
        {"act": "refuse", "reason": "no licence", "confirm": "yes", "next": "list"},
    )
    assert CrossBorderContract.objects.get().state == "refused"
    page = lab.get(f"/market/deals/{deal.pk}/").content.decode()
    assert refused in page and "no licence" in page and 'id="xb-form"' not in page


def test_prohibited_export_refused_on_the_page_names_the_category(
    market: SimpleNamespace,
) -> None:
    deal = make_deal(market, "agreed")
    lab = _client(market.labber, "en")
    lab.post(f"/market/deals/{deal.pk}/cross-border/", _form(technology_category="050304J"))
    row = CrossBorderContract.objects.get()
    response = lab.post(f"/market/cross-border/{row.pk}/act/", {"act": "submit"}, follow=True)
    assert "050304J" in response.content.decode() and "prohibited" in response.content.decode()
    assert CrossBorderContract.objects.get().state == "refused"
