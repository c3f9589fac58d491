"""The catalog and registry REST API through the in-process client."""

from __future__ import annotations

import json

from innofield.catalog.models import Item
from innofield.core.models import AuditLog

TECH = {
    "kind": "technology",
    "title": "Solid-state electrolyte",
    "owner": "LAB",
    "trl": 5,
    "description": "Sulfide electrolyte for lithium metal batteries.",
    "keywords": ["battery"],
}


def test_token_then_create_read_update_retire(world, api):
    lab = api(world.labber)
    created = lab.post("/api/items", TECH)
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["owner"] == "LAB" and item["region"] == "320100" and item["trl"] == 5
    got = api().get(f"/api/items/{item['id']}")
    assert got.status_code == 200 and got.json()["title"] == TECH["title"]
    patched = lab.patch(
        f"/api/items/{item['id']}", {"price_fen": 120_050, "price_unit": "CNY/license"}
    )
    assert patched.status_code == 200 and patched.json()["price_fen"] == 120_050
    retired = lab.post(f"/api/items/{item['id']}/retire", {"reason": "sold"})
    assert retired.status_code == 200 and retired.json()["status"] == "retired"
    assert api().get(f"/api/items/{item['id']}").status_code == 404
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["catalog.item.create", "catalog.item.update", "catalog.item.retire"]


def test_bad_credentials_and_missing_token(world, api):
    anon = api()
    bad = anon.post("/api/auth/token", {"username": "labber", "password": "wrong"})
    assert bad.status_code == 401
    assert anon.post("/api/items", TECH).status_code == 401
    forged = anon.client.post(
        "/api/items",
        json.dumps(TECH),
        content_type="application/json",
        headers={"Authorization": "Bearer forged-token"},
    )
    assert forged.status_code == 401
    assert not Item.objects.exists()


def test_validation_errors_are_422_with_fields(world, api):
    response = api(world.labber).post("/api/items", {**TECH, "kind": "gizmo", "trl": "high"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"kind", "trl"} <= fields
    assert "unknown kind 'gizmo'" in response.json()["detail"]
    assert not Item.objects.exists()


def test_wrong_types_and_unknown_fields(world, api):
    response = api(world.labber).post("/api/items", {**TECH, "keywords": 42, "surprise": 1})
    assert response.status_code == 422
    assert {"keywords", "surprise"} <= {e["field"] for e in response.json()["errors"]}


def test_permission_denied_is_403_and_changes_nothing(world, api):
    item = api(world.labber).post("/api/items", TECH).json()
    response = api(world.rivaler).patch(f"/api/items/{item['id']}", {"title": "Mine now"})
    assert response.status_code == 403
    assert "owning organization" in response.json()["detail"]
    assert Item.objects.get().title == TECH["title"]
    assert api(world.firmer).post("/api/items", TECH).status_code == 403


def test_list_filters_and_pagination(world, api):
    lab = api(world.labber)
    for n in range(5):
        lab.post("/api/items", {**TECH, "title": f"Battery idea {n}"})
    api(world.rivaler).post(
        "/api/items",
        {
            "kind": "service",
            "title": "Battery testing service",
            "owner": "RIVAL",
            "details": {"service_type": "testing"},
        },
    )
    anon = api()
    assert anon.get("/api/items").json()["count"] == 6
    assert anon.get("/api/items", kind="service").json()["count"] == 1
    assert anon.get("/api/items", region="320100").json()["count"] == 5
    assert (
        anon.get("/api/items", region="320000").json()["count"] == 6
    )  # province includes its cities
    assert anon.get("/api/items", organization="RIVAL").json()["count"] == 1
    assert anon.get("/api/items", text="idea 3").json()["count"] == 1
    page = anon.get("/api/items", limit=2, offset=4).json()
    assert page["count"] == 6 and len(page["items"]) == 2
    assert anon.get("/api/items", kind="gizmo").status_code == 422
    assert anon.get("/api/items", limit=0).status_code == 422
    assert anon.get("/api/items", limit="many").status_code == 422


def test_registry_endpoints(world, api):
    anon = api()
    regions = anon.get("/api/regions", level="province").json()
    assert regions["count"] == 2 and {r["code"] for r in regions["items"]} == {"320000", "330000"}
    assert anon.get("/api/regions/320100").json()["parent"] == "320000"
    assert anon.get("/api/regions/nope").status_code == 404
    orgs = anon.get("/api/organizations", region="320000").json()
    assert {o["code"] for o in orgs["items"]} == {"LAB", "RIVAL", "GOV-JS"}
    assert anon.get("/api/organizations", type="sme").json()["count"] == 2
    assert anon.get("/api/organizations/LAB").json()["type"] == "state_key_lab"


def test_demands_api(world, api):
    firm = api(world.firmer)
    created = firm.post(
        "/api/demands",
        {
            "kind": "finance",
            "title": "Credit line for scale-up",
            "owner": "FIRM",
            "budget_fen": 200_000_000,
            "preferred_regions": ["320000"],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["preferred_regions"] == ["320000"]
    assert api().get("/api/demands", kind="finance").json()["count"] == 1
    bad = firm.post(
        "/api/demands", {"kind": "finance", "title": "x", "owner": "FIRM", "deadline": "someday"}
    )
    assert bad.status_code == 422
    assert {"title", "deadline"} <= {e["field"] for e in bad.json()["errors"]}


def test_openapi_schema_is_served(world, api):
    schema = api().get("/api/openapi.json").json()
    assert "/api/items" in schema["paths"] and "/api/auth/token" in schema["paths"]


def test_numbers_beyond_the_database_range_are_422(world, api):
    anon = api()
    assert anon.get("/api/items", offset=604895048257220902912).status_code == 422
    assert anon.get("/api/items/604895048257220902912").status_code in (404, 422)
    assert anon.get("/api/items/9223372036854775808").status_code in (404, 422)
