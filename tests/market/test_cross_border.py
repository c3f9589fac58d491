"""Cross-border technology contracts: conversion, the export-catalogue check, officers'
review, refusals naming the field, nothing half written, payments in CNY fen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.market import actions, crossborder
from innofield.market.models import CrossBorderContract, Deal

from .conftest import fund, make_deal

YESTERDAY = dt.date.today() - dt.timedelta(days=1)


def terms(**over: Any) -> dict[str, Any]:
    """Valid export terms: USD 123,456.78 at 7.1234 CNY per USD."""
    return {
        "direction": "export",
        "counterpart_name": "Musterfirma GmbH",
        "counterpart_country": "de",
        "contract_category": "patent_license",
        "technology_category": "1234",
        "currency": "usd",
        "amount": "123,456.78",
        "rate_cny_per_unit": "7.1234",
        "rate_date": YESTERDAY.isoformat(),
        "contract_no": "EXP-2026-001",
        "signed_on": YESTERDAY.isoformat(),
        "valid_until": (YESTERDAY + dt.timedelta(days=365)).isoformat(),
        "payment_method": "instalments",
    } | over


def fields(exc: ValidationFailed) -> set[str]:
    return {e.field for e in exc.errors}


# --- the pure rules --------------------------------------------------------------------


def test_conversion_to_fen_is_exact_and_rounds_half_up() -> None:
    # 123,456.78 USD × 7.1234 = 879,432.026652 CNY = 87,943,202.6652 fen → 87,943,203
    assert crossborder.to_cny_fen(12_345_678, "USD", Decimal("7.1234")) == 87_943_203
    # 0.01 EUR × 6.5 = 0.065 CNY = 6.5 fen → 7 (half up; banker's rounding would give 6)
    assert crossborder.to_cny_fen(1, "EUR", Decimal("6.5")) == 7
    # 0.01 EUR × 6.49999999 = 6.499999999 fen → 6
    assert crossborder.to_cny_fen(1, "EUR", Decimal("6.49999999")) == 6
    # JPY has no minor unit: 1,000,000 JPY × 0.048235 = 48,235.00 CNY
    assert crossborder.to_cny_fen(1_000_000, "JPY", Decimal("0.048235")) == 4_823_500
    # KWD has three decimals: 1.234 KWD × 23.45 = 28.9373 CNY = 2,893.73 fen → 2,894
    assert crossborder.to_cny_fen(1_234, "KWD", Decimal("23.45")) == 2_894


def test_amounts_and_rates_are_parsed_exactly() -> None:
    assert crossborder.parse_amount("123,456.78", "USD") == 12_345_678
    assert crossborder.parse_amount("1000", "JPY") == 1_000
    assert crossborder.format_amount(12_345_678, "USD") == "123,456.78"
    assert crossborder.format_amount(1_000, "JPY") == "1,000"
    for bad, currency in (
        ("1.5", "JPY"),
        ("1.001", "USD"),
        ("0", "USD"),
        ("-3", "EUR"),
        ("x", "EUR"),
    ):
        with pytest.raises(crossborder.AmountError):
            crossborder.parse_amount(bad, currency)
    assert crossborder.check_rate("7.12345678") == Decimal("7.12345678")
    assert crossborder.format_rate(Decimal("100.00000000")) == "100"
    assert crossborder.format_rate(Decimal("7.80000000")) == "7.8"
    for bad in ("0", "-1", "NaN", "Infinity", "7.123456789", "abc", 7.1):
        with pytest.raises(crossborder.AmountError):
            crossborder.check_rate(bad)  # type: ignore[arg-type]


def test_the_catalogue_check() -> None:
    assert crossborder.check_export("050304J").outcome == "prohibited"
    restricted = crossborder.check_export("083915X")
    assert restricted.outcome == "restricted"
    assert restricted.label() == "083915X computer application technology"
    assert restricted.label(zh=True) == "083915X 计算机应用技术"
    assert crossborder.check_export("999999X").outcome == "unknown"  # not in the partial list
    assert crossborder.check_export("3911").outcome == "free"
    for row in crossborder.catalogue().values():
        assert row.code[-1] == {"prohibited": "J", "restricted": "X"}[row.level]
        assert row.verification  # every row says where it comes from


# --- filing and registration -----------------------------------------------------------


def test_unrestricted_export_registers_with_rate_date_and_fen(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    row = actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms())
    row.refresh_from_db()
    assert row.state == "draft" and row.currency == "USD" and row.counterpart_country == "DE"
    assert row.amount_minor == 12_345_678
    assert row.rate_cny_per_unit == Decimal("7.1234") and row.rate_date == YESTERDAY
    assert row.amount_cny_fen == 87_943_203
    assert Deal.objects.get(pk=deal.pk).price_fen == 87_943_203  # the deal is priced in fen
    row = actions.submit_cross_border(actor=market.labber, contract_id=row.pk)
    assert row.state == "registered" and row.export_check == "free"
    assert row.registration_no == f"XB-{timezone.now():%Y}-{row.pk:06d}"
    events = list(
        AuditLog.objects.filter(object_id=str(row.pk), action__startswith="market.cross_border")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert events == ["market.cross_border.file", "market.cross_border.register"]


def test_import_is_not_checked_against_the_export_list(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    row = actions.file_cross_border(
        actor=market.firmer,
        deal_id=deal.pk,
        data=terms(
            direction="import",
            technology_category="050304J",
            currency="JPY",
            amount="5000000",
            rate_cny_per_unit="0.048235",
        ),
    )
    assert row.amount_cny_fen == 24_117_500  # 5,000,000 × 0.048235 = 241,175.00 CNY
    row = actions.submit_cross_border(actor=market.firmer, contract_id=row.pk)
    assert row.state == "registered" and row.export_check == ""


def test_prohibited_export_is_refused_naming_the_category(market: SimpleNamespace) -> None:
    deal = make_deal(market, "signed")
    row = actions.file_cross_border(
        actor=market.labber, deal_id=deal.pk, data=terms(technology_category="050304j")
    )
    row = actions.submit_cross_border(actor=market.labber, contract_id=row.pk)
    assert row.state == "refused" and row.export_check == "prohibited"
    assert "050304J" in row.refusal_reason and "prohibited" in row.refusal_reason
    # the deal can neither be registered nor paid while its cross-border contract is refused
    with pytest.raises(Conflict, match="'refused'"):
        actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="register")
    ms = actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="all", amount_fen=1_000)
    actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    fund(market, market.firm, 1_000)
    with pytest.raises(Conflict, match="cross-border"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    with pytest.raises(Conflict):  # a refused contract does not change any more
        actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms())


def test_restricted_export_goes_to_an_officer_who_approves(market: SimpleNamespace) -> None:
    deal = make_deal(market, "signed")
    row = actions.file_cross_border(
        actor=market.labber, deal_id=deal.pk, data=terms(technology_category="083915X")
    )
    row = actions.submit_cross_border(actor=market.labber, contract_id=row.pk)
    assert row.state == "under_review" and row.export_check == "restricted"
    for user in (market.labber, market.firmer, market.rivaler, market.brokerer):
        with pytest.raises(PermissionDenied, match="government"):
            actions.review_cross_border(
                actor=user, contract_id=row.pk, outcome="approve", licence_no="L-1"
            )
    with pytest.raises(ValidationFailed) as exc:
        actions.review_cross_border(actor=market.officer, contract_id=row.pk, outcome="approve")
    assert fields(exc.value) == {"licence_no"}
    assert CrossBorderContract.objects.get(pk=row.pk).state == "under_review"
    row = actions.review_cross_border(
        actor=market.officer, contract_id=row.pk, outcome="approve", licence_no="JS-XK-2026-07"
    )
    assert row.state == "registered" and row.licence_no == "JS-XK-2026-07"
    assert row.registration_no.startswith("XB-") and row.reviewed_by == market.officer
    with pytest.raises(Conflict, match="cannot refuse"):
        actions.review_cross_border(
            actor=market.officer, contract_id=row.pk, outcome="refuse", reason="late"
        )
    # registered: the deal registers and the buyer pays the converted fen on the ledger
    actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="register")
    fund(market, market.firm, 87_943_203)
    ms = actions.plan_milestone(
        actor=market.firmer, deal_id=deal.pk, title="all", amount_fen=87_943_203
    )
    with pytest.raises(ValidationFailed):  # above the converted price
        actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="more", amount_fen=1)
    actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    ms = actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    assert sum(s["amount_fen"] for s in ms.splits) == 87_943_203


def test_restricted_export_refused_by_an_officer(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    row = actions.file_cross_border(
        actor=market.labber, deal_id=deal.pk, data=terms(technology_category="086501X")
    )
    row = actions.submit_cross_border(actor=market.labber, contract_id=row.pk)
    with pytest.raises(ValidationFailed) as exc:
        actions.review_cross_border(actor=market.officer, contract_id=row.pk, outcome="refuse")
    assert fields(exc.value) == {"reason"}
    row = actions.review_cross_border(
        actor=market.officer, contract_id=row.pk, outcome="refuse", reason="licence denied"
    )
    assert row.state == "refused" and row.refusal_reason == "licence denied"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"currency": "ZZZ"}, "currency"),
        ({"currency": "XAU"}, "currency"),
        ({"counterpart_country": "CN"}, "counterpart_country"),
        ({"counterpart_country": "XX"}, "counterpart_country"),
        ({"counterpart_country": "Germany"}, "counterpart_country"),
        ({"rate_cny_per_unit": "0"}, "rate_cny_per_unit"),
        ({"rate_cny_per_unit": "-7.1"}, "rate_cny_per_unit"),
        ({"rate_cny_per_unit": "7.123456789"}, "rate_cny_per_unit"),
        ({"currency": "CNY", "rate_cny_per_unit": "1.1"}, "rate_cny_per_unit"),
        ({"rate_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, "rate_date"),
        ({"rate_date": "2026-02-30"}, "rate_date"),
        ({"amount": "12.345"}, "amount"),
        ({"technology_category": "08391Z"}, "technology_category"),
        ({"direction": "sideways"}, "direction"),
        ({"contract_category": "license"}, "contract_category"),
        ({"valid_until": "2000-01-01"}, "valid_until"),
        ({"counterpart_name": " "}, "counterpart_name"),
        ({"payment_method": ""}, "payment_method"),
    ],
)
def test_bad_terms_are_refused_naming_the_field_and_nothing_is_written(
    market: SimpleNamespace, change: dict[str, Any], field: str
) -> None:
    deal = make_deal(market, "agreed")
    before = AuditLog.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms(**change))
    assert fields(exc.value) == {field}, exc.value
    assert CrossBorderContract.objects.count() == 0
    assert Deal.objects.get(pk=deal.pk).price_fen == 1_000_000
    assert AuditLog.objects.count() == before


def test_nothing_half_written_when_the_deal_refuses(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="a", amount_fen=900_000)
    before = AuditLog.objects.count()
    # 1,000.00 USD × 7.1234 = 7,123.40 CNY = 712,340 fen < 900,000 fen planned
    with pytest.raises(ValidationFailed) as exc:
        actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms(amount="1000"))
    assert fields(exc.value) == {"amount"}
    assert CrossBorderContract.objects.count() == 0 and AuditLog.objects.count() == before
    assert Deal.objects.get(pk=deal.pk).price_fen == 1_000_000
    inquiry = make_deal(market, "inquiry", listing=None)
    with pytest.raises(Conflict, match="agreed or signed"):
        actions.file_cross_border(actor=market.labber, deal_id=inquiry.pk, data=terms())
    with pytest.raises(PermissionDenied):
        actions.file_cross_border(actor=market.rivaler, deal_id=deal.pk, data=terms())
    assert CrossBorderContract.objects.count() == 0


def test_a_draft_is_refiled_and_converted_again(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    first = actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms())
    again = actions.file_cross_border(
        actor=market.labber,
        deal_id=deal.pk,
        data=terms(currency="EUR", amount="100000", rate_cny_per_unit="7.7"),
    )
    assert again.pk == first.pk and again.amount_cny_fen == 77_000_000
    assert Deal.objects.get(pk=deal.pk).price_fen == 77_000_000


# --- the API ---------------------------------------------------------------------------


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def test_api_file_submit_review(market: SimpleNamespace, api: Any) -> None:
    deal = make_deal(market, "signed")
    lab, firm, officer, anon = api(market.labber), api(market.firmer), api(market.officer), api()
    body = terms(technology_category="083915X", currency="EUR", rate_cny_per_unit="7.8") | {
        "deal": deal.pk,
        "amount_minor": 5_000_000,
    }
    body.pop("amount")
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    for change, field in (
        ({"counterpart_country": "CN"}, "counterpart_country"),
        ({"currency": "EURO"}, "currency"),
        ({"rate_cny_per_unit": "0"}, "rate_cny_per_unit"),
        ({"rate_cny_per_unit": "-1"}, "rate_cny_per_unit"),
        ({"rate_date": future}, "rate_date"),
    ):
        bad = _ok(lab.post("/api/market/cross-border", body | change), 422)
        assert field in str(bad), bad
    assert CrossBorderContract.objects.count() == 0
    row = _ok(lab.post("/api/market/cross-border", body), 201)
    assert row["amount_cny_fen"] == 39_000_000 and row["amount"] == "50,000.00"
    assert row["rate_cny_per_unit"] == "7.8" and row["state"] == "draft"
    assert row["counterpart_country_name"] == "Germany"
    row = _ok(lab.post(f"/api/market/cross-border/{row['id']}/submit"))
    assert row["state"] == "under_review" and row["export_check"] == "restricted"
    assert anon.get("/api/market/cross-border").status_code == 401
    assert _ok(api(market.rivaler).get("/api/market/cross-border"))["count"] == 0
    assert api(market.rivaler).get(f"/api/market/cross-border/{row['id']}").status_code == 404
    queue = _ok(officer.get("/api/market/cross-border?state=under_review"))
    assert [r["id"] for r in queue["items"]] == [row["id"]]
    review = f"/api/market/cross-border/{row['id']}/review"
    assert firm.post(review, {"outcome": "approve", "licence_no": "X"}).status_code == 403
    done = _ok(officer.post(review, {"outcome": "approve", "licence_no": "JS-2026-1"}))
    assert done["state"] == "registered" and done["licence_no"] == "JS-2026-1"
    assert _ok(firm.get(f"/api/market/cross-border/{row['id']}"))["state"] == "registered"


def test_reopened_deal_keeps_the_converted_price(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    row = actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms())
    actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="reopen")
    with pytest.raises(ValidationFailed) as exc:
        actions.transition_deal(
            actor=market.labber,
            deal_id=deal.pk,
            transition="agree",
            data={"contract_type": "license", "price_fen": 1_000_000},
        )
    assert fields(exc.value) == {"price_fen"} and "¥879,432.03" in str(exc.value)
    deal = actions.transition_deal(
        actor=market.labber, deal_id=deal.pk, transition="agree", data={"contract_type": "license"}
    )
    assert deal.state == "agreed" and deal.price_fen == row.amount_cny_fen


def test_the_filing_audit_row_keeps_rate_date_and_both_prices(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    row = actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=terms())
    log = AuditLog.objects.get(action="market.cross_border.file", object_id=str(row.pk))
    assert log.changes["rate_cny_per_unit"] == "7.1234"
    assert log.changes["rate_date"] == YESTERDAY.isoformat()
    assert log.changes["amount_minor"] == 12_345_678 and log.changes["currency"] == "USD"
    assert log.changes["deal_price_fen"] == [1_000_000, 87_943_203]
