"""The challenges API end to end: draft, publish, submit, score, award, with refusals
naming the field; suggested solvers from the matching engine, explained."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from innofield.catalog import actions as catalog
from innofield.challenges import actions
from innofield.ledger import queries as ledger
from innofield.matchmaking import index
from innofield.registry.models import Organization

from .conftest import CRITERIA, balance, fund, published


def body(**extra: Any) -> dict[str, Any]:
    deadline = (timezone.now() + dt.timedelta(days=10)).isoformat()
    return {
        "poster": "FIRM",
        "title": "Anti-fog coating",
        "description": "keeps water spreading on film for three seasons",
        "criteria": CRITERIA,
        "prize_fen": 500_000,
        "deadline": deadline,
        "judges": ["officer"],
        **extra,
    }


def test_the_whole_way_through_the_api(world: Any, api: Any) -> None:
    fund(world, world.firm, 1_000_000)
    firm, lab, officer = api(world.firmer), api(world.labber), api(world.officer)
    r = firm.post("/api/challenges", body(prize_fen=0))
    assert r.status_code == 422 and r.json()["errors"][0]["field"].endswith("prize_fen")
    r = firm.post("/api/challenges", body(deadline="2020-01-01T00:00:00Z"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "deadline"
    r = firm.post("/api/challenges", body(extra_field=1))
    assert r.status_code == 422
    created = firm.post("/api/challenges", body())
    assert created.status_code == 201, created.content
    cid = created.json()["id"]
    assert api().get(f"/api/challenges/{cid}").status_code == 404  # a draft
    r = firm.post(f"/api/challenges/{cid}/transitions/publish")
    assert r.status_code == 200 and r.json()["escrow_fen"] == 500_000
    assert api().get(f"/api/challenges/{cid}").json()["state"] == "open"

    r = lab.post(
        f"/api/challenges/{cid}/submissions", {"solver": "FIRM", "title": "x", "text": "y"}
    )
    assert r.status_code == 403  # the lab's manager is no member of FIRM
    r = lab.post(f"/api/challenges/{cid}/submissions", {"solver": "LAB", "title": "x", "text": "y"})
    assert r.status_code == 201
    sid = r.json()["id"]
    assert firm.post(f"/api/challenges/{cid}/transitions/close").status_code == 422
    actions.transition(
        actor=world.firmer,
        challenge_id=cid,
        move="close",
        now=timezone.now() + dt.timedelta(days=11),
    )
    r = officer.post(
        f"/api/challenge-submissions/{sid}/scores",
        {"scores": {"novelty": 10, "feasibility": 20, "cost": 5}},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "scores.feasibility"
    r = officer.post(
        f"/api/challenge-submissions/{sid}/scores",
        {"scores": {"novelty": 10, "feasibility": 9, "cost": 5}},
    )
    assert r.status_code == 201 and r.json()["total"] == 95.0
    assert api().get(f"/api/challenges/{cid}/submissions").json() == []
    seen = firm.get(f"/api/challenges/{cid}/submissions").json()
    assert seen[0]["mean_score"] == 95.0 and seen[0]["scored_by"] == 1
    r = firm.post(
        f"/api/challenges/{cid}/awards", {"awards": [{"submission": sid, "amount_fen": 500_001}]}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "awards"
    r = firm.post(
        f"/api/challenges/{cid}/awards", {"awards": [{"submission": sid, "amount_fen": 400_000}]}
    )
    assert r.status_code == 200
    out = r.json()
    assert out["state"] == "awarded" and out["returned_fen"] == 100_000
    assert out["winners"][0]["solver"] == "LAB" and out["escrow_fen"] == 0
    assert balance("ORG-LAB") == 400_000 and balance("ORG-FIRM") == 600_000
    mine = lab.get(f"/api/challenges/{cid}/scores").json()
    assert mine[0]["total"] == 95.0  # the solver sees its scores once decided
    assert ledger.check_invariants() == []


def test_an_illegal_move_is_409(world: Any, api: Any) -> None:
    c = published(world)
    r = api(world.firmer).post(f"/api/challenges/{c.pk}/transitions/publish")
    assert r.status_code == 409 and "allowed transitions" in r.json()["detail"]
    r = api(world.firmer).post(f"/api/challenges/{c.pk}/transitions/award")
    assert r.status_code == 422  # award has its own endpoint


@pytest.fixture
def supply(world: Any) -> list[Any]:
    """Technologies of three owners: two relevant to anti-fog film coatings."""
    index.forget()
    zj = Organization.objects.create(code="ZJCO", name_zh="浙江材料", type="sme", region=world.zj)
    rows = [
        (world.labber, "LAB", "Hydrophilic anti-fog coating for polyolefin greenhouse film"),
        (world.rivaler, "RIVAL", "Silica nanoparticle anti-fog topcoat for agricultural film"),
        (world.admin, "ZJCO", "Lithium battery recycling by hydrometallurgy"),
        (world.firmer, "FIRM", "Anti-fog additive masterbatch for greenhouse film"),
    ]
    items = [
        catalog.create_item(
            actor=user,
            data={"kind": "technology", "title": title, "description": title, "owner": owner},
        )
        for user, owner, title in rows
    ]
    yield items
    index.forget()
    del zj


def test_suggested_solvers_are_relevant_eligible_and_explained(
    world: Any, api: Any, supply: list[Any]
) -> None:
    c = published(world, regions=["320000"])  # Jiangsu only: not ZJCO, never the poster
    got = api().get(f"/api/challenges/{c.pk}/suggestions", k=5).json()
    codes = [s["organization"] for s in got]
    assert set(codes[:2]) == {"LAB", "RIVAL"}
    assert "FIRM" not in codes and "ZJCO" not in codes
    why = got[0]["items"][0]
    assert why["matched_terms"] and why["title"]
    assert api().get(f"/api/challenges/{c.pk}/suggestions", k=0).status_code == 422
