"""Catalog actions: validation, permissions, audit rows, and nothing half written."""

from __future__ import annotations

import pytest

from innofield.catalog import actions
from innofield.catalog.models import Demand, Item
from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog

TECH = {
    "kind": "technology",
    "title": "Perovskite tandem solar cell",
    "owner": "LAB",
    "trl": 4,
    "keywords": "solar; perovskite",
    "details": {"ip_status": "patent_pending"},
}


def fields_of(exc: ValidationFailed) -> set[str]:
    return {e.field for e in exc.errors}


def test_create_item_defaults_region_and_writes_audit(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    assert item.region == world.nj
    assert item.keywords == ["solar", "perovskite"]
    assert item.details["ip_status"] == "patent_pending"
    log = AuditLog.objects.get(action="catalog.item.create")
    assert log.actor == world.labber and log.object_id == str(item.pk)
    assert log.changes["title"] == TECH["title"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "gizmo"}, "kind"),
        ({"title": "x"}, "title"),
        ({"trl": 12}, "trl"),
        ({"trl": "high"}, "trl"),
        ({"price": -5}, "price"),
        ({"owner": "NOPE"}, "owner"),
        ({"region": "999999"}, "region"),
        ({"colour": "red"}, "colour"),
        ({"details": {"ip_status": "stolen"}}, "details.ip_status"),
        ({"details": {"unknown_detail": 1}}, "details.unknown_detail"),
        ({"details": "{not json"}, "details"),
    ],
)
def test_invalid_input_names_the_field_and_writes_nothing(world, change, field):
    with pytest.raises(ValidationFailed) as exc:
        actions.create_item(actor=world.labber, data={**TECH, **change})
    assert field in fields_of(exc.value)
    assert not Item.objects.exists() and not AuditLog.objects.exists()


def test_trl_does_not_apply_to_services(world):
    data = {
        "kind": "service",
        "title": "Testing lab",
        "owner": "LAB",
        "trl": 3,
        "details": {"service_type": "testing"},
    }
    with pytest.raises(ValidationFailed, match="does not apply"):
        actions.create_item(actor=world.labber, data=data)


def test_kind_specific_details_are_required_per_kind(world):
    with pytest.raises(ValidationFailed) as exc:
        actions.create_item(
            actor=world.labber, data={"kind": "space", "title": "Clean room", "owner": "LAB"}
        )
    assert {"details.space_type", "details.area_m2"} <= fields_of(exc.value)


def test_cannot_create_for_another_organization(world):
    with pytest.raises(PermissionDenied):
        actions.create_item(actor=world.firmer, data=TECH)
    assert not Item.objects.exists()


def test_editing_another_organizations_item_is_refused_and_changes_nothing(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    before = AuditLog.objects.count()
    with pytest.raises(PermissionDenied):
        actions.update_item(actor=world.rivaler, item_id=item.pk, data={"title": "Hijacked title"})
    item.refresh_from_db()
    assert item.title == TECH["title"] and AuditLog.objects.count() == before


def test_update_records_only_what_changed(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    actions.update_item(
        actor=world.labber, item_id=item.pk, data={"title": "Perovskite–silicon tandem"}
    )
    log = AuditLog.objects.get(action="catalog.item.update")
    assert log.changes == {"title": [TECH["title"], "Perovskite–silicon tandem"]}


def test_invalid_update_leaves_row_unchanged(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    with pytest.raises(ValidationFailed):
        actions.update_item(
            actor=world.labber, item_id=item.pk, data={"title": "New title", "trl": 0}
        )
    item.refresh_from_db()
    assert item.title == TECH["title"]


def test_members_cannot_move_items_to_other_owners(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    with pytest.raises(PermissionDenied, match="another owner"):
        actions.update_item(actor=world.labber, item_id=item.pk, data={"owner": "FIRM"})


def test_retire_hides_item_from_public_and_blocks_edits(world):
    item = actions.create_item(actor=world.labber, data=TECH)
    actions.retire_item(actor=world.labber, item_id=item.pk, reason="licensed out")
    item.refresh_from_db()
    assert item.status == "retired"
    with pytest.raises(ValidationFailed, match="retired"):
        actions.update_item(actor=world.labber, item_id=item.pk, data={"title": "Again"})
    with pytest.raises(ValidationFailed, match="already retired"):
        actions.retire_item(actor=world.labber, item_id=item.pk)


def test_demand_with_preferred_regions(world):
    demand = actions.create_demand(
        actor=world.firmer,
        data={
            "kind": "technology",
            "title": "Need low-cost solar coatings",
            "owner": "FIRM",
            "budget": "500000",
            "deadline": "2027-06-30",
            "preferred_regions": "320000; 330000",
            "details": {"target_trl": 6},
        },
    )
    assert demand.region == world.zj
    assert {r.code for r in demand.preferred_regions.all()} == {"320000", "330000"}
    with pytest.raises(ValidationFailed, match="no region with code '999'"):
        actions.update_demand(
            actor=world.firmer, demand_id=demand.pk, data={"preferred_regions": ["999"]}
        )
    assert Demand.objects.get().preferred_regions.count() == 2
