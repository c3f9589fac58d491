"""Races with real threads and connections: duplicate keys, a grant drained at once,
and transfers racing for the same money (SQLite immediate transactions, PostgreSQL
row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.db import connection
from tests.vouchers.conftest import delivered

from innofield.core.errors import InnofieldError
from innofield.ledger import actions as ledger_actions
from innofield.ledger import queries as ledger
from innofield.ledger.models import Transfer
from innofield.registry.models import Organization
from innofield.vouchers import actions
from innofield.vouchers.models import Grant, Redemption

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _real_database() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite cannot queue writers; set INNOFIELD_TEST_SQLITE")


def _race(n: int, work: Callable[[int], Any]) -> list[Any]:
    results: list[Any] = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except InnofieldError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def _redeem(
    world: NS,
    scheme: NS,
    grant: Grant,
    key: str,
    evidence: str,
    price: int,
    provider: Organization | None = None,
) -> Redemption:
    return actions.redeem(
        actor=world.rivaler,
        key=key,
        grant_id=grant.pk,
        provider=provider or scheme.zju,
        price=price,
        service_kind="testing",
        evidence=evidence,
        mode="direct",
        today=scheme.today,
    )


def test_the_same_redemption_submitted_at_once_posts_once(
    world: NS, scheme: NS, granted: Grant
) -> None:
    evidence = delivered(world.rival, scheme.zju, world.rivaler, 200_000)
    results = _race(4, lambda i: _redeem(world, scheme, granted, "same", evidence, 200_000))
    assert {r.pk for r in results} == {Redemption.objects.get().pk}, results
    assert Transfer.objects.filter(key__startswith="vouchers:redeem:same:").count() == 2
    assert ledger.balance("ORG-ZJU-LAB")["balance"] == 100_000
    assert ledger.check_invariants() == []


def test_a_grant_is_never_overspent(world: NS, scheme: NS) -> None:
    g = actions.grant(
        actor=world.officer,
        key="small",
        programme_id=scheme.programme.pk,
        firm=world.rival,
        amount=250_000,
        today=scheme.today,
    )
    providers = [scheme.zju, world.lab]
    proofs = [delivered(world.rival, providers[i % 2], world.rivaler, 200_000) for i in range(6)]
    results = _race(
        6, lambda i: _redeem(world, scheme, g, f"r{i}", proofs[i], 200_000, providers[i % 2])
    )
    g.refresh_from_db()
    paid = [r for r in results if isinstance(r, Redemption)]
    assert sum(r.subsidy for r in paid) == g.redeemed == 250_000, results
    assert all("nothing is left" in str(r) for r in results if not isinstance(r, Redemption))
    assert ledger.balance("PROG-JS-2026-G")["balance"] == 0
    assert ledger.check_invariants() == []


def test_transfers_racing_for_the_same_money(world: NS, scheme: NS) -> None:
    ledger_actions.open_account(
        actor=world.admin,
        code="ORG-FIRM",
        name="firm",
        kind="org",
        owner=world.firm,
        debits_must_not_exceed_credits=True,
    )
    ledger_actions.transfer(
        actor=world.admin, key="seed", debit="EXT-TREASURY", credit="ORG-FIRM", amount=1_000
    )
    results = _race(
        6,
        lambda i: ledger_actions.transfer(
            actor=world.firmer,
            key=f"spend-{i % 3}",
            debit="ORG-FIRM",
            credit="EXT-TREASURY",
            amount=400,
        ),
    )
    ok = [r for r in results if not isinstance(r, Exception)]
    assert len({t.pk for t in ok}) == 2  # 2 × 400 fit in 1,000; 3 do not
    assert ledger.balance("ORG-FIRM")["balance"] == 200
    assert Transfer.objects.filter(key__contains=":spend-").count() == 2
    assert ledger.check_invariants() == []
