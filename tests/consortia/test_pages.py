"""The alliance and project pages in English and Chinese: apply, approve, pay a fee, pool
an instrument; draft a project, add partners, record the IP agreement, plan, submit,
accept and pay a milestone, register a result — all through the forms."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.consortia import actions
from innofield.consortia.models import AllianceMembership, JointProject, Milestone
from innofield.ledger import queries as ledger

from .conftest import balance, fund, start_project


def _client(username: str, lang: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Members", "Resource pool", "Apply to join"]),
        ("zh-hans", ["成员", "资源池", "申请加入"]),
    ],
)
def test_alliance_pages_in_both_languages(
    world: Any, alliance: Any, lang: str, words: list[str]
) -> None:
    client = _client("firmer", lang)
    for path in (
        "/org-alliances/",
        "/org-alliances/YRD-IC/",
        "/org-alliances/YRD-IC/members/",
        "/org-alliances/YRD-IC/pool/",
    ):
        r = client.get(path)
        assert r.status_code == 200, path
    page = client.get("/org-alliances/YRD-IC/").content.decode()
    for w in words:
        assert w in page
    assert Client().get("/org-alliances/NOPE/").status_code == 404


def test_apply_approve_and_pay_fee_through_pages(world: Any, alliance: Any) -> None:
    firm = _client("firmer")
    r = firm.post("/org-alliances/YRD-IC/apply/", {"organization": "FIRM", "role": "core"})
    assert r.status_code == 302
    m = AllianceMembership.objects.get(organization=world.firm)
    assert m.state == "applied"
    lab = _client("labber")
    assert "approve" in lab.get("/org-alliances/YRD-IC/members/").content.decode()
    lab.post(f"/org-alliances/memberships/{m.pk}/act/", {"transition": "approve"})
    m.refresh_from_db()
    assert m.state == "member"
    fund(world, world.firm, 600_000)
    firm.post(f"/org-alliances/memberships/{m.pk}/fee/", {"year": timezone.localdate().year})
    assert balance("consortia:alliance:YRD-IC") == 500_000
    r = firm.post(
        f"/org-alliances/memberships/{m.pk}/fee/", {"year": timezone.localdate().year}, follow=True
    )
    assert "already" in r.content.decode()  # the refusal is shown, nothing paid twice
    assert balance("consortia:alliance:YRD-IC") == 500_000


def test_pool_an_instrument_through_the_page(world: Any, alliance: Any) -> None:
    from innofield.catalog.models import Item

    inst = Item.objects.create(
        kind="instrument", title="Probe station", owner=world.lab, region=world.nj
    )
    lab = _client("labber")
    r = lab.post("/org-alliances/YRD-IC/pool/", {"item": inst.pk, "terms": "weekdays"})
    assert r.status_code == 200 and "member_price" in r.content.decode()  # refused, field named
    r = lab.post(
        "/org-alliances/YRD-IC/pool/", {"item": inst.pk, "member_price": "88", "terms": "weekdays"}
    )
    assert r.status_code == 302
    assert "Probe station" in Client().get("/org-alliances/YRD-IC/pool/").content.decode()


def test_project_pages_create_to_paid_milestone(world: Any) -> None:
    lab = _client("labber")
    r = lab.post(
        "/projects/new/",
        {"code": "PG-1", "title": "Joint coating line", "lead": "LAB", "budget": "10,000.00"},
    )
    assert r.status_code == 302
    r = lab.post(
        "/projects/PG-1/partners/",
        {"form": "partner", "organization": "FIRM", "budget": "10,000.01"},
    )
    assert "budget_fen" in r.content.decode()  # the rule names the field
    lab.post(
        "/projects/PG-1/partners/", {"form": "partner", "organization": "FIRM", "budget": "6,000"}
    )
    lab.post(
        "/projects/PG-1/partners/", {"form": "partner", "organization": "LAB", "budget": "4,000"}
    )
    lab.post(
        "/projects/PG-1/partners/",
        {"form": "package", "code": "WP1", "title": "Design", "leader": "FIRM"},
    )
    r = lab.post("/projects/PG-1/ip/", {"share_LAB": "50", "share_FIRM": "40"})
    assert "must sum to 100" in r.content.decode()
    r = lab.post(
        "/projects/PG-1/ip/",
        {"share_LAB": "40", "share_FIRM": "60", "background": "LAB: prior patent"},
    )
    assert r.status_code == 302
    lab.post("/projects/PG-1/act/", {"transition": "start"})
    assert JointProject.objects.get(code="PG-1").state == "active"
    lab.post(
        "/projects/PG-1/milestones/",
        {
            "title": "Prototype",
            "amount": "5,000",
            "deliverables": "report\nsample",
            "package": "WP1",
        },
    )
    ms = Milestone.objects.get(project__code="PG-1")
    _client("firmer").post(
        f"/projects/milestones/{ms.pk}/act/", {"transition": "submit", "evidence": "report R1"}
    )
    lab.post(f"/projects/milestones/{ms.pk}/act/", {"transition": "accept", "review": "ok"})
    fund(world, world.gov, 1_000_000)
    officer = _client("officer", "zh-hans")
    page = officer.get("/projects/PG-1/").content.decode()
    assert "资金" in page or "托管" in page
    officer.post("/projects/PG-1/fund/", {"funder": "GOV-JS", "amount": "5,000"})
    officer.post(f"/projects/milestones/{ms.pk}/act/", {"transition": "pay"})
    ms.refresh_from_db()
    assert ms.state == "paid" and balance("ORG-FIRM") == 300_000 and balance("ORG-LAB") == 200_000
    r = lab.post(
        "/projects/PG-1/results/new/", {"title": "Coating recipe", "ip_status": "know_how"}
    )
    assert r.status_code == 302
    assert "Coating recipe" in lab.get("/projects/PG-1/").content.decode()
    assert ledger.check_invariants() == []


def test_draft_projects_are_private(world: Any) -> None:
    from innofield.consortia import projects

    projects.create_project(
        actor=world.labber, code="PRIV", title="x", lead=world.lab, budget_fen=10
    )
    assert Client().get("/projects/PRIV/").status_code == 404
    assert _client("labber").get("/projects/PRIV/").status_code == 200
    start_project(world, code="PUB")
    assert Client().get("/projects/PUB/").status_code == 200
    assert "PUB" in Client().get("/projects/").content.decode()
    assert "PRIV" not in Client().get("/projects/").content.decode()
    assert actions  # the alliance actions module is importable alongside
