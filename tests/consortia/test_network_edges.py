"""Joint projects and alliance membership as edge sources of the observatory's
collaboration network: registered by the consortia app, weighted 1/(n-1) per record."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from tests.conftest import PASSWORD

from innofield.dashboards import network


def _project(world: SimpleNamespace, code: str, shares: dict[str, Any], start: bool) -> None:
    from innofield.consortia import projects

    orgs = {"LAB": world.lab, "FIRM": world.firm, "RIVAL": world.rival, "GOV-JS": world.gov}
    projects.create_project(
        actor=world.labber, code=code, title=code, lead=world.lab, budget_fen=900_000
    )
    for org in shares:
        projects.set_partner(
            actor=world.admin, code=code, organization=orgs[org], budget_fen=100_000
        )
    projects.set_ip_agreement(actor=world.labber, code=code, shares=shares)
    if start:
        projects.transition_project(actor=world.labber, code=code, move="start")


@pytest.fixture
def rows(world: SimpleNamespace, alliance: Any) -> SimpleNamespace:
    """Alliance YRD-IC (lead LAB): FIRM ordinary, RIVAL core, GOV-JS observer, an FIRM
    application still pending in no other alliance; projects JP-3 (LAB, FIRM, RIVAL) and
    JP-2 (LAB, FIRM) started, D-1 (LAB, GOV-JS) a draft."""
    from innofield.consortia import actions

    for org, role in ((world.firm, "ordinary"), (world.rival, "core"), (world.gov, "observer")):
        m = actions.apply(actor=world.admin, alliance_code="YRD-IC", organization=org, role=role)
        actions.transition_membership(actor=world.labber, membership_id=m.pk, move="approve")
    _project(world, "JP-3", {"LAB": "40", "FIRM": "30", "RIVAL": "30"}, start=True)
    _project(world, "JP-2", {"LAB": "50", "FIRM": "50"}, start=True)
    _project(world, "D-1", {"LAB": "50", "GOV-JS": "50"}, start=False)
    return world


def _pairs(kind: str) -> dict[tuple[str, frozenset[str]], float]:
    return {
        (e["ref"], frozenset((e["source"], e["target"]))): e["weight"]
        for e in network.edges([kind])
    }


def test_projects_and_alliances_are_registered_sources(rows: SimpleNamespace) -> None:
    from innofield.consortia import queries

    kinds = network.kinds()
    assert kinds["project"] == "joint R&D projects"
    assert kinds["alliance"] == "alliance membership"
    assert network._SOURCES["project"][0] is queries.project_edges
    assert network._SOURCES["alliance"][0] is queries.alliance_edges


def test_edges_and_their_weights(rows: SimpleNamespace) -> None:
    # three partners: each of the three pairs weighs 1/(3-1); two partners: 1/(2-1)
    assert _pairs("project") == {
        ("JP-3", frozenset({"LAB", "FIRM"})): 0.5,
        ("JP-3", frozenset({"LAB", "RIVAL"})): 0.5,
        ("JP-3", frozenset({"FIRM", "RIVAL"})): 0.5,
        ("JP-2", frozenset({"LAB", "FIRM"})): 1.0,
    }  # the draft D-1 is no collaboration yet
    # lead, ordinary and core members take part; the observer GOV-JS does not
    assert _pairs("alliance") == {
        ("YRD-IC", frozenset({"LAB", "FIRM"})): 0.5,
        ("YRD-IC", frozenset({"LAB", "RIVAL"})): 0.5,
        ("YRD-IC", frozenset({"FIRM", "RIVAL"})): 0.5,
    }


def test_the_network_adds_the_weights_up(rows: SimpleNamespace) -> None:
    payload = network.network(["alliance", "project"])
    links = {frozenset((e["source"], e["target"])): e for e in payload["links"]}
    # LAB–FIRM: 0.5 (JP-3) + 1 (JP-2) + 0.5 (alliance); the other pairs 0.5 + 0.5
    assert links[frozenset({"LAB", "FIRM"})]["weight"] == pytest.approx(2.0)
    assert links[frozenset({"LAB", "FIRM"})]["kinds"] == {"project": 2, "alliance": 1}
    assert links[frozenset({"LAB", "RIVAL"})]["weight"] == pytest.approx(1.0)
    assert links[frozenset({"FIRM", "RIVAL"})]["weight"] == pytest.approx(1.0)
    strength = {n["code"]: n["strength"] for n in payload["nodes"]}
    assert strength == pytest.approx({"LAB": 3.0, "FIRM": 3.0, "RIVAL": 2.0})
    assert payload["summary"]["kinds"] == {"project": 4, "alliance": 3}
    # the alliance alone: a triangle of 0.5s
    alone = network.network(["alliance"])
    assert {n["code"]: n["strength"] for n in alone["nodes"]} == pytest.approx(
        {"LAB": 1.0, "FIRM": 1.0, "RIVAL": 1.0}
    )
    # expelling RIVAL takes its alliance ties away
    from innofield.consortia import actions
    from innofield.consortia.models import AllianceMembership

    m = AllianceMembership.objects.get(organization=rows.rival, state="member")
    actions.transition_membership(actor=rows.labber, membership_id=m.pk, move="expel")
    assert _pairs("alliance") == {("YRD-IC", frozenset({"LAB", "FIRM"})): 1.0}


@pytest.mark.parametrize(
    ("lang", "projects_label", "alliances_label"),
    [
        ("en", "joint R&amp;D projects", "alliance membership"),
        ("zh-hans", "联合研发项目", "联盟成员关系"),
    ],
)
def test_the_page_offers_both_sources(
    rows: SimpleNamespace, lang: str, projects_label: str, alliances_label: str
) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username="officer", password=PASSWORD)
    text = client.get("/observatory/network/").content.decode()
    assert 'value="project" checked' in text and f"{projects_label} (4)" in text
    assert 'value="alliance" checked' in text and f"{alliances_label} (3)" in text
    only = client.get("/observatory/network/", {"kind": "alliance"}).content.decode()
    assert 'value="alliance" checked' in only and 'value="project" checked' not in only
    assert only.count("<circle") == 3 and "GOV-JS" not in only
