"""The personal page: a firm sees its demands, bookings, deals, vouchers and money in one
place, and nothing of other organisations."""

from __future__ import annotations

from typing import Any

from django.test import Client
from tests.core.access_cases import Cases
from tests.core.access_scenarios_money import deal


def page(user: Any) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_firm_sees_its_work_in_one_place(world: Any) -> None:
    c = Cases(world)
    demand = c.demand()
    booking = c.booking()
    row = deal(c, "agreed")
    c.grant()
    c.account(world.firm, funded=123_456)
    html = page(world.firmer)
    assert demand.title in html
    assert f"/market/deals/{row.pk}/" in html and "¥10,000.00" in html  # the agreed price
    assert "¥10,000.00" in html  # the voucher grant, in yuan
    assert "¥1,234.56" in html  # the account balance, in yuan
    member = page(c.user("firm", "member"))
    assert booking.instrument.title[:40] in member  # the member made the booking


def test_nothing_of_other_organisations(world: Any) -> None:
    c = Cases(world)
    demand = c.demand()
    c.account(world.firm, funded=123_456)
    html = page(c.user("lab", "stranger"))
    assert demand.title not in html and "¥1,234.56" not in html
    assert Client().get("/me/").status_code == 302  # to the login page
