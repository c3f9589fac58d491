"""Expert consultations: requested by an organisation, accepted with a fee (fen) or
declined by the expert, completed or cancelled by the requester."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger
from innofield.talent import actions, consultations

from .conftest import fund

SOON = timezone.localdate() + dt.timedelta(days=3)


def _ask(world: Any, profile_id: int) -> Any:
    return consultations.request(
        actor=world.firmer,
        profile_id=profile_id,
        organization=world.firm,
        topic="antifouling review",
        wanted_on=SOON,
        hours=2,
    )


def test_request_accept_complete(people: SimpleNamespace, world: Any, api: Any) -> None:
    r = api(world.firmer).post(
        f"/api/talent/profiles/{people.ann.pk}/consultations",
        {
            "organization": "FIRM",
            "topic": "antifouling review",
            "wanted_on": SOON.isoformat(),
            "hours": 2,
        },
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["state"] == "requested" and r.json()["fee_fen"] is None
    r = api(people.ann_u).post(f"/api/talent/consultations/{cid}/accept", {"fee_fen": 120000})
    assert r.json()["state"] == "accepted" and r.json()["fee_fen"] == 120000
    r = api(world.firmer).post(f"/api/talent/consultations/{cid}/complete", {})
    assert r.status_code == 409 and "ORG-FIRM" in r.json()["detail"]  # no account yet
    fund(world.admin, world.firm, 100000)
    r = api(world.firmer).post(f"/api/talent/consultations/{cid}/complete", {})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "debit"  # too little
    fund_more = ledger.balance("ORG-FIRM")["balance"]
    assert fund_more == 100000
    from innofield.ledger import engine

    engine.transfer(
        actor=world.admin, key="test:more", debit="EXT-TEST", credit="ORG-FIRM", amount=50000
    )
    r = api(world.firmer).post(f"/api/talent/consultations/{cid}/complete", {})
    assert r.json()["state"] == "done" and r.json()["payee"] == "LAB"
    assert r.json()["transfer_key"] == f"talent:consultation:{cid}"
    assert ledger.balance("ORG-FIRM")["balance"] == 30000
    assert ledger.balance("ORG-LAB")["balance"] == 120000
    assert ledger.check_invariants() == []
    rows = AuditLog.objects.filter(action__startswith="talent.consultation").order_by("pk")
    assert [a.action.rsplit(".", 1)[1] for a in rows] == ["request", "accept", "complete"]
    # both parties see it; nobody else does
    assert api(people.ann_u).get("/api/talent/consultations").json()["count"] == 1
    assert api(world.firmer).get("/api/talent/consultations").json()["count"] == 1
    assert api(world.rivaler).get("/api/talent/consultations").json()["count"] == 0
    assert api(None).get("/api/talent/consultations").status_code == 401


def test_only_the_expert_accepts_and_only_the_requester_completes(
    people: SimpleNamespace, world: Any
) -> None:
    row = _ask(world, people.ann.pk)
    with pytest.raises(PermissionDenied):
        consultations.transition(
            actor=world.firmer, consultation_id=row.pk, move="accept", fee_fen=100
        )
    with pytest.raises(ValidationFailed):  # the fee is named when accepting
        consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="accept")
    consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=0)
    with pytest.raises(PermissionDenied):
        consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="complete")
    with pytest.raises(Conflict):  # accepted twice
        consultations.transition(
            actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=5
        )


def test_free_consultation_moves_no_money(people: SimpleNamespace, world: Any) -> None:
    row = _ask(world, people.ann.pk)
    consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=0)
    row = consultations.transition(actor=world.firmer, consultation_id=row.pk, move="complete")
    assert row.state == "done" and row.transfer_key == ""


def test_a_fee_needs_the_experts_organisation(people: SimpleNamespace, world: Any) -> None:
    people.bo.organization = None
    actions.give_consent(actor=people.bo_u, profile_id=people.bo.pk, shown=["skills"])
    row = _ask(world, people.bo.pk)
    with pytest.raises(ValidationFailed) as exc:
        consultations.transition(
            actor=people.bo_u, consultation_id=row.pk, move="accept", fee_fen=100
        )
    assert exc.value.errors[0].field == "fee_fen"


def test_only_who_may_pay_completes_a_paid_one(people: SimpleNamespace, world: Any) -> None:
    from innofield.registry.models import Membership

    fund(world.admin, world.firm, 10_000)
    member = get_user_model().objects.create_user("firm-member", password="x")
    Membership.objects.create(user=member, organization=world.firm, role="member")
    row = _ask(world, people.ann.pk)
    consultations.transition(
        actor=people.ann_u, consultation_id=row.pk, move="accept", fee_fen=5_000
    )
    with pytest.raises(PermissionDenied):
        consultations.transition(actor=member, consultation_id=row.pk, move="complete")
    assert ledger.balance("ORG-FIRM")["balance"] == 10_000


def test_declined_is_final(people: SimpleNamespace, world: Any, api: Any) -> None:
    row = _ask(world, people.ann.pk)
    consultations.transition(actor=people.ann_u, consultation_id=row.pk, move="decline")
    r = api(world.firmer).post(f"/api/talent/consultations/{row.pk}/cancel", {})
    assert r.status_code == 409


def test_private_experts_cannot_be_asked(people: SimpleNamespace, world: Any) -> None:
    for pid in (people.bo.pk, people.cy.pk):
        with pytest.raises(NotFound):
            _ask(world, pid)
    no_account = actions.create_profile(actor=world.admin, name="Offline Expert", on_behalf=True)
    actions.give_consent(
        actor=world.admin, profile_id=no_account.pk, shown=["skills"], basis="paper form"
    )
    with pytest.raises(Conflict):
        _ask(world, no_account.pk)


def test_bad_requests(people: SimpleNamespace, world: Any, api: Any) -> None:
    r = api(world.firmer).post(
        f"/api/talent/profiles/{people.ann.pk}/consultations",
        {"organization": "FIRM", "topic": "x", "hours": 9, "wanted_on": SOON.isoformat()},
    )
    assert r.status_code == 422
    r = api(world.firmer).post(
        f"/api/talent/profiles/{people.ann.pk}/consultations",
        {"organization": "", "topic": "x", "wanted_on": SOON.isoformat()},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "organization"
    r = api(people.ann_u).post(
        f"/api/talent/profiles/{people.ann.pk}/moves", {"to_region": "", "moved_on": "2025-01-01"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "to_region"
    with pytest.raises(ValidationFailed) as exc:
        consultations.request(
            actor=world.firmer,
            profile_id=people.ann.pk,
            organization=world.firm,
            topic=" ",
            wanted_on=SOON - dt.timedelta(days=30),
        )
    assert {e.field for e in exc.value.errors} == {"topic", "wanted_on"}
    with pytest.raises(PermissionDenied):
        consultations.request(
            actor=world.rivaler,
            profile_id=people.ann.pk,
            organization=world.firm,
            topic="x",
            wanted_on=SOON,
        )
    row = _ask(world, people.ann.pk)
    r = api(people.ann_u).post(f"/api/talent/consultations/{row.pk}/accept", {"fee_fen": -1})
    assert r.status_code == 422
