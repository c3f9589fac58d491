"""Security issue #22 against the catalog API: formula cells in CSV exports, deeply nested
JSON in bodies and import files, unknown fields, NUL text and deadlines in the past."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innofield.catalog.models import Demand, Item
from innofield.core import csvsafe

FORMULA = '=HYPERLINK("http://x","y")'


def _fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def _upload(client: Any, name: str, content: bytes) -> Any:
    upload = SimpleUploadedFile(name, content)
    return client.client.post("/api/items/import", {"file": upload}, headers=client.headers)


def _nested(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (FORMULA, "'" + FORMULA),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),
        ("plain = text", "plain = text"),
        (-3, -3),
    ],
)
def test_safe_cell(cell: Any, written: Any) -> None:
    assert csvsafe.safe_cell(cell) == written
    if isinstance(written, str):
        assert csvsafe.unescape_cell(written) == cell


def test_csv_export_neutralises_formulas_and_imports_back(world: Any, api: Any) -> None:
    Item.objects.create(
        kind="technology", title=FORMULA, owner=world.lab, region=world.nj, keywords=["@risk"]
    )
    response = api().get("/api/items/export", format="csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["title"] == "'" + FORMULA and rows[0]["keywords"] == "'@risk"
    assert not any(v.startswith(csvsafe.FORMULA_STARTS) for row in rows for v in row.values())
    Item.objects.all().delete()
    again = _upload(api(world.labber), "items.csv", response.content)
    assert again.status_code == 200, again.content
    assert Item.objects.get().title == FORMULA and Item.objects.get().keywords == ["@risk"]


def test_deep_json_in_an_item_or_import_is_refused_naming_the_field(world: Any, api: Any) -> None:
    lab = api(world.labber)
    body = {"kind": "technology", "title": "Deep one", "owner": "LAB", "details": {}}
    deep25 = json.dumps(body)[:-3] + _nested(25) + "}"
    r = lab.client.post("/api/items", deep25, content_type="application/json", headers=lab.headers)
    assert r.status_code == 422 and _fields(r) == ["details"], r.content
    # a CSV cell 2,000 levels deep (the JSON parser gives up: RecursionError, once a 500)
    cell = _nested(2000).replace('"', '""')
    text = f'kind,title,owner,details\ntechnology,Deep one,LAB,"{cell}"\n'
    r = _upload(lab, "items.csv", text.encode())
    assert r.status_code == 422, r.content
    assert r.json()["errors"][0] | {"reason": ""} == {
        "field": "details",
        "reason": "",
        "row": 2,
        "file": "items.csv",
    }
    assert "nested" in r.json()["errors"][0]["reason"]
    # a JSON file 100,000 levels deep
    r = _upload(lab, "items.json", ("[" * 100_000 + "]" * 100_000).encode())
    assert r.status_code == 422 and r.json()["errors"][0]["file"] == "items.json"
    assert "nested too deeply" in r.json()["detail"]
    # a JSON file whose details nest 50 levels (readable, but over the limit)
    record = {"kind": "technology", "title": "Deep one", "owner": "LAB", "details": {}}
    text = "[" + json.dumps(record)[:-3] + _nested(50) + "}]"
    r = _upload(lab, "items.json", text.encode())
    assert r.status_code == 422 and _fields(r) == ["details"], r.content
    assert not Item.objects.exists()


def test_unknown_fields_and_nul_text_are_refused(world: Any, api: Any) -> None:
    lab = api(world.labber)
    base = {"kind": "technology", "title": "Graphene film", "owner": "LAB"}
    r = lab.post("/api/items", base | {"colour": "blue"})
    assert r.status_code == 422 and _fields(r) == ["colour"]
    r = lab.post("/api/items", base | {"title": "Graphene\x00film"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    item = lab.post("/api/items", base)
    assert item.status_code == 201
    r = lab.patch(f"/api/items/{item.json()['id']}", {"description": "a\x00b"})
    assert r.status_code == 422 and "NUL" in r.json()["detail"]
    r = lab.post(f"/api/items/{item.json()['id']}/retire", {"reason": "x", "why": "y"})
    assert r.status_code == 422 and _fields(r) == ["why"]
    text = "kind,title,owner\ntechnology,Nul\x00here,LAB\n"
    r = _upload(lab, "items.csv", text.encode())
    assert r.status_code == 422 and r.json()["errors"][0]["row"] == 2
    assert Item.objects.count() == 1


def test_price_must_fit_its_column(world: Any, api: Any) -> None:
    lab = api(world.labber)
    base = {"kind": "technology", "title": "Graphene film", "owner": "LAB"}
    for price in ("1e30", "NaN", "-1", "1.001"):
        r = lab.post("/api/items", base | {"price": price})
        assert r.status_code == 422 and _fields(r) == ["price"], (price, r.content)
    r = lab.post("/api/items", base | {"price": "1234.5"})
    assert r.status_code == 201 and r.json()["price"] == "1234.50"


def test_a_demand_deadline_in_the_past_is_refused(world: Any, api: Any) -> None:
    lab = api(world.labber)
    base = {"kind": "technology", "title": "Need a coating", "owner": "LAB"}
    yesterday = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    for deadline in ("0001-01-01", yesterday, "9999-12-31"):
        r = lab.post("/api/demands", base | {"deadline": deadline})
        assert r.status_code == 422 and _fields(r) == ["deadline"], (deadline, r.content)
    soon = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    made = lab.post("/api/demands", base | {"deadline": soon})
    assert made.status_code == 201
    # a demand whose deadline has passed may still be edited without moving it
    Demand.objects.filter(pk=made.json()["id"]).update(deadline=dt.date(2020, 1, 1))
    r = lab.patch(f"/api/demands/{made.json()['id']}", {"title": "Need a better coating"})
    assert r.status_code == 200, r.content


def test_importing_co_owners_takes_a_manager(world: Any, api: Any) -> None:
    from django.contrib.auth import get_user_model
    from tests.conftest import PASSWORD

    from innofield.registry.models import Membership

    clerk = get_user_model().objects.create_user("clerk", password=PASSWORD)
    Membership.objects.create(user=clerk, organization=world.lab, role="member")
    details = json.dumps({"co_owners": [{"organization": "FIRM", "share": "0.5"}]})
    cell = details.replace('"', '""')
    text = f'kind,title,owner,details\ntechnology,Shared film,LAB,"{cell}"\n'
    r = _upload(api(clerk), "items.csv", text.encode())
    assert r.status_code == 422 and "manage" in r.json()["detail"]
    r = _upload(api(world.labber), "items.csv", text.encode())
    assert r.status_code == 200 and Item.objects.get().details["co_owners"][0]["share"] == "0.5"


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("9999999999.99", "9999999999.99"),
        ("10000000000", None),
        (1e30, None),
        ("-0", "0.00"),
        ("0E+20", "0.00"),
        ("12.500", "12.50"),
        ("12.501", None),
        ("1e-30", None),
        ("Infinity", None),
        ("", None),
        (None, None),
        (False, None),
    ],
)
def test_check_decimal_fits_a_decimal_12_2_column(value: Any, result: str | None) -> None:
    from innofield.catalog.decimals import DecimalRefused, check_decimal

    if result is None:
        with pytest.raises(DecimalRefused):
            check_decimal(value, max_digits=12, decimal_places=2)
    else:
        assert str(check_decimal(value, max_digits=12, decimal_places=2)) == result
