"""The framework-free core of the market: state tables, shares, auctions, valuation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innofield.market import auction, machine, shares, valuation
from innofield.market.auction import AuctionTerms, BidView


@pytest.mark.parametrize("name", sorted(machine.MACHINES))
def test_every_target_is_a_state_and_every_state_is_reachable(name: str) -> None:
    table = machine.MACHINES[name]
    targets = {t for moves in table.values() for t in moves.values()}
    assert targets <= set(table), "a transition leads to an unknown state"
    assert set(machine.states(name)) <= targets, "a state cannot be reached"


def test_illegal_transition_names_state_transition_and_allowed() -> None:
    with pytest.raises(machine.IllegalTransition) as info:
        machine.advance("deal", "inquiry", "sign")
    text = str(info.value)
    assert "cannot sign a deal in state 'inquiry'" in text
    assert "negotiate, decline, withdraw" in text
    with pytest.raises(machine.IllegalTransition, match="none \\(final state\\)"):
        machine.advance("deal", "completed", "terminate")


def test_deal_parties_cover_every_deal_and_milestone_transition() -> None:
    creating = set(machine.DEAL[machine.START]) | set(machine.MILESTONE[machine.START]) - {"plan"}
    for name in ("deal", "milestone"):
        for t in machine.transitions(name):
            assert t in machine.DEAL_PARTIES or t in creating, t


def test_shares_must_sum_to_exactly_one() -> None:
    ok = shares.validate_shares([("A", "0.6"), ("B", "0.4")])
    assert ok == [("A", Decimal("0.6")), ("B", Decimal("0.4"))]
    with pytest.raises(shares.ShareError) as info:
        shares.validate_shares([("A", "0.6"), ("B", "0.3")])
    assert info.value.field == "owners.share" and "sum to 0.9" in info.value.reason
    with pytest.raises(shares.ShareError, match="not floats"):
        shares.validate_shares([("A", 0.5), ("B", "0.5")])
    with pytest.raises(shares.ShareError, match="listed twice"):
        shares.validate_shares([("A", "0.5"), ("A", "0.5")])
    with pytest.raises(shares.ShareError, match="owners\\[1\\].share"):
        shares.validate_shares([("A", "1"), ("B", "0")])
    with pytest.raises(shares.ShareError, match="not a decimal"):
        shares.validate_shares([("A", "one")])
    with pytest.raises(shares.ShareError, match="6 decimal places"):
        shares.validate_shares([("A", "0.3333333"), ("B", "0.6666667")])


def test_split_gives_the_remainder_to_the_first_owner() -> None:
    thirds = [Decimal("0.333333"), Decimal("0.333333"), Decimal("0.333334")]
    assert shares.split(100, thirds) == [34, 33, 33]
    assert shares.split(1, [Decimal("0.5"), Decimal("0.5")]) == [1, 0]
    assert shares.split(0, [Decimal(1)]) == [0]
    with pytest.raises(shares.ShareError):
        shares.split(-1, [Decimal(1)])


@given(
    amount=st.integers(min_value=0, max_value=10**12),
    weights=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=8),
)
def test_split_always_adds_up_and_no_part_is_negative(amount: int, weights: list[int]) -> None:
    total = sum(weights)
    parts_of_one = [(Decimal(w) / Decimal(total)).quantize(Decimal("0.000001")) for w in weights]
    parts_of_one[0] += Decimal(1) - sum(parts_of_one)
    if parts_of_one[0] <= 0:
        return
    parts = shares.split(amount, parts_of_one)
    assert sum(parts) == amount and min(parts) >= 0
    assert parts == shares.split(amount, parts_of_one)  # deterministic


def _bids(*rows: tuple[str, int]) -> list[BidView]:
    return [BidView(i + 1, who, amount, i + 1) for i, (who, amount) in enumerate(rows)]


def test_ascending_bids_need_start_price_then_increment() -> None:
    terms = AuctionTerms("ascending", start_fen=1000, reserve_fen=1500, increment_fen=100)
    auction.check_bid(terms, [], "A", 1000)
    with pytest.raises(auction.BidRefused, match="starting price"):
        auction.check_bid(terms, [], "A", 999)
    bids = _bids(("A", 1000))
    with pytest.raises(auction.BidRefused, match="at least ¥11.00"):
        auction.check_bid(terms, bids, "B", 1050)
    with pytest.raises(auction.BidRefused) as info:
        auction.check_bid(terms, bids, "A", 2000)
    assert info.value.field == "bidder"
    auction.check_bid(terms, bids, "B", 1100)
    with pytest.raises(auction.BidRefused, match="positive"):
        auction.check_bid(terms, bids, "B", 0)


def test_sealed_bids_once_per_bidder_and_in_increments() -> None:
    terms = AuctionTerms("sealed", start_fen=0, reserve_fen=0, increment_fen=50)
    with pytest.raises(auction.BidRefused, match="multiple of the increment"):
        auction.check_bid(terms, [], "A", 1025)
    with pytest.raises(auction.BidRefused, match="already submitted"):
        auction.check_bid(terms, _bids(("A", 1000)), "A", 2000)
    auction.check_bid(terms, _bids(("A", 1000)), "B", 500)


def test_winner_is_highest_ties_to_earliest_and_reserve_applies() -> None:
    terms = AuctionTerms("sealed", reserve_fen=1000)
    bids = _bids(("A", 1200), ("B", 1500), ("C", 1500))
    winner = auction.auction_winner(terms, bids)
    assert winner is not None and winner.bidder == "B"
    assert auction.auction_winner(AuctionTerms("sealed", reserve_fen=1501), bids) is None
    assert auction.auction_winner(terms, []) is None


def test_relief_from_royalty_matches_a_hand_calculation() -> None:
    v = valuation.relief_from_royalty(
        revenues=[1000, 1000],
        royalty_rate=0.1,
        tax_rate=0.25,
        discount_rate=0.1,
        useful_life=3,
        terminal_growth=0.0,
    )
    expected = sum(75 / 1.1**t for t in (1, 2, 3))
    assert v.value == pytest.approx(expected, abs=0.01)
    assert v.assumptions["royalty_rate"] == 0.1 and v.assumptions["useful_life"] == 3
    assert len(v.working) == 3
    perpetual = valuation.relief_from_royalty(
        revenues=[1000], royalty_rate=0.1, tax_rate=0.0, discount_rate=0.1, terminal_growth=0.0
    )
    assert perpetual.value == pytest.approx(1000.0, abs=0.01)  # 100/1.1 + (100/0.1)/1.1
    assert perpetual.notes


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"revenues": []}, "revenues"),
        ({"royalty_rate": 1.5}, "royalty_rate"),
        ({"useful_life": 1, "revenues": [1, 2]}, "useful_life"),
        ({"useful_life": None, "terminal_growth": 0.2}, "discount_rate"),
        ({"revenues": [-1]}, "revenues"),
    ],
)
def test_relief_from_royalty_refuses_bad_input(kwargs: dict, field: str) -> None:
    args = {
        "revenues": [100.0],
        "royalty_rate": 0.05,
        "tax_rate": 0.25,
        "discount_rate": 0.12,
        "useful_life": 5,
    } | kwargs
    with pytest.raises(valuation.ValuationInputError) as info:
        valuation.relief_from_royalty(**args)
    assert info.value.field == field


def test_cost_approach_and_life_based_obsolescence() -> None:
    v = valuation.cost_approach(
        reproduction_cost=1000,
        developer_profit_rate=0.2,
        physical_obsolescence=0.0,
        economic_obsolescence=0.1,
        remaining_life=6,
        total_life=8,
    )
    assert v.value == pytest.approx(1000 * 1.2 * 0.75 * 0.9)
    assert v.assumptions["functional_obsolescence"] == 0.25
    with pytest.raises(valuation.ValuationInputError, match="remaining_life"):
        valuation.cost_approach(reproduction_cost=1000, remaining_life=3)
    with pytest.raises(valuation.ValuationInputError, match="economic_obsolescence"):
        valuation.cost_approach(reproduction_cost=1000, economic_obsolescence=2)


def test_market_comparables_median_of_adjusted_multiples() -> None:
    comps = [
        {"name": "a", "price": 200, "metric": 100},
        {"name": "b", "price": 300, "metric": 100, "adjustments": {"age": -0.1}},
        {"name": "c", "price": 500, "metric": 100},
    ]
    v = valuation.market_comparables(subject_metric=50, comparables=comps)
    assert v.value == pytest.approx(2.7 * 50)
    assert v.assumptions["median_multiple"] == pytest.approx(2.7)
    with pytest.raises(valuation.ValuationInputError, match="at least 3"):
        valuation.market_comparables(subject_metric=50, comparables=comps[:2])
    bad = [*comps[:2], {"price": 1, "metric": 0}]
    with pytest.raises(valuation.ValuationInputError) as info:
        valuation.market_comparables(subject_metric=50, comparables=bad)
    assert info.value.field == "comparables[2].metric"


def test_the_core_modules_import_no_django() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import innofield.market.machine, innofield.market.shares, "
        "innofield.market.auction, innofield.market.valuation; "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_registration_rows_and_flows() -> None:
    from innofield.market import registration

    rows = [
        {"seller_province": "320000", "buyer_province": "330000", "amount_fen": 100},
        {"seller_province": "320000", "buyer_province": "330000", "amount_fen": 50},
        {"seller_province": "330000", "buyer_province": "330000", "amount_fen": 500},
    ]
    assert registration.flows(rows) == [
        {
            "seller_province": "330000",
            "buyer_province": "330000",
            "contracts": 1,
            "amount_fen": 500,
        },
        {
            "seller_province": "320000",
            "buyer_province": "330000",
            "contracts": 2,
            "amount_fen": 150,
        },
    ]
    assert registration.record(rows[0])["cross_region"] == "yes"
    assert registration.record(rows[2])["cross_region"] == "no"
    assert registration.yuan(123456) == "1234.56" and registration.yuan(-5) == "-0.05"
    assert registration.to_csv([]).strip() == ",".join(registration.COLUMNS)
