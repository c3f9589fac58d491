"""CSV and JSON import/export: row-level errors, all-or-nothing, size limit, round trip."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innofield.catalog import actions, transfer
from innofield.catalog.models import Item
from innofield.core.errors import ValidationFailed
from innofield.core.models import AuditLog

HEADER = "kind,title,owner,trl,keywords,details\n"
GOOD = (
    "technology,Graphene heat spreader,LAB,4,graphene; thermal,"
    '"{""ip_status"": ""patent_granted""}"\n'
)
BAD_KIND = "gizmo,Something odd,LAB,,,\n"
BAD_TRL = "technology,Too ready,LAB,11,,\n"


def _import(world, text, skip_bad=False, name="items.csv"):
    rows = transfer.read_rows(name, text.encode())
    return actions.import_records(actor=world.labber, rows=rows, file=name, skip_bad=skip_bad)


def test_bad_rows_reject_the_whole_file_with_row_level_errors(world):
    with pytest.raises(ValidationFailed) as exc:
        _import(world, HEADER + GOOD + BAD_KIND + BAD_TRL)
    located = {(e.file, e.row, e.field) for e in exc.value.errors}
    assert ("items.csv", 3, "kind") in located and ("items.csv", 4, "trl") in located
    assert not Item.objects.exists() and not AuditLog.objects.exists()


def test_skip_bad_imports_good_rows_and_reports_the_rest(world):
    report = _import(world, HEADER + GOOD + BAD_KIND + GOOD, skip_bad=True)
    assert report["created"] == 2 and report["skipped"] == 1
    assert report["errors"][0]["row"] == 3
    assert Item.objects.count() == 2
    assert Item.objects.first().details["ip_status"] == "patent_granted"
    assert AuditLog.objects.get().changes["skipped_rows"] == [3]


def test_rows_for_other_organizations_are_refused(world):
    with pytest.raises(ValidationFailed, match="not a member"):
        _import(world, HEADER + GOOD.replace(",LAB,", ",FIRM,"))


def test_ragged_and_non_utf8_and_unknown_format(world):
    with pytest.raises(ValidationFailed, match="more cells"):
        transfer.read_rows("x.csv", (HEADER + "technology,a,b,c,d,e,f,g\n").encode())
    with pytest.raises(ValidationFailed, match="not UTF-8"):
        transfer.read_rows("x.csv", HEADER.encode() + b"\xff\xfe\x00bad\n")
    with pytest.raises(ValidationFailed, match=r"\.csv or \.json"):
        transfer.read_rows("x.xlsx", b"PK")
    with pytest.raises(ValidationFailed, match="JSON array"):
        transfer.read_rows("x.json", b'{"a": 1}')


def test_oversized_upload_is_refused(world, settings):
    settings.INNOFIELD_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationFailed, match="the limit is 100 bytes"):
        transfer.read_rows("big.csv", (HEADER + GOOD * 10).encode())


def test_api_import_and_export_round_trip(world, api, settings):
    client = api(world.labber)
    upload = SimpleUploadedFile(
        "items.csv", (HEADER + GOOD + GOOD.replace("Graphene", "Boron nitride")).encode()
    )
    response = client.client.post("/api/items/import", {"file": upload}, headers=client.headers)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2
    exported = api().get("/api/items/export", format="json")
    records = json.loads(exported.content)
    assert {r["title"] for r in records} == {
        "Graphene heat spreader",
        "Boron nitride heat spreader",
    }
    csv_text = api().get("/api/items/export", format="csv").content.decode()
    bad = api().get("/api/items/export", format="xlsx")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"
    Item.objects.all().delete()
    again = _import(world, csv_text)
    assert again["created"] == 2
    assert set(Item.objects.values_list("trl", flat=True)) == {4}

    settings.INNOFIELD_MAX_UPLOAD_BYTES = 50
    big = SimpleUploadedFile("items.csv", (HEADER + GOOD * 5).encode())
    refused = client.client.post("/api/items/import", {"file": big}, headers=client.headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "file"
    assert Item.objects.count() == 2


def test_api_import_with_bad_rows_is_422_and_writes_nothing(world, api):
    client = api(world.labber)
    upload = SimpleUploadedFile("items.csv", (HEADER + GOOD + BAD_TRL).encode())
    response = client.client.post("/api/items/import", {"file": upload}, headers=client.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "trl",
        "reason": "Input should be less than or equal to 9",
        "row": 3,
        "file": "items.csv",
    }
    assert not Item.objects.exists()


def test_prices_import_in_fen_and_still_in_yuan_and_export_in_fen(world):
    """``price_fen`` is the column; files from before may give ``price`` in yuan instead."""
    text = (
        "kind,title,owner,price_fen,price,price_unit\n"
        "instrument,NMR by the hour,LAB,40000,,CNY/hour\n"
        'instrument,XRD by the hour,LAB,,"1,234.5",CNY/hour\n'
        "instrument,SEM by the hour,LAB,30000,300.00,CNY/hour\n"
        "instrument,No price yet,LAB,,,\n"
    )
    assert _import(world, text)["created"] == 4
    prices = dict(Item.objects.values_list("title", "price_fen"))
    assert prices == {
        "NMR by the hour": 40_000,
        "XRD by the hour": 123_450,
        "SEM by the hour": 30_000,
        "No price yet": None,
    }
    csv_text = transfer.write_csv(
        (transfer.item_record(i) for i in Item.objects.order_by("id")), transfer.ITEM_COLUMNS
    )
    header, first = csv_text.splitlines()[:2]
    assert "price_fen" in header.split(",") and "price" not in header.split(",")
    assert ",40000,CNY/hour," in first


@pytest.mark.parametrize(
    ("cells", "field", "reason"),
    [
        (",12.345", "price", "at most two decimals"),
        (",lots", "price", "not an amount in yuan"),
        (",-5", "price", "must not be negative"),
        ("40000,400.01", "price", "but price_fen says 40000"),
        ("400.5,", "price_fen", "not a whole number of fen"),
        ("-1,", "price_fen", "not a whole number of fen"),
    ],
)
def test_a_bad_price_names_its_column_and_row(world, cells, field, reason):
    text = f"kind,title,owner,price_fen,price\ninstrument,NMR,LAB,{cells}\n"
    with pytest.raises(ValidationFailed) as exc:
        _import(world, text)
    [error] = exc.value.errors
    assert (error.row, error.field) == (2, field) and reason in error.reason, error
    assert not Item.objects.exists()


def test_demand_budgets_in_yuan_from_old_files(world):
    rows = [(1, {"kind": "technology", "title": "Need a coating", "owner": "LAB", "budget": "5e5"})]
    actions.import_records(actor=world.labber, rows=rows, file="d.json", target="demands")
    from innofield.catalog.models import Demand

    assert Demand.objects.get().budget_fen == 50_000_000
