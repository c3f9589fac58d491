"""Ledger actions against a real database: transfers, idempotency, two-phase, limits."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest

from innofield.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import actions, queries
from innofield.ledger.models import Account, Transfer


def test_transfer_moves_money_and_is_audited(world: NS, books: Any, check: Any) -> None:
    t = actions.transfer(
        actor=world.firmer,
        key="pay-1",
        debit="FIRM-CNY",
        credit="LAB-CNY",
        amount=2_500,
        memo="testing fee",
    )
    assert t.status == "posted" and t.posted_at is not None
    assert queries.balance("FIRM-CNY")["balance"] == 97_500
    assert queries.balance("LAB-CNY")["balance"] == 2_500
    assert AuditLog.objects.filter(action="ledger.transfer.create", object_id=str(t.pk)).exists()
    check()


def test_same_key_posts_once(world: NS, books: Any, check: Any) -> None:
    first = actions.transfer(
        actor=world.firmer, key="dup", debit="FIRM-CNY", credit="LAB-CNY", amount=100
    )
    again = actions.transfer(
        actor=world.firmer, key="dup", debit="FIRM-CNY", credit="LAB-CNY", amount=100
    )
    assert again.pk == first.pk
    assert Transfer.objects.filter(key__endswith=":dup").count() == 1
    assert first.key == f"u:{world.firmer.pk}:dup"  # the user's own namespace
    assert queries.balance("LAB-CNY")["balance"] == 100
    check()


@pytest.mark.parametrize(
    "field,change",
    [
        ("amount", {"amount": 101}),
        ("credit", {"credit": "EXT"}),
        ("memo", {"memo": "other"}),
        ("pending", {"pending": True}),
    ],
)
def test_same_key_different_fields_is_a_conflict_naming_the_field(
    world: NS, books: Any, field: str, change: dict[str, Any]
) -> None:
    base = {"key": "k", "debit": "FIRM-CNY", "credit": "LAB-CNY", "amount": 100}
    actions.transfer(actor=world.firmer, **base)
    with pytest.raises(Conflict, match=f"^{field}:"):
        actions.transfer(actor=world.firmer, **{**base, **change})


def test_overdraft_is_refused_and_leaves_nothing(world: NS, books: Any, check: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        actions.transfer(
            actor=world.firmer, key="big", debit="FIRM-CNY", credit="LAB-CNY", amount=100_001
        )
    assert exc.value.errors[0].field == "debit"
    assert "(100000 fen available)" in exc.value.errors[0].reason
    assert not Transfer.objects.filter(key="big").exists()
    assert queries.balance("FIRM-CNY")["balance"] == 100_000
    check()


def test_credit_limited_account_refuses_credits_beyond_debits(world: NS, books: Any) -> None:
    actions.transfer(actor=world.admin, key="draw", debit="LOAN", credit="EXT", amount=50)
    with pytest.raises(ValidationFailed, match="credits must not exceed debits"):
        actions.transfer(actor=world.admin, key="repay", debit="EXT", credit="LOAN", amount=51)
    actions.transfer(actor=world.admin, key="repay", debit="EXT", credit="LOAN", amount=50)


def test_pending_reserves_then_posts(world: NS, books: Any, check: Any) -> None:
    t = actions.transfer(
        actor=world.firmer,
        key="hold",
        debit="FIRM-CNY",
        credit="LAB-CNY",
        amount=60_000,
        pending=True,
    )
    assert queries.balance("FIRM-CNY")["available"] == 40_000
    with pytest.raises(ValidationFailed):
        actions.transfer(
            actor=world.firmer, key="too-much", debit="FIRM-CNY", credit="LAB-CNY", amount=40_001
        )
    check()
    posted = actions.post_pending(actor=world.firmer, transfer_id=t.pk)
    assert posted.status == "posted"
    assert actions.post_pending(actor=world.firmer, transfer_id=t.pk).status == "posted"
    assert queries.balance("LAB-CNY")["balance"] == 60_000
    with pytest.raises(Conflict, match="status: .* is posted"):
        actions.void_pending(actor=world.firmer, transfer_id=t.pk)
    check()


def test_void_releases_the_reservation(world: NS, books: Any, check: Any) -> None:
    t = actions.transfer(
        actor=world.firmer,
        key="hold",
        debit="FIRM-CNY",
        credit="LAB-CNY",
        amount=60_000,
        pending=True,
    )
    actions.void_pending(actor=world.firmer, transfer_id=t.pk)
    assert queries.balance("FIRM-CNY")["available"] == 100_000
    assert queries.balance("LAB-CNY")["credits_pending"] == 0
    with pytest.raises(Conflict):
        actions.post_pending(actor=world.firmer, transfer_id=t.pk)
    with pytest.raises(NotFound):
        actions.post_pending(actor=world.firmer, transfer_id=999_999)
    check()


def test_only_payers_move_money(world: NS, books: Any) -> None:
    for user in (world.labber, world.rivaler, world.outsider, None):
        with pytest.raises(PermissionDenied):
            actions.transfer(actor=user, key="steal", debit="FIRM-CNY", credit="LAB-CNY", amount=1)
    with pytest.raises(PermissionDenied, match="platform admins"):
        actions.transfer(actor=world.firmer, key="mint", debit="EXT", credit="FIRM-CNY", amount=1)
    t = actions.transfer(
        actor=world.firmer, key="p", debit="FIRM-CNY", credit="LAB-CNY", amount=1, pending=True
    )
    with pytest.raises(PermissionDenied):
        actions.post_pending(actor=world.labber, transfer_id=t.pk)


def test_bad_input_names_fields(world: NS, books: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        actions.transfer(actor=world.admin, key="x", debit="EXT", credit="NOPE", amount=1)
    assert [e.field for e in exc.value.errors] == ["credit"]
    with pytest.raises(ValidationFailed) as exc:
        actions.transfer(actor=world.admin, key="", debit="EXT", credit="EXT", amount=-5)
    assert {e.field for e in exc.value.errors} == {"key", "credit", "amount"}


def test_open_account_rules(world: NS) -> None:
    acct = actions.open_account(
        actor=world.firmer,
        code="FIRM-OPS",
        name="ops",
        kind="org",
        owner=world.firm,
        debits_must_not_exceed_credits=True,
    )
    assert acct.owner == world.firm
    with pytest.raises(PermissionDenied):
        actions.open_account(actor=world.firmer, code="X", name="x", kind="clearing")
    with pytest.raises(PermissionDenied):
        actions.open_account(actor=world.rivaler, code="Y", name="y", kind="org", owner=world.firm)
    with pytest.raises(Conflict, match="code"):
        actions.open_account(actor=world.admin, code="FIRM-OPS", name="again", kind="org")
    with pytest.raises(ValidationFailed) as exc:
        actions.open_account(
            actor=world.admin,
            code="bad code",
            name="",
            kind="nope",
            debits_must_not_exceed_credits=True,
            credits_must_not_exceed_debits=True,
        )
    assert {e.field for e in exc.value.errors} == {
        "code",
        "name",
        "kind",
        "credits_must_not_exceed_debits",
    }
    assert Account.objects.count() == 1


def test_statement_has_running_balance(world: NS, books: Any) -> None:
    actions.transfer(actor=world.firmer, key="a", debit="FIRM-CNY", credit="LAB-CNY", amount=300)
    actions.transfer(actor=world.labber, key="b", debit="LAB-CNY", credit="FIRM-CNY", amount=100)
    actions.transfer(
        actor=world.firmer, key="c", debit="FIRM-CNY", credit="LAB-CNY", amount=5, pending=True
    )
    st = queries.statement("FIRM-CNY")
    assert [line["amount"] for line in st["lines"]] == [100_000, -300, 100]
    assert [line["balance"] for line in st["lines"]] == [100_000, 99_700, 99_800]
    assert st["opening"] == 0 and st["closing"] == 99_800
    assert [p["amount"] for p in st["pending"]] == [-5]


def test_statement_period_has_opening_balance(world: NS, books: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    actions.transfer(actor=world.firmer, key="a", debit="FIRM-CNY", credit="LAB-CNY", amount=300)
    Transfer.objects.filter(key__regex=r":(seed-firm|a)$").update(
        posted_at=timezone.now() - dt.timedelta(days=10)
    )
    actions.transfer(actor=world.firmer, key="b", debit="FIRM-CNY", credit="LAB-CNY", amount=5)
    st = queries.statement("FIRM-CNY", start=timezone.localdate() - dt.timedelta(days=1))
    assert st["opening"] == 99_700 and [x["amount"] for x in st["lines"]] == [-5]
    assert st["closing"] == 99_695 == queries.balance("FIRM-CNY")["balance"]
    old = queries.statement("FIRM-CNY", end=timezone.localdate() - dt.timedelta(days=1))
    assert old["closing"] == 99_700 and len(old["lines"]) == 2
