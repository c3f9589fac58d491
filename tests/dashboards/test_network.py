"""The observatory's collaboration network from platform records: the registry of edge
sources, the measures, who may see it (page and API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.dashboards import network
from innofield.registry.models import Organization


@pytest.fixture
def records(world: Any) -> dict[str, Any]:
    """A joint project LAB+FIRM, a challenge of FIRM with submissions from RIVAL and a
    Zhejiang firm, and an agreed data-sharing agreement RIVAL → LAB's dataset."""
    from tests.challenges.conftest import judging
    from tests.consortia.conftest import start_project

    from innofield.alliances import actions as data
    from innofield.catalog.models import Item

    start_project(world)
    zj = Organization.objects.create(code="ZJCO", name_zh="浙江材料", type="sme", region=world.zj)
    c = judging(world, [(world.rivaler, world.rival), (world.admin, zj)])
    dataset = Item.objects.create(kind="dataset", title="yields", owner=world.lab, region=world.nj)
    ask = data.request_access(
        actor=world.rivaler, dataset_id=dataset.pk, organization=world.rival, purpose="r", days=30
    )
    data.decide(actor=world.labber, agreement_id=ask.pk, transition="agree")
    return {"challenge": c}


def test_every_source_adds_its_edges(records: dict[str, Any]) -> None:
    kinds = network.kinds()
    assert {"market", "booking", "data", "project", "alliance", "challenge"} <= set(kinds)
    pairs = {(e["kind"], frozenset((e["source"], e["target"]))) for e in network.edges()}
    assert ("project", frozenset({"LAB", "FIRM"})) in pairs
    assert ("challenge", frozenset({"FIRM", "RIVAL"})) in pairs
    assert ("challenge", frozenset({"FIRM", "ZJCO"})) in pairs
    assert ("data", frozenset({"RIVAL", "LAB"})) in pairs
    only = network.edges(["challenge"])
    assert {e["kind"] for e in only} == {"challenge"} and len(only) == 2


def test_the_measures_name_the_bridge(records: dict[str, Any]) -> None:
    payload = network.network()
    nodes = {n["code"]: n for n in payload["nodes"]}
    assert set(nodes) == {"LAB", "FIRM", "RIVAL", "ZJCO"}
    assert payload["summary"]["records"] == 4 and payload["summary"]["components"] == 1
    # FIRM ties LAB (project) to the challenge's solvers: it lies on most shortest paths
    assert max(nodes, key=lambda c: nodes[c]["betweenness"]) == "FIRM"
    assert nodes["ZJCO"]["degree"] == 1 and nodes["ZJCO"]["core_number"] == 1
    assert all(0.0 <= n["x"] <= 1.0 and 0.0 <= n["y"] <= 1.0 for n in nodes.values())
    assert network.network() == payload  # the cached result for the same edges


def test_a_new_source_plugs_in_and_names_are_unique(records: dict[str, Any]) -> None:
    def extra() -> list[dict[str, Any]]:
        return [{"source": "ZJCO", "target": "LAB", "kind": "test-extra", "ref": "x"}]

    network.register("test-extra", extra, "test edges")
    try:
        assert network.register("test-extra", extra) is extra  # the same function again
        with pytest.raises(ValueError):
            network.register("test-extra", lambda: [])
        nodes = {n["code"]: n for n in network.network()["nodes"]}
        assert nodes["ZJCO"]["degree"] == 2
    finally:
        network._SOURCES.pop("test-extra")


def test_an_empty_platform_has_an_empty_network(world: Any) -> None:
    payload = network.network()
    assert payload["nodes"] == [] and payload["summary"]["nodes"] == 0


def _client(username: str, lang: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "Bridging organisations"), ("zh-hans", "桥接机构")]
)
def test_the_page_for_officers_and_admins(records: dict[str, Any], lang: str, word: str) -> None:
    page = _client("officer", lang).get("/observatory/network/")
    text = page.content.decode()
    assert page.status_code == 200 and word in text
    assert "<svg" in text and text.count("<circle") == 4 and "ZJCO" in text
    only = _client("admin", lang).get("/observatory/network/", {"kind": "project"}).content
    assert only.decode().count("<circle") == 2
    assert _client("firmer", lang).get("/observatory/network/").status_code == 403
    assert Client().get("/observatory/network/").status_code == 401


def test_the_api(records: dict[str, Any], api: Any) -> None:
    got = api(world_user(records, "officer")).get("/api/observatory/network", kind="challenge")
    assert got.status_code == 200
    assert {n["code"] for n in got.json()["nodes"]} == {"FIRM", "RIVAL", "ZJCO"}
    bad = api(world_user(records, "officer")).get("/api/observatory/network", kind="gossip")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"
    assert api(world_user(records, "firmer")).get("/api/observatory/network").status_code == 403


def world_user(records: dict[str, Any], name: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=name)
