"""The untranslated-text scan (:func:`tests.web.test_firm_journey_browser.english_left`)
over pages the browser journeys do not reach: the market's deal page (contract, milestones,
cross-border terms and a refusal), the cross-border review list, the bills pages (to pay
and to receive, with a refusal) and "My bookings" with its notifications. Rendered in
zh-hans through the test client; what remains once the data the pages show is taken out
must be Chinese."""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace
from typing import Any
from zoneinfo import available_timezones

import pytest
from django.db import transaction
from django.test import Client
from tests.conftest import PASSWORD
from tests.market.conftest import make_deal
from tests.market.conftest import market as market  # the market's fixture, used here
from tests.web.test_firm_journey_browser import english_left

pytestmark = pytest.mark.django_db

#: What the pages show as data: titles, codes, user names, contract data, not interface.
DATA = [
    "Solid-state battery electrolyte",
    "Electron microscope",
    "Acme Robotics Inc.",
    "XB-TEST-1",
    "083915X",
    "H01M",
    "TTC-JS",
    "LAB",
    "FIRM",
    "UNI",
    "labber",
    "firmer",
    "interested",
    "first payment",
    "USD",
    "CNY",
]


def _main(page: Any) -> str:
    """The text of the page's ``<main>`` as a reader sees it (scripts and tags removed)."""
    text = page.content.decode()
    start, end = text.find("<main"), text.rfind("</main>")
    assert start >= 0 and end > start, "no <main>"
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", text[start:end], flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _scan(pages: dict[str, Any], data: list[str]) -> dict[str, list[str]]:
    left = {}
    for name, page in pages.items():
        assert page.status_code == 200, name
        text = _main(page)
        for value in sorted(data, key=len, reverse=True):  # the data first, then codes
            text = text.replace(value, " ")
        found = english_left(re.sub(r"\b[A-Z]{3,6}\b", " ", text), [])  # ISO codes, CSV
        if found:
            left[name] = found
    return left


def test_market_deal_and_cross_border_pages_are_chinese(market: SimpleNamespace) -> None:
    from tests.market.test_cross_border_pages import _form

    from innofield.market import actions

    deal = make_deal(market, "signed")
    actions.plan_milestone(
        actor=market.labber, deal_id=deal.pk, title="first payment", amount_fen=200_000
    )
    lab = _client(market.labber)
    pages = {"deal (signed, terms form)": lab.get(f"/market/deals/{deal.pk}/")}
    pages["deal: milestone above the price"] = lab.post(
        f"/market/deals/{deal.pk}/act/",
        {"act": "milestone", "title": "second", "amount": "9,000"},
        follow=True,
    )
    pages["deal: terms with errors"] = lab.post(
        f"/market/deals/{deal.pk}/cross-border/", _form(amount="-1", rate_date="2999-01-01")
    )
    assert lab.post(f"/market/deals/{deal.pk}/cross-border/", _form()).status_code == 302
    pages["deal (terms filed)"] = lab.get(f"/market/deals/{deal.pk}/")
    from innofield.market.models import CrossBorderContract

    row = CrossBorderContract.objects.get(deal=deal)
    pages["cross-border: submitted"] = lab.post(
        f"/market/cross-border/{row.pk}/act/", {"act": "submit"}, follow=True
    )
    pages["cross-border list"] = lab.get("/market/cross-border/")
    pages["cross-border list: bad filter"] = lab.get("/market/cross-border/?state=bogus")
    firm = _client(market.firmer)
    pages["cross-border: refused review"] = firm.post(
        f"/market/cross-border/{row.pk}/act/",
        {"act": "approve", "licence_no": "L-1", "confirm": "yes"},
        follow=True,
    )
    data = [*DATA, row.contract_no, deal.contract_no or "", "L-1", "second"]
    left = _scan(pages, data)
    assert not left, f"English left on the market's Chinese pages: {left}"


def test_bills_and_my_bookings_pages_are_chinese(world: SimpleNamespace) -> None:
    from innofield.booking import invoicing
    from innofield.booking.models import Booking
    from innofield.catalog.models import Item

    inst = Item.objects.create(
        kind="instrument", title="Electron microscope", owner=world.lab, region=world.nj
    )
    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    booking = Booking.objects.create(
        instrument=inst,
        user=world.firmer,
        organization=world.firm,
        start=start,
        end=start + dt.timedelta(hours=1),
        hold_start=start,
        hold_end=start + dt.timedelta(hours=1),
        status="completed",
        tier="industry",
        price_per_hour_fen=40_000,
        quoted_fen=40_000,
        charge_fen=40_000,
    )
    with transaction.atomic():
        invoice = invoicing.issue(actor=world.admin, booking=booking, kind="usage")
    assert invoice is not None
    firm, lab = _client(world.firmer), _client(world.labber)
    pages = {
        "bills to pay": firm.get("/bookings/bills/"),
        "bills: pay refused (no account)": firm.post(
            f"/bookings/bills/{invoice.pk}/pay/", follow=True
        ),
        "my bookings with notifications": firm.get("/bookings/mine/"),
        "bills to receive": lab.get("/bookings/bills/?side=receive"),
        "instruments managed": lab.get("/instruments/managed/"),
        "instrument page": lab.get(f"/instruments/{inst.pk}/manage/"),
    }
    data = [*DATA, "Test State Key Lab", "Test Tech Co.", "ORG-FIRM", *available_timezones()]
    left = _scan(pages, data)
    assert not left, f"English left on the booking's Chinese pages: {left}"


def test_the_scan_sees_english_a_refusal_leaves() -> None:
    """The scan is not blind: an English refusal on a Chinese page is found."""

    class Page:
        status_code = 200
        content = '<main><p class="msg error">账户: FIRM has no ledger account</p></main>'.encode()

    assert _scan({"page": Page()}, DATA) == {"page": ["has no ledger account"]}
