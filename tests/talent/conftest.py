"""Fixtures of the talent tests: people with and without consent."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.talent import actions, index


@pytest.fixture
def people(world: SimpleNamespace) -> SimpleNamespace:
    """Three people with accounts: Ann published (skills and region shown, bio hidden),
    Bo private (never consented), Cy published then withdrawn."""
    index.forget()
    users = get_user_model().objects
    ann_u, bo_u, cy_u = (users.create_user(n, password=PASSWORD) for n in ("ann", "bo", "cy"))
    ann = actions.create_profile(
        actor=ann_u,
        name="Ann Marine",
        fields=["materials"],
        skills=["marine coatings", "corrosion"],
        region=world.nj,
        organization=world.lab,
        languages=["en", "zh"],
        consults_across_regions=True,
        bio="secret hobby zanzibar",
    )
    ann = actions.give_consent(
        actor=ann_u,
        profile_id=ann.pk,
        shown=["fields", "skills", "region", "languages", "mobility"],
    )
    bo = actions.create_profile(
        actor=bo_u,
        name="Bo Hidden",
        fields=["materials"],
        skills=["marine coatings", "polymer"],
        region=world.js,
    )
    cy = actions.create_profile(
        actor=cy_u,
        name="Cy Gone",
        fields=["materials"],
        skills=["marine coatings", "antifouling"],
        region=world.zj,
    )
    actions.give_consent(actor=cy_u, profile_id=cy.pk, shown=["fields", "skills", "region"])
    cy = actions.withdraw_consent(actor=cy_u, profile_id=cy.pk)
    return SimpleNamespace(ann=ann, bo=bo, cy=cy, ann_u=ann_u, bo_u=bo_u, cy_u=cy_u)


@pytest.fixture(autouse=True)
def _fresh_index() -> Any:
    index.forget()
    yield
    index.forget()


def fund(admin: Any, org: Any, amount: int) -> str:
    """Open ``org``'s ledger account and credit it ``amount`` fen from outside."""
    from innofield.ledger import engine
    from innofield.ledger.codes import organization_account
    from innofield.ledger.models import Account

    code = organization_account(org)
    if not Account.objects.filter(code="EXT-TEST").exists():
        engine.open_account(actor=admin, code="EXT-TEST", name="outside", kind="external")
    engine.open_account(
        actor=admin,
        code=code,
        name=org.code,
        kind="org",
        owner=org,
        debits_must_not_exceed_credits=True,
    )
    engine.transfer(
        actor=admin, key=f"test:fund:{code}", debit="EXT-TEST", credit=code, amount=amount
    )
    return code
