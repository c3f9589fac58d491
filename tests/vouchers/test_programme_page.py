"""An officer creates a voucher programme in the browser: money in yuan, co-funding in
percent; the programme's budget leaves the province's budget account."""

from __future__ import annotations

from typing import Any

from django.test import Client

from innofield.ledger.queries import balance
from innofield.vouchers.models import Programme


def form(**changes: Any) -> dict[str, Any]:
    return {
        "code": "JS-2027",
        "name": "Jiangsu vouchers 2027",
        "officer_org": "GOV-JS",
        "issuer_region": "320000",
        "budget": "50,000",
        "co_funding_percent": "40",
        "cap_per_firm_year": "20,000",
        "max_per_contract": "",
        "split_window_days": "30",
        "valid_from": "2027-01-01",
        "valid_to": "2027-12-31",
        "eligible_org_types": ["sme", "specialized_sme"],
        "modes": ["reimburse", "direct"],
        "service_kinds": ["testing", "instrument"],
    } | changes


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_officer_creates_a_programme_in_yuan(world: Any, scheme: Any) -> None:
    before = balance("BUDGET-320000")["balance"]
    page = logged_in(world.officer).post("/vouchers/programmes/new/", form())
    assert page.status_code == 302, page.content.decode()[:500]
    p = Programme.objects.get(code="JS-2027")
    assert (p.budget, p.co_funding_bp, p.cap_per_firm_year) == (5_000_000, 4_000, 2_000_000)
    assert p.max_per_contract is None and p.eligible_regions == ["320000"]
    assert balance("BUDGET-320000")["balance"] == before - 5_000_000
    detail = logged_in(world.officer).get(page["Location"]).content.decode()
    assert "Jiangsu vouchers 2027" in detail


def test_bad_terms_are_refused_on_the_form_and_nothing_is_written(world: Any, scheme: Any) -> None:
    client = logged_in(world.officer)
    for changes, field_text in (
        ({"budget": "1e30"}, "at most"),
        ({"co_funding_percent": "120"}, "100"),
        ({"valid_to": "2026-01-01"}, "valid"),
        ({"budget": "10,000,000"}, "budget"),
    ):
        page = client.post("/vouchers/programmes/new/", form(**changes))
        assert page.status_code == 200, changes
        html = page.content.decode()
        assert "errorlist" in html and field_text in html, (changes, html[-3000:])
    assert not Programme.objects.filter(code="JS-2027").exists()


def test_only_officers_of_a_government_may_open_the_form(world: Any) -> None:
    page = logged_in(world.firmer).get("/vouchers/programmes/new/", follow=True)
    assert "Only programme officers" in page.content.decode()
    assert logged_in(world.firmer).post("/vouchers/programmes/new/", form()).status_code == 302
    assert not Programme.objects.exists()
