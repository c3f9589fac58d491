"""Property tests: random sequences of transfers, duplicates, posts and voids, checked
against a simple independent model and the SQL invariant check after every step."""

from __future__ import annotations

import itertools
from types import SimpleNamespace as NS
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innofield.core.errors import Conflict, ValidationFailed
from innofield.ledger import actions, queries
from innofield.ledger.models import Account, Transfer

CODES = ["EXT", "FIRM-CNY", "LAB-CNY", "LOAN"]
LIMITED = {"FIRM-CNY": "debit", "LAB-CNY": "debit", "LOAN": "credit"}
RUN = itertools.count()

ops = st.lists(
    st.one_of(
        st.tuples(
            st.just("transfer"),
            st.sampled_from(CODES),
            st.sampled_from(CODES),
            st.integers(1, 150_000),
            st.booleans(),
        ),
        st.tuples(st.just("repeat"), st.integers(0, 50), st.booleans()),
        st.tuples(st.just("resolve"), st.integers(0, 50), st.booleans()),
    ),
    min_size=1,
    max_size=25,
)


class Model:
    """The expected totals, computed the obvious way."""

    def __init__(self) -> None:
        self.t = {c: {"dp": 0, "cp": 0, "dq": 0, "cq": 0} for c in CODES}
        self.t["EXT"]["dp"] = self.t["FIRM-CNY"]["cp"] = 100_000  # the fixture's seed transfer

    def allows(self, debit: str, credit: str, amount: int) -> bool:
        d, c = self.t[debit], self.t[credit]
        if LIMITED.get(debit) == "debit" and d["dp"] + d["dq"] + amount > d["cp"]:
            return False
        return not (LIMITED.get(credit) == "credit" and c["cp"] + c["cq"] + amount > c["dp"])

    def apply(self, debit: str, credit: str, amount: int, pending: bool) -> None:
        self.t[debit]["dq" if pending else "dp"] += amount
        self.t[credit]["cq" if pending else "cp"] += amount

    def resolve(self, debit: str, credit: str, amount: int, post: bool) -> None:
        self.t[debit]["dq"] -= amount
        self.t[credit]["cq"] -= amount
        if post:
            self.apply(debit, credit, amount, False)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=ops)
def test_random_operations_keep_every_invariant(world: NS, books: Any, steps: list[Any]) -> None:
    run = next(RUN)
    if run:  # the database persists across examples of one test: start from the seed state
        Transfer.objects.exclude(key__endswith=":seed-firm").delete()
        Account.objects.update(
            debits_posted=0, credits_posted=0, debits_pending=0, credits_pending=0
        )
        Account.objects.filter(code="EXT").update(debits_posted=100_000)
        Account.objects.filter(code="FIRM-CNY").update(credits_posted=100_000)
    model, done = Model(), []
    for n, step in enumerate(steps):
        if step[0] == "transfer":
            _, debit, credit, amount, pending = step
            key = f"p{run}-{n}"
            if debit == credit:
                continue
            ok = model.allows(debit, credit, amount)
            try:
                t = actions.transfer(
                    actor=world.admin,
                    key=key,
                    debit=debit,
                    credit=credit,
                    amount=amount,
                    pending=pending,
                )
            except ValidationFailed:
                assert not ok, (step, model.t)
            else:
                assert ok, (step, model.t)
                model.apply(debit, credit, amount, pending)
                done.append((t, debit, credit, amount, pending))
        elif step[0] == "repeat" and done:
            t, debit, credit, amount, pending = done[step[1] % len(done)]
            try:
                again = actions.transfer(
                    actor=world.admin,
                    key=t.key.split(":", 2)[2],
                    debit=debit,
                    credit=credit,
                    amount=amount + (0 if step[2] else 1),
                    pending=pending,
                )
            except Conflict as exc:
                assert not step[2] and str(exc).startswith("amount:")
            else:
                assert step[2] and again.pk == t.pk
        elif step[0] == "resolve" and done:
            t, debit, credit, amount, pending = done[step[1] % len(done)]
            t.refresh_from_db()
            fn = actions.post_pending if step[2] else actions.void_pending
            try:
                fn(actor=world.admin, transfer_id=t.pk)
            except Conflict:
                assert t.status != "pending"
            else:
                if t.status == "pending":
                    model.resolve(debit, credit, amount, post=step[2])
        assert queries.check_invariants() == []
        for code in CODES:
            b = queries.balance(code)
            m = model.t[code]
            assert (
                b["debits_posted"],
                b["credits_posted"],
                b["debits_pending"],
                b["credits_pending"],
            ) == (m["dp"], m["cp"], m["dq"], m["cq"]), code
