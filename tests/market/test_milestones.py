"""Milestone transitions and payments split among co-owners on the real ledger."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.ledger import queries as ledger
from innofield.market import actions
from innofield.market.models import Milestone

from .conftest import fund, make_deal


def _due(market: SimpleNamespace, amount: int = 1001, state: str = "registered") -> Milestone:
    deal = make_deal(market, state)
    ms = actions.plan_milestone(
        actor=market.firmer, deal_id=deal.pk, title="delivery", amount_fen=amount
    )
    return actions.transition_milestone(
        actor=market.labber, milestone_id=ms.pk, transition="fall_due"
    )


def test_plan_allowed_and_refused(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    ms = actions.plan_milestone(
        actor=market.brokerer, deal_id=deal.pk, title="down payment", amount_fen=400_000
    )
    assert (ms.seq, ms.state) == (1, "planned")
    with pytest.raises(ValidationFailed, match="above the price ¥10,000.00"):
        actions.plan_milestone(
            actor=market.firmer, deal_id=deal.pk, title="rest", amount_fen=600_001
        )
    with pytest.raises(ValidationFailed, match="amount_fen"):
        actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="zero", amount_fen=0)
    with pytest.raises(ValidationFailed, match="title"):
        actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="", amount_fen=1)
    with pytest.raises(PermissionDenied):
        actions.plan_milestone(actor=market.rivaler, deal_id=deal.pk, title="x", amount_fen=1)
    early = make_deal(market, "negotiation", listing=None)
    with pytest.raises(Conflict, match="'negotiation'"):
        actions.plan_milestone(actor=market.firmer, deal_id=early.pk, title="x", amount_fen=1)


def test_fall_due_allowed_and_refused(market: SimpleNamespace) -> None:
    ms = _due(market)
    assert ms.state == "due"
    with pytest.raises(
        Conflict,
        match="cannot fall_due a milestone in state 'due'; allowed transitions from 'due': pay, "
        "cancel",
    ):
        actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    with pytest.raises(PermissionDenied, match="broker or seller"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="cancel")


def test_cancel_allowed_and_refused(market: SimpleNamespace) -> None:
    ms = _due(market)
    ms = actions.transition_milestone(
        actor=market.brokerer, milestone_id=ms.pk, transition="cancel"
    )
    assert ms.state == "cancelled"
    with pytest.raises(Conflict, match="none \\(final state\\)"):
        actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="cancel")


def test_pay_splits_among_co_owners_with_remainder_to_the_first(market: SimpleNamespace) -> None:
    ms = _due(market, amount=1001)
    fund(market, market.firm, 5000)
    ms = actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    assert ms.state == "paid" and ms.paid_at is not None
    # 1001 × 0.6 = 600.6 → 600, 1001 × 0.4 = 400.4 → 400, remainder 1 → LAB (first owner)
    assert [(s["organization"], s["amount_fen"]) for s in ms.splits] == [("LAB", 601), ("UNI", 400)]
    assert ledger.balance("ORG-LAB")["balance"] == 601
    assert ledger.balance("ORG-UNI")["balance"] == 400
    assert ledger.balance("ORG-FIRM")["balance"] == 5000 - 1001
    assert ledger.balance(f"market:deal:{ms.deal_id}")["balance"] == 0
    assert ledger.check_invariants() == []
    with pytest.raises(Conflict, match="cannot pay a milestone in state 'paid'"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")


def test_pay_refused_from_planned_and_before_signing(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")
    ms = actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="x", amount_fen=10)
    with pytest.raises(Conflict, match="cannot pay a milestone in state 'planned'"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    with pytest.raises(Conflict, match="signed contract"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")


def test_failed_payment_leaves_nothing_written(market: SimpleNamespace) -> None:
    ms = _due(market, amount=1000)
    with pytest.raises(Conflict, match="no ledger account ORG-FIRM"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    fund(market, market.firm, 999)
    with pytest.raises(ValidationFailed, match="debit"):
        actions.transition_milestone(actor=market.firmer, milestone_id=ms.pk, transition="pay")
    assert Milestone.objects.get(pk=ms.pk).state == "due"
    assert ledger.balance("ORG-FIRM")["balance"] == 999
    from innofield.ledger.models import Account

    assert not Account.objects.filter(code__startswith="market:deal:").exists()
    assert not Account.objects.filter(code="ORG-LAB").exists()
    # the broker may fire "pay" in the market, but only the buyer's payers move its money
    fund(market, market.firm, 1)
    with pytest.raises(PermissionDenied):
        actions.transition_milestone(actor=market.brokerer, milestone_id=ms.pk, transition="pay")
    assert ledger.check_invariants() == []
