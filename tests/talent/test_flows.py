"""Mobility events and the talent flows between provinces computed from them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.registry.models import Region
from innofield.talent import actions, flows


@pytest.fixture
def moves(people: SimpleNamespace, world: Any) -> SimpleNamespace:
    """Hand-made moves: Ann Nanjing→Zhejiang (2024-03-01) and back to Jiangsu
    (2025-06-01); Bo Jiangsu→Zhejiang (2025-01-10); Cy Zhejiang→Anhui (2023-05-05);
    Bo within Zhejiang (2025-02-01)."""
    ah = Region.objects.create(
        code="340000", level="province", parent=world.cn, name_zh="安徽省", name_en="Anhui"
    )
    actions.record_move(
        actor=people.ann_u,
        profile_id=people.ann.pk,
        to_region=world.zj,
        to_organization=world.firm,
        moved_on=dt.date(2024, 3, 1),
    )
    actions.record_move(
        actor=people.ann_u,
        profile_id=people.ann.pk,
        to_region=world.js,
        to_organization=world.rival,
        moved_on=dt.date(2025, 6, 1),
    )
    actions.record_move(
        actor=people.bo_u,
        profile_id=people.bo.pk,
        to_region=world.zj,
        moved_on=dt.date(2025, 1, 10),
    )
    actions.record_move(
        actor=people.cy_u, profile_id=people.cy.pk, to_region=ah, moved_on=dt.date(2023, 5, 5)
    )
    actions.record_move(
        actor=people.bo_u, profile_id=people.bo.pk, to_region=world.zj, moved_on=dt.date(2025, 2, 1)
    )
    return SimpleNamespace(ah=ah, **vars(people))


def test_matrix_and_totals_by_hand(moves: SimpleNamespace) -> None:
    data = flows.flows(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert [p["code"] for p in data["provinces"]] == ["320000", "330000"]
    # rows origin, columns destination: JS→ZJ: Ann 2024, Bo 2025; ZJ→JS: Ann 2025;
    # ZJ→ZJ: Bo's second move; Cy's 2023 move is outside the period
    assert data["matrix"] == [[0, 2], [1, 1]]
    totals = {t["code"]: t for t in data["totals"]}
    assert (totals["320000"]["inflow"], totals["320000"]["outflow"]) == (1, 2)
    assert (totals["330000"]["inflow"], totals["330000"]["outflow"]) == (2, 1)
    assert totals["330000"]["net"] == 1 and totals["330000"]["within"] == 1
    assert data["moves"] == 4


def test_period_bounds_are_inclusive(moves: SimpleNamespace) -> None:
    data = flows.flows(dt.date(2023, 5, 5), dt.date(2023, 5, 5))
    assert data["matrix"] == [[0, 1], [0, 0]] and data["provinces"][1]["code"] == "340000"


def test_latest_move_sets_current_organisation_and_history(
    moves: SimpleNamespace, world: Any, api: Any
) -> None:
    ann = api(moves.ann_u).get(f"/api/talent/profiles/{moves.ann.pk}").json()
    assert ann["organization"] == world.rival.name and ann["region"] == "320000"
    assert [h["to_region"] for h in ann["history"]] == ["330000", "320000"]
    assert ann["history"][0]["from_region"] == "320100"  # Nanjing, where she started
    # an older move recorded late does not change where she is now
    actions.record_move(
        actor=moves.ann_u, profile_id=moves.ann.pk, to_region=moves.ah, moved_on=dt.date(2020, 1, 1)
    )
    moves.ann.refresh_from_db()
    assert moves.ann.region_id == world.js.pk


def test_moves_are_the_persons_own(moves: SimpleNamespace, world: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_move(
            actor=world.labber,
            profile_id=moves.ann.pk,
            to_region=world.zj,
            moved_on=dt.date(2025, 1, 1),
        )
    with pytest.raises(ValidationFailed):
        actions.record_move(
            actor=moves.ann_u,
            profile_id=moves.ann.pk,
            to_region=world.zj,
            moved_on=dt.date(2999, 1, 1),
        )


def test_flows_api_and_page(moves: SimpleNamespace, api: Any) -> None:
    r = api(None).get("/api/talent/flows", start="2024-01-01", end="2025-12-31")
    assert r.status_code == 200 and r.json()["matrix"] == [[0, 2], [1, 1]]
    assert (
        api(None).get("/api/talent/flows", start="2025-01-01", end="2024-01-01").status_code == 422
    )
    page = Client().get("/talent/flows/", {"start": "2024-01-01", "end": "2025-12-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jiangsu" in html and "talent-flows-data" in html
    assert "Bo Hidden" not in html  # aggregates name nobody
