"""The pure rules: limits, idempotency comparison, recomputation."""

from __future__ import annotations

from innofield.ledger import rules
from innofield.ledger.rules import Limits, Totals


def test_debit_limit_counts_pending_debits_but_not_pending_credits() -> None:
    limits = Limits(debits_must_not_exceed_credits=True)
    assert rules.limit_violation(Totals(credits_posted=10, debits_pending=10), limits) is None
    assert rules.limit_violation(
        Totals(credits_posted=10, debits_pending=10, debits_posted=1), limits
    )
    assert rules.available(Totals(credits_posted=10, debits_pending=4), limits) == 6
    assert rules.available(Totals(credits_posted=10), Limits()) is None
    assert rules.limit_violation(Totals(credits_pending=10, debits_posted=1), limits)


def test_credit_limit_is_symmetric() -> None:
    limits = Limits(credits_must_not_exceed_debits=True)
    assert rules.limit_violation(Totals(debits_posted=5, credits_posted=5), limits) is None
    assert rules.limit_violation(Totals(debits_posted=5, credits_pending=6), limits)


def test_negative_totals_are_refused_even_without_flags() -> None:
    assert rules.limit_violation(Totals(debits_pending=-1), Limits()) is not None


def test_resolve_pending_moves_or_releases() -> None:
    t = rules.add_pending(Totals(), "debit", 7)
    assert rules.resolve_pending(t, "debit", 7, post=True) == Totals(debits_posted=7)
    assert rules.resolve_pending(t, "debit", 7, post=False) == Totals()


def test_input_errors_name_each_field() -> None:
    errors = dict(
        rules.transfer_input_errors(key="", debit="A", credit="A", amount=0, memo=3, metadata=[])
    )
    assert set(errors) == {"key", "credit", "amount", "memo", "metadata"}
    errors = dict(
        rules.transfer_input_errors(
            key="k", debit="A", credit="B", amount=True, memo="", metadata=None
        )
    )
    assert errors == {"amount": "must be an integer number of fen"}
    assert (
        rules.transfer_input_errors(
            key="k", debit="A", credit="B", amount=1, memo="", metadata=None
        )
        == []
    )


def test_first_difference_names_the_field() -> None:
    a = {"debit": "A", "credit": "B", "amount": 1, "pending": False, "memo": "", "metadata": {}}
    assert rules.first_difference(a, dict(a)) is None
    assert rules.first_difference(a, {**a, "amount": 2}) == "amount"


def test_ledger_violations_detects_drift_and_imbalance() -> None:
    rows = [(1, 2, 5, "posted"), (2, 1, 3, "pending"), (1, 2, 9, "voided")]
    good = {
        1: (Totals(debits_posted=5, credits_pending=3), Limits()),
        2: (Totals(credits_posted=5, debits_pending=3), Limits()),
    }
    assert rules.ledger_violations(good, rows) == []
    bad = {**good, 2: (Totals(credits_posted=6, debits_pending=3), Limits())}
    problems = rules.ledger_violations(bad, rows)
    assert any("recomputed" in p for p in problems)
    assert any("posted debits" in p for p in problems)
