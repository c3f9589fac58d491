"""Vouchers over HTTP for each role: officer, firm, provider, admin."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

from .conftest import delivered


def test_roles_over_the_api(world: NS, scheme: NS, api: Any) -> None:
    officer, firm, provider = api(world.officer), api(world.rivaler), api(scheme.zjuer)
    assert [p["code"] for p in api(None).get("/api/voucher-programmes").json()["items"]] == [
        "JS-2026"
    ]
    r = officer.post(
        "/api/voucher-programmes/JS-2026/grants",
        {"key": "g1", "firm": "RIVAL", "amount": 1_000_000},
    )
    assert r.status_code == 201, r.json()
    grant = r.json()
    assert grant["remaining"] == 1_000_000
    assert (
        firm.post(
            "/api/voucher-programmes/JS-2026/grants", {"key": "g2", "firm": "RIVAL", "amount": 1}
        ).status_code
        == 403
    )
    bad = officer.post(
        "/api/voucher-programmes/JS-2026/grants", {"key": "g3", "firm": "NOPE", "amount": 1}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "firm"
    assert [g["id"] for g in firm.get("/api/voucher-grants").json()["items"]] == [grant["id"]]
    assert api(world.firmer).get("/api/voucher-grants").json()["count"] == 0

    evidence = delivered(world.rival, scheme.zju, world.rivaler, 800_000)
    body = {
        "key": "r1",
        "provider": "ZJU-LAB",
        "service_kind": "instrument",
        "evidence": evidence,
        "mode": "direct",
    }
    # The probe of #22: an unrelated lab names itself provider with free text, or with
    # another provider's booking — refused, nothing moves.
    lab = api(world.labber)
    for evidence_text in ("usage:anything", evidence):
        stolen = lab.post(
            f"/api/voucher-grants/{grant['id']}/redeem",
            {**body, "key": "x", "provider": "LAB", "price": 2_000_000, "evidence": evidence_text},
        )
        assert stolen.status_code in (403, 422), stolen.json()
        assert stolen.json()["errors"][0]["field"] in ("evidence", "price")
    gov = api(world.officer).post(
        f"/api/voucher-grants/{grant['id']}/redeem", {**body, "key": "y", "provider": "GOV-JS"}
    )
    assert gov.status_code == 422 and gov.json()["errors"][0]["field"] == "evidence"
    over = provider.post(
        f"/api/voucher-grants/{grant['id']}/redeem", {**body, "key": "z", "price": 800_001}
    )
    assert over.status_code == 422 and over.json()["errors"][0]["field"] == "price"
    r = provider.post(f"/api/voucher-grants/{grant['id']}/redeem", body)
    assert r.status_code == 201, r.json()
    assert r.json()["subsidy"] == 400_000 and r.json()["provider_region"] == "330000"
    refused = firm.post(
        f"/api/voucher-grants/{grant['id']}/redeem", {**body, "key": "r2", "evidence": "nothing"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "evidence"
    assert provider.get("/api/voucher-redemptions", role="provider").json()["count"] == 1
    assert firm.get("/api/voucher-redemptions", role="provider").json()["count"] == 0
    assert officer.get("/api/voucher-redemptions", role="officer").json()["count"] == 1
    assert firm.get("/api/voucher-redemptions", role="boss").status_code == 422

    assert officer.post("/api/voucher-settlements").status_code == 403
    s = api(world.admin).post("/api/voucher-settlements")
    assert s.status_code == 201 and s.json()["net"][0]["amount"] == 400_000
    assert api(world.admin).post("/api/voucher-settlements").status_code == 204
    statement = provider.get("/api/accounts/ORG-ZJU-LAB/statement").json()
    assert statement["closing"] == 400_000
    assert officer.get("/api/accounts/PROG-JS-2026-G").json()["balance"] == 600_000


def test_programme_creation_over_the_api(world: NS, scheme: NS, api: Any) -> None:
    body = {
        "code": "JS-PILOT",
        "name": "pilot",
        "issuer_region": "320000",
        "officer_org": "GOV-JS",
        "budget": 1_000_000,
        "co_funding_bp": 6_000,
        "cap_per_firm_year": 100_000,
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }
    r = api(world.officer).post("/api/voucher-programmes", body)
    assert r.status_code == 201 and r.json()["eligible_regions"] == ["320000"]
    r = api(world.officer).post(
        "/api/voucher-programmes", {**body, "code": "X", "co_funding_bp": 20_000}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "co_funding_bp"
    assert (
        api(world.rivaler).post("/api/voucher-programmes", {**body, "code": "Y"}).status_code == 403
    )


def test_out_of_range_input_is_a_422_not_a_crash(world: NS, scheme: NS, api: Any) -> None:
    officer = api(world.officer)
    body = {
        "code": "BIG",
        "name": "x" * 201,
        "issuer_region": "320000",
        "officer_org": "GOV-JS",
        "budget": 10**19,
        "co_funding_bp": 5000,
        "cap_per_firm_year": 10**18,
        "split_window_days": 10**9,
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
    }
    r = officer.post("/api/voucher-programmes", body)
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} >= {"budget", "name"}
    r = officer.post("/api/voucher-programmes", {**body, "name": "ok", "budget": 100})
    assert r.status_code == 422
    assert "cap_per_firm_year" in {e["field"] for e in r.json()["errors"]}
    g = officer.post(
        "/api/voucher-programmes/JS-2026/grants", {"key": "k" * 151, "firm": "RIVAL", "amount": 1}
    )
    assert g.status_code == 422 and g.json()["errors"][0]["field"] == "key"
    g = officer.post(
        "/api/voucher-programmes/JS-2026/grants", {"key": "k", "firm": "RIVAL", "amount": 100}
    ).json()
    r = api(world.rivaler).post(
        f"/api/voucher-grants/{g['id']}/redeem",
        {
            "key": "r",
            "provider": "ZJU-LAB",
            "price": 10**30,
            "service_kind": "t" * 41,
            "evidence": "usage:1",
            "mode": "direct",
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "price"
    st = api(world.admin).get("/api/accounts/PROG-JS-2026/statement", start="0001-01-01")
    assert st.status_code == 422 and st.json()["errors"][0]["field"] == "start"
