"""The item form asks for each kind's details with fields generated from the kind
schemas (no JSON box); errors sit on the field and name it; editing keeps the rest."""

from __future__ import annotations

from typing import Any

import pytest

from innofield.catalog import actions
from innofield.catalog.forms import ItemForm
from innofield.catalog.kinds import ITEM_KINDS
from innofield.catalog.models import Item

pytestmark = pytest.mark.django_db


def test_every_kind_gets_its_fields_and_no_json_box(world: Any) -> None:
    form = ItemForm()
    assert "details" not in form.fields
    kinds = dict(form.kind_fieldsets())
    assert set(kinds) == set(ITEM_KINDS)
    names = {f.name for f in kinds["space"]}
    assert names == {"d_space_space_type", "d_space_area_m2"}
    assert "d_technology_synthetic_fields" not in form.fields  # set by the platform
    field = form.fields["d_computing_security_level"]
    assert (field.min_value, field.max_value) == (1, 5)  # type: ignore[attr-defined]


def test_a_space_is_created_from_its_detail_fields(world: Any, client: Any) -> None:
    client.force_login(world.labber)
    page = client.get("/items/new/?kind=space").content.decode()
    assert 'name="d_space_area_m2"' in page and "Area (m²)" in page and "(JSON)" not in page
    response = client.post(
        "/items/new/",
        {
            "kind": "space",
            "title": "Cleanroom bay",
            "owner": "LAB",
            "d_space_space_type": "cleanroom",
            "d_space_area_m2": "120.5",
            "d_technology_ip_status": "patent_granted",  # another kind's field: ignored
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item = Item.objects.get(title="Cleanroom bay")
    assert item.details["space_type"] == "cleanroom" and item.details["area_m2"] == 120.5
    assert "ip_status" not in item.details


def test_a_bad_detail_is_refused_on_its_field_and_nothing_is_written(
    world: Any, client: Any
) -> None:
    client.force_login(world.labber)
    bad = {"kind": "space", "title": "Bay", "owner": "LAB", "d_space_space_type": "office"}
    response = client.post("/items/new/", {**bad, "d_space_area_m2": "0"})
    form = response.context["form"]
    assert form.errors["d_space_area_m2"] == ["Area (m²): Input should be greater than 0"]
    missing = client.post("/items/new/", bad).context["form"]
    assert missing.errors["d_space_area_m2"] == ["Area (m²): Field required"]
    assert not Item.objects.exists()


def test_editing_shows_the_details_and_keeps_what_the_form_does_not_ask(
    world: Any, client: Any
) -> None:
    item = actions.create_item(
        actor=world.labber,
        data={
            "kind": "technology",
            "title": "Tough glass",
            "owner": "LAB",
            "details": {
                "ip_status": "patent_pending",
                "trade_modes": ["license", "transfer"],
                "patent_numbers": ["CN1", "CN2"],
                "co_owners": [{"organization": "FIRM", "share": "0.25"}],
                "synthetic_fields": ["trl"],
            },
        },
    )
    client.force_login(world.labber)
    form = client.get(f"/items/{item.pk}/edit/").context["form"]
    assert form["d_technology_patent_numbers"].value() == "CN1; CN2"
    assert form["d_technology_co_owners"].value() == "FIRM:0.25"
    assert sorted(form["d_technology_trade_modes"].value()) == ["license", "transfer"]
    response = client.post(
        f"/items/{item.pk}/edit/",
        {
            "kind": "technology",
            "title": "Tough glass",
            "owner": "LAB",
            "d_technology_ip_status": "patent_granted",
            "d_technology_trade_modes": ["license"],
            "d_technology_patent_numbers": "CN1; CN3",
            "d_technology_co_owners": "FIRM:0.3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.details["ip_status"] == "patent_granted"
    assert item.details["trade_modes"] == ["license"]
    assert item.details["patent_numbers"] == ["CN1", "CN3"]
    assert [(c["organization"], c["share"]) for c in item.details["co_owners"]] == [("FIRM", "0.3")]
    assert item.details["synthetic_fields"] == ["trl"]  # kept
