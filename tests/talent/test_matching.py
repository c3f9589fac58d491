"""Talent demands matched to consented people: filters by region, mobility and language,
judged only on what each person shows, with explanations."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.core.errors import PermissionDenied
from innofield.talent import actions


@pytest.fixture
def crowd(people: SimpleNamespace, world: Any) -> SimpleNamespace:
    """Besides Ann (Nanjing, en+zh, consults across regions): Dai in Zhejiang, Chinese only,
    stays home; Eve in Zhejiang who speaks English but does not show it."""
    users = get_user_model().objects
    dai_u, eve_u = (
        users.create_user("dai", password=PASSWORD),
        users.create_user("eve", password=PASSWORD),
    )
    dai = actions.create_profile(
        actor=dai_u,
        name="Dai Coat",
        fields=["materials"],
        skills=["marine coatings", "ship hull"],
        region=world.zj,
        languages=["zh"],
    )
    actions.give_consent(
        actor=dai_u,
        profile_id=dai.pk,
        shown=["fields", "skills", "region", "languages", "mobility"],
    )
    eve = actions.create_profile(
        actor=eve_u,
        name="Eve Quiet",
        fields=["materials"],
        skills=["marine coatings"],
        region=world.zj,
        languages=["en"],
        consults_across_regions=True,
    )
    actions.give_consent(actor=eve_u, profile_id=eve.pk, shown=["skills", "region"])
    return SimpleNamespace(dai=dai, eve=eve, **vars(people))


def _demand(world: Any, **kw: Any) -> Any:
    return actions.create_demand(
        actor=world.firmer,
        organization=world.firm,
        code=kw.pop("code", "TD-1"),
        title="marine coatings expert",
        skills=["ship hull"],
        **kw,
    )


def _names(api: Any, code: str) -> list[str]:
    r = api(None).get(f"/api/talent/demands/{code}/matches")
    assert r.status_code == 200, r.content
    return [m["profile"]["name"] for m in r.json()]


def test_unfiltered_matches_are_published_people_ranked(
    crowd: SimpleNamespace, world: Any, api: Any
) -> None:
    _demand(world)
    names = _names(api, "TD-1")
    assert names[0] == "Dai Coat"  # the only one with "ship hull"
    assert set(names) == {"Dai Coat", "Ann Marine", "Eve Quiet"}  # never Bo or Cy
    top = api(None).get("/api/talent/demands/TD-1/matches").json()[0]
    assert {"ship", "hull"} <= set(top["matched_terms"]) and top["filters"] == ["no filters"]
    assert "bio" not in top["profile"]


def test_region_filter_keeps_locals_and_mobile_people(
    crowd: SimpleNamespace, world: Any, api: Any
) -> None:
    _demand(world, region=world.js)
    # Ann is in Nanjing (within Jiangsu); Dai is in Zhejiang and stays home; Eve is mobile
    # but does not show it, so she cannot pass on it
    assert _names(api, "TD-1") == ["Ann Marine"]
    first = api(None).get("/api/talent/demands/TD-1/matches").json()[0]
    assert first["filters"] == ["in 320000"]


def test_mobility_filter(crowd: SimpleNamespace, world: Any, api: Any) -> None:
    _demand(world, needs_mobility=True)
    assert _names(api, "TD-1") == ["Ann Marine"]


def test_language_filter_uses_shown_languages_only(
    crowd: SimpleNamespace, world: Any, api: Any
) -> None:
    _demand(world, languages=["EN"])
    assert _names(api, "TD-1") == ["Ann Marine"]  # Eve speaks English but hides it
    _demand(world, code="TD-2", languages=["zh"])
    assert set(_names(api, "TD-2")) == {"Ann Marine", "Dai Coat"}


def test_withdrawn_person_leaves_the_matches(crowd: SimpleNamespace, world: Any, api: Any) -> None:
    _demand(world)
    assert "Dai Coat" in _names(api, "TD-1")
    actions.withdraw_consent(
        actor=get_user_model().objects.get(username="dai"), profile_id=crowd.dai.pk
    )
    assert "Dai Coat" not in _names(api, "TD-1")


def test_demand_lifecycle_and_permissions(world: Any, api: Any) -> None:
    _demand(world)
    with pytest.raises(PermissionDenied):
        actions.transition_demand(actor=world.rivaler, code="TD-1", transition="close")
    assert api(world.firmer).post("/api/talent/demands/TD-1/fill").json()["state"] == "filled"
    assert api(world.firmer).post("/api/talent/demands/TD-1/fill").status_code == 409
    assert api(world.firmer).post("/api/talent/demands/TD-1/open").status_code == 422
    # a filled demand is not public any more
    assert api(None).get("/api/talent/demands/TD-1/matches").status_code == 404
    r = api(world.rivaler).post(
        "/api/talent/demands", {"code": "TD-9", "organization": "FIRM", "title": "x"}
    )
    assert r.status_code == 403


def test_bad_demand_input(world: Any, api: Any) -> None:
    r = api(world.firmer).post(
        "/api/talent/demands", {"code": "bad code!", "organization": "FIRM", "title": " "}
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"code", "title"}
    _demand(world)
    assert api(None).get("/api/talent/demands/TD-1/matches", k=0).status_code == 422
