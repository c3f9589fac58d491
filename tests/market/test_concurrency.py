"""Races: the same milestone paid at once from several threads, and simultaneous bids.
Real threads, real connections, on SQLite (immediate transactions) and PostgreSQL (row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from innofield.core.errors import InnofieldError
from innofield.ledger import queries as ledger
from innofield.ledger.models import Transfer
from innofield.market import actions
from innofield.market.models import Bid

from .conftest import fund, make_deal, make_listing


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
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_a_milestone_is_paid_exactly_once_under_concurrency(market: SimpleNamespace) -> None:
    deal = make_deal(market, "registered")
    ms = actions.plan_milestone(actor=market.firmer, deal_id=deal.pk, title="all", amount_fen=999)
    actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    fund(market, market.firm, 10_000)
    results = _race(
        4,
        lambda i: actions.transition_milestone(
            actor=market.firmer, milestone_id=ms.pk, transition="pay"
        ),
    )
    paid = [r for r in results if not isinstance(r, Exception)]
    assert len(paid) == 1, results
    assert all("cannot pay a milestone in state 'paid'" in str(r) for r in results if r not in paid)
    assert ledger.balance("ORG-FIRM")["balance"] == 10_000 - 999
    assert ledger.balance("ORG-LAB")["balance"] + ledger.balance("ORG-UNI")["balance"] == 999
    assert Transfer.objects.filter(key__startswith=f"market:ms:{ms.pk}:").count() == 3
    assert ledger.check_invariants() == []


@pytest.mark.django_db(transaction=True)
def test_simultaneous_equal_ascending_bids_accept_only_one(market: SimpleNamespace) -> None:
    listing = make_listing(
        market, mode="auction", auction_kind="ascending", start_fen=1000, increment_fen=100
    )
    actions.open_bidding(actor=market.labber, listing_id=listing.pk)
    bidders = [(market.firmer, "FIRM"), (market.rivaler, "RIVAL")]
    results = _race(
        2,
        lambda i: actions.place_bid(
            actor=bidders[i][0], listing_id=listing.pk, bidder_code=bidders[i][1], amount_fen=1000
        ),
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert Bid.objects.filter(listing=listing).count() == 1


@pytest.mark.django_db(transaction=True)
def test_cross_border_terms_filed_and_reviewed_at_once(market: SimpleNamespace) -> None:
    """Four first filings of one deal's terms make one contract (the deal row is locked);
    two officers' decisions on one referred export: exactly one wins."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from innofield.market.models import CrossBorderContract
    from innofield.registry.models import Membership

    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    data = {
        "direction": "export",
        "counterpart_name": "Musterfirma GmbH",
        "counterpart_country": "DE",
        "contract_category": "patent_license",
        "technology_category": "083915X",
        "currency": "EUR",
        "amount": "1000.00",
        "rate_cny_per_unit": "7.8",
        "rate_date": day,
        "contract_no": "C-1",
        "signed_on": day,
        "valid_until": "2031-01-01",
        "payment_method": "lump_sum",
    }
    deal = make_deal(market, "agreed")
    results = _race(
        4, lambda i: actions.file_cross_border(actor=market.labber, deal_id=deal.pk, data=data)
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    row = CrossBorderContract.objects.get(deal=deal)
    assert row.amount_cny_fen == 780_000
    actions.submit_cross_border(actor=market.labber, contract_id=row.pk)
    second = get_user_model().objects.create_user("officer2")
    Membership.objects.create(user=second, organization=market.gov, role="officer")
    officers = [market.officer, second]
    results = _race(
        2,
        lambda i: actions.review_cross_border(
            actor=officers[i],
            contract_id=row.pk,
            outcome=("approve", "refuse")[i],
            licence_no="L-1",
            reason="no",
        ),
    )
    assert sum(not isinstance(r, Exception) for r in results) == 1, results
    assert CrossBorderContract.objects.get(pk=row.pk).state in ("registered", "refused")
