"""The audit trail people can read: declared events, rows grouped by action, parties, and
the page and API that show admins everything and managers their organisations' records."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from tests.core.access_cases import Cases
from tests.core.access_scenarios_money import deal

from innofield.core import audit
from innofield.core.models import AuditLog


def page_for(user: Any, **params: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def cases(world: Any) -> Cases:
    return Cases(world)


def test_an_undeclared_event_is_refused(world: Any) -> None:
    with pytest.raises(ValueError, match="not declared"), transaction.atomic():
        audit.record(world.admin, "booking.booking.teleport", world.lab)


def test_a_booking_history_is_shown_to_both_organisations_managers_only(cases: Cases) -> None:
    from innofield.booking import actions

    w = cases.w
    booking = cases.booking("requested", approval_required=True)
    actions.decide(actor=w.labber, booking_id=booking.pk, approve=True)
    actions.cancel(actor=cases.user("firm", "member"), booking_id=booking.pk, reason="ill")
    filters = {"object_type": "booking.booking", "object_id": str(booking.pk)}
    for manager in (w.firmer, w.labber, w.admin):
        html = page_for(manager, **filters)
        for event in (
            "booking.booking.create",
            "booking.booking.approve",
            "booking.booking.cancel",
        ):
            assert event in html, (manager.username, event)
    stranger = cases.user("lab", "stranger")
    assert "booking.booking.create" not in page_for(stranger, **filters)
    assert "open to platform administrators" in page_for(cases.user("firm", "member"))


def test_a_deal_history_reaches_the_buyer_and_seller_not_others(cases: Cases, api: Any) -> None:
    w = cases.w
    row = deal(cases, "agreed")
    seen = {}
    for name, user in (
        ("buyer", w.firmer),
        ("seller", w.labber),
        ("stranger", cases.user("lab", "stranger")),
    ):
        body = api(user).get("/api/audit", object_type="market.deal", object_id=str(row.pk)).json()
        seen[name] = sorted(r["action"] for r in body["items"])
    assert (
        seen["buyer"]
        == seen["seller"]
        == sorted(["market.deal.inquire", "market.deal.negotiate", "market.deal.agree"])
    )
    assert seen["stranger"] == []


def test_one_request_s_rows_share_an_action_id(cases: Cases, api: Any) -> None:
    w = cases.w
    source = cases.account(w.firm, funded=10_000)
    target = cases.account(w.lab)
    response = api(w.firmer).post(
        "/api/transfers", {"key": "pay-1", "debit": source, "credit": target, "amount": 100}
    )
    assert response.status_code == 201
    rows = AuditLog.objects.filter(action="ledger.transfer.create").order_by("-id")
    mine = rows.first()
    assert mine is not None and len(mine.action_id) == 32
    assert rows.filter(action_id=mine.action_id).count() >= 1
    others = set(AuditLog.objects.exclude(pk=mine.pk).values_list("action_id", flat=True))
    assert mine.action_id not in others  # earlier actions (fixtures) have ids of their own


def test_the_export_neutralises_formula_cells(cases: Cases, api: Any) -> None:
    w = cases.w
    with transaction.atomic():
        audit.record(
            w.admin,
            "demo.load",
            None,
            {"note": "-2+3"},
            object_type="demo",
            object_repr='=HYPERLINK("http://x","y")',
        )
    response = api(w.admin).get("/api/audit", action="demo.load", format="csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["object"] for r in rows] == ['\'=HYPERLINK("http://x","y")']
    assert api(w.labber).get("/api/audit", action="demo.load").json()["count"] == 0
