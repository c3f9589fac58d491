"""Property test: random grants, redemptions, clawbacks, expiries and settlements never
overspend a grant or a budget, and clearing accounts always equal unsettled claims."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace as NS
from typing import Any

from django.db.models import Sum
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.vouchers.conftest import delivered

from innofield.core.errors import Conflict, InnofieldError
from innofield.ledger import queries as ledger
from innofield.vouchers import actions
from innofield.vouchers.models import ClearingClaim, Grant

RUN = itertools.count()
ops = st.lists(
    st.one_of(
        st.tuples(st.just("grant"), st.integers(1, 1_200_000)),
        st.tuples(
            st.just("redeem"),
            st.integers(0, 9),
            st.sampled_from(["zju", "lab"]),
            st.integers(1, 1_500_000),
            st.sampled_from(["direct", "reimburse"]),
        ),
        st.tuples(st.just("clawback"), st.integers(0, 9)),
        st.tuples(st.just("settle")),
        st.tuples(st.just("expire")),
    ),
    min_size=1,
    max_size=15,
)


def _check_all() -> None:
    assert ledger.check_invariants() == []
    for g in Grant.objects.all():
        assert 0 <= g.redeemed + g.released <= g.amount
    outstanding = sum(g.remaining for g in Grant.objects.all())
    assert ledger.balance("PROG-JS-2026-G")["balance"] == outstanding
    for region in ("320000", "330000"):
        unsettled = ClearingClaim.objects.filter(batch__isnull=True)
        owed = (unsettled.filter(issuer_region=region).aggregate(s=Sum("amount"))["s"] or 0) - (
            unsettled.filter(provider_region=region).aggregate(s=Sum("amount"))["s"] or 0
        )
        assert ledger.balance(f"CLR-{region}")["balance"] == owed, region


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=ops)
def test_random_voucher_operations(world: NS, scheme: NS, steps: list[Any]) -> None:
    run = next(RUN)
    providers = {"zju": scheme.zju, "lab": world.lab}
    redemptions: list[Any] = []
    for n, step in enumerate(steps):
        try:
            if step[0] == "grant":
                actions.grant(
                    actor=world.officer,
                    key=f"g{run}-{n}",
                    programme_id=scheme.programme.pk,
                    firm=world.rival,
                    amount=step[1],
                    today=scheme.today,
                )
            elif step[0] == "redeem":
                grants = list(Grant.objects.order_by("id"))
                if grants:
                    g = grants[step[1] % len(grants)]
                    proof = delivered(world.rival, providers[step[2]], world.rivaler, step[3])
                    redemptions.append(
                        actions.redeem(
                            actor=world.rivaler,
                            key=f"r{run}-{n}",
                            grant_id=g.pk,
                            provider=providers[step[2]],
                            price=step[3],
                            service_kind="testing",
                            evidence=proof,
                            mode=step[4],
                            today=scheme.today,
                        )
                    )
            elif step[0] == "clawback" and redemptions:
                actions.clawback(
                    actor=world.officer,
                    redemption_id=redemptions[step[1] % len(redemptions)].pk,
                    reason="property test",
                )
            elif step[0] == "settle":
                actions.settle(actor=world.admin)
            elif step[0] == "expire":
                actions.expire_grants(
                    actor=world.officer,
                    programme_id=scheme.programme.pk,
                    today=dt.date(2027, 1, 1) if n % 4 == 3 else scheme.today,
                )
            event(f"{step[0]} done")
        except (Conflict, InnofieldError) as exc:
            event(f"{step[0]} refused: {type(exc).__name__}")  # must leave nothing behind
        _check_all()
