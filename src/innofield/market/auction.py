"""Bidding rules for auctions and tenders: pure Python, no Django.

* **ascending** auction: open bids; the first must reach the starting price, each
  later one must beat the standing highest bid by at least the increment, and a
  bidder cannot outbid its own standing bid;
* **sealed** auction: one bid per bidder, hidden until the close; amounts must be
  whole multiples of the increment when one is set;
* **tender**: sealed proposals, one per bidder; the seller awards one of them with
  a stated reason (not necessarily the cheapest or dearest).

At the close of an auction the highest bid wins, ties go to the earliest bid, and
a highest bid below the reserve price means the lot is unsold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from innofield.core.errors import gettext

from .shares import MAX_FEN

ASCENDING, SEALED = "ascending", "sealed"
AUCTION_KINDS = (ASCENDING, SEALED)


@dataclass(frozen=True)
class BidView:
    """What the rules need to know about a bid: who, how much, and its arrival order."""

    id: int
    bidder: str
    amount_fen: int
    seq: int


@dataclass(frozen=True)
class AuctionTerms:
    """The terms of an auction or tender."""

    kind: str  # ascending | sealed | tender
    start_fen: int = 0
    reserve_fen: int = 0
    increment_fen: int = 0


class BidRefused(ValueError):
    """A bid the rules refuse; ``field`` names the input at fault."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def leader(bids: Sequence[BidView]) -> BidView | None:
    """The highest bid, ties broken by the earliest (lowest ``seq``)."""
    if not bids:
        return None
    return min(bids, key=lambda b: (-b.amount_fen, b.seq))


def minimum_next(terms: AuctionTerms, bids: Sequence[BidView]) -> int:
    """The smallest acceptable amount for the next ascending bid."""
    top = leader(bids)
    if top is None:
        return max(terms.start_fen, 1)
    return top.amount_fen + max(terms.increment_fen, 1)


def _yuan(fen: int) -> str:
    """``123456`` → ``"¥1,234.56"`` (what a person reads; the rules stay free of Django)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def check_bid(terms: AuctionTerms, bids: Sequence[BidView], bidder: str, amount_fen: int) -> None:
    """Raise :class:`BidRefused` unless ``bidder`` may bid ``amount_fen`` given earlier ``bids``.

    Reasons are in the active language (:func:`innofield.core.errors.gettext`), amounts in yuan.
    """
    if amount_fen <= 0 or amount_fen > MAX_FEN:
        raise BidRefused(
            "amount_fen",
            gettext("must be a positive amount, at most %(most)s") % {"most": _yuan(MAX_FEN)},
        )
    if terms.kind == ASCENDING:
        top = leader(bids)
        if top is not None and top.bidder == bidder:
            raise BidRefused(
                "bidder",
                gettext("%(bidder)s already holds the highest bid (%(amount)s)")
                % {"bidder": bidder, "amount": _yuan(top.amount_fen)},
            )
        floor = minimum_next(terms, bids)
        if amount_fen < floor:
            if top is None:
                reason = gettext("must be at least %(floor)s (the starting price)") % {
                    "floor": _yuan(floor)
                }
            else:
                reason = gettext(
                    "must be at least %(floor)s (the highest bid %(top)s plus the increment)"
                ) % {"floor": _yuan(floor), "top": _yuan(top.amount_fen)}
            raise BidRefused("amount_fen", reason)
        return
    if any(b.bidder == bidder for b in bids):
        raise BidRefused(
            "bidder",
            (
                gettext("%(bidder)s has already submitted a sealed tender bid")
                if terms.kind == "tender"
                else gettext("%(bidder)s has already submitted a sealed auction bid")
            )
            % {"bidder": bidder},
        )
    if terms.kind == SEALED and terms.increment_fen > 0 and amount_fen % terms.increment_fen:
        raise BidRefused(
            "amount_fen",
            gettext("must be a multiple of the increment %(step)s")
            % {"step": _yuan(terms.increment_fen)},
        )
    if terms.kind == SEALED and amount_fen < terms.start_fen:
        raise BidRefused(
            "amount_fen",
            gettext("must be at least the starting price %(start)s")
            % {"start": _yuan(terms.start_fen)},
        )


def auction_winner(terms: AuctionTerms, bids: Sequence[BidView]) -> BidView | None:
    """The winning bid at the close, or ``None`` when no bid reaches the reserve price."""
    top = leader(bids)
    if top is None or top.amount_fen < terms.reserve_fen:
        return None
    return top
