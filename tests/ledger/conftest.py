"""Ledger fixtures: a few accounts on top of the shared ``world``."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def books(world: SimpleNamespace) -> SimpleNamespace:
    """An external source, the firm's and the lab's accounts (never negative), and a
    credit-limited liability account; the firm holds 1,000 yuan."""
    from innofield.ledger import actions

    admin = world.admin
    ext = actions.open_account(actor=admin, code="EXT", name="outside world", kind="external")
    firm = actions.open_account(
        actor=admin,
        code="FIRM-CNY",
        name="firm",
        kind="org",
        owner=world.firm,
        debits_must_not_exceed_credits=True,
    )
    lab = actions.open_account(
        actor=admin,
        code="LAB-CNY",
        name="lab",
        kind="org",
        owner=world.lab,
        debits_must_not_exceed_credits=True,
    )
    loan = actions.open_account(
        actor=admin, code="LOAN", name="loan", kind="external", credits_must_not_exceed_debits=True
    )
    actions.transfer(actor=admin, key="seed-firm", debit="EXT", credit="FIRM-CNY", amount=100_000)
    return SimpleNamespace(ext=ext, firm=firm, lab=lab, loan=loan)


def invariants_hold() -> list[str]:
    """The problems the independent SQL check finds (empty when all is well)."""
    from innofield.ledger.queries import check_invariants

    return check_invariants()


@pytest.fixture
def check() -> Any:
    """Call to assert the whole ledger is consistent."""

    def run() -> None:
        problems = invariants_hold()
        assert problems == []

    return run
