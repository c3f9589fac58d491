"""Ledger API and pages: visibility, statements, transfers over HTTP."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

from django.test import Client
from tests.conftest import PASSWORD


def test_owner_members_and_admins_see_the_account(world: NS, books: Any, api: Any) -> None:
    assert api(world.firmer).get("/api/accounts/FIRM-CNY").json()["balance"] == 100_000
    assert api(world.admin).get("/api/accounts/FIRM-CNY").status_code == 200
    for user in (world.labber, world.outsider, None):
        r = api(user).get("/api/accounts/FIRM-CNY")
        assert r.status_code == 404, user
        assert "FIRM-CNY" in r.json()["detail"]
    codes = [a["code"] for a in api(world.firmer).get("/api/accounts").json()["items"]]
    assert codes == ["FIRM-CNY"]


def test_statement_over_api(world: NS, books: Any, api: Any) -> None:
    r = api(world.firmer).post(
        "/api/transfers", {"key": "t1", "debit": "FIRM-CNY", "credit": "LAB-CNY", "amount": 250}
    )
    assert r.status_code == 201 and r.json()["status"] == "posted"
    again = api(world.firmer).post(
        "/api/transfers", {"key": "t1", "debit": "FIRM-CNY", "credit": "LAB-CNY", "amount": 250}
    )
    assert again.json()["id"] == r.json()["id"]
    st = api(world.labber).get("/api/accounts/LAB-CNY/statement", start="2000-01-01").json()
    assert st["closing"] == 250 and st["lines"][0]["counterparty"] == "FIRM-CNY"
    bad = api(world.labber).get("/api/accounts/LAB-CNY/statement", start="yesterday")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start"


def test_transfer_errors_over_api(world: NS, books: Any, api: Any) -> None:
    base = {"key": "t2", "debit": "FIRM-CNY", "credit": "LAB-CNY", "amount": 250}
    assert api(world.labber).post("/api/transfers", base).status_code == 403
    assert api(None).post("/api/transfers", base).status_code == 401
    r = api(world.firmer).post("/api/transfers", {**base, "amount": 10**9})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "debit"
    api(world.firmer).post("/api/transfers", base)
    r = api(world.firmer).post("/api/transfers", {**base, "amount": 251})
    assert r.status_code == 409 and r.json()["detail"].startswith("amount:")
    p = api(world.firmer).post("/api/transfers", {**base, "key": "t3", "pending": True}).json()
    assert api(world.firmer).post(f"/api/transfers/{p['id']}/void").json()["status"] == "voided"
    assert api(world.firmer).post(f"/api/transfers/{p['id']}/post").status_code == 409


def test_statement_page(world: NS, books: Any) -> None:
    client = Client()
    assert client.get("/ledger/FIRM-CNY/").status_code == 302
    client.login(username="firmer", password=PASSWORD)
    page = client.get("/ledger/FIRM-CNY/")
    assert page.status_code == 200 and b"seed-firm" in page.content
    assert b"FIRM-CNY" in client.get("/ledger/").content
    assert client.get("/ledger/LAB-CNY/").status_code == 404
