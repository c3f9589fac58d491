"""Pure pricing in integer fen: quotes, fees and usage charges, each rounded once, half up.

Every expected value is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from innofield.booking import pricing

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def _sh(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (4, 2, 2),
        (5, 2, 3),  # 2.5 → 3 (half up, not to even)
        (7, 2, 4),  # 3.5 → 4
        (7, 3, 2),  # 2.33 → 2
        (8, 3, 3),  # 2.67 → 3
        (1, 2, 1),  # 0.5 → 1
        (0, 7, 0),
        (-5, 2, -3),  # halves away from zero
    ],
)
def test_divide_half_up(numerator: int, denominator: int, expected: int) -> None:
    assert pricing.divide_half_up(numerator, denominator) == expected


def test_divide_half_up_refuses_a_zero_denominator() -> None:
    with pytest.raises(ValueError, match="positive"):
        pricing.divide_half_up(1, 0)


@pytest.mark.parametrize(
    ("price_fen", "start", "end", "expected"),
    [
        (40_000, _sh(3, 10), _sh(3, 11), 40_000),  # ¥400 an hour, 1 h
        (10_000, _sh(3, 10), _sh(3, 10, 20), 3_333),  # 10,000 × 20/60 = 3,333.33
        (12_345, _sh(3, 10), _sh(3, 10, 7), 1_440),  # 12,345 × 7/60 = 1,440.25
        (9_999, _sh(3, 10), _sh(3, 10, 37), 6_166),  # 9,999 × 37/60 = 6,166.05
        (30, _sh(3, 10), _sh(3, 10, 1), 1),  # 30 × 1/60 = 0.5 → 1
        (150, _sh(3, 10), _sh(3, 10, 1), 3),  # 2.5 → 3 (banker's rounding would give 2)
        (29, _sh(3, 10), _sh(3, 10, 1), 0),  # 0.483 → 0
        (0, _sh(3, 10), _sh(3, 18), 0),
        # DST: 00:00–04:00 in Berlin on 29 March 2026 is 3 real hours (02:00 is skipped)
        (
            40_000,
            dt.datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN),
            dt.datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN),
            120_000,
        ),
        # … and 00:00–04:00 on 25 October 2026 is 5 real hours (02:00–03:00 twice)
        (
            40_000,
            dt.datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN),
            dt.datetime(2026, 10, 25, 4, 0, tzinfo=BERLIN),
            200_000,
        ),
        # New York springs forward on 8 March 2026: 01:30–03:30 local is one real hour
        (
            12_345,
            dt.datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK),
            12_345,
        ),
        # 01:17–03:00 local across the jump is 43 real minutes: 12,345 × 43/60 = 8,847.25
        (
            12_345,
            dt.datetime(2026, 3, 8, 1, 17, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 8, 3, 0, tzinfo=NEW_YORK),
            8_847,
        ),
    ],
)
def test_quote(price_fen: int, start: dt.datetime, end: dt.datetime, expected: int) -> None:
    assert pricing.quote(price_fen, start, end) == expected


def test_quote_is_exact_against_rational_arithmetic() -> None:
    """Every price from 1 fen to ¥1,000.00 in odd steps, every minute up to 8 h: the quote is
    the exact rational price × minutes / 60 rounded half up (no float, no Decimal context)."""
    start = _sh(3, 8)
    for price in range(1, 100_001, 997):
        for minutes in range(1, 481, 7):
            exact = Fraction(price * minutes, 60)
            expected = int(exact) + (1 if exact - int(exact) >= Fraction(1, 2) else 0)
            end = start + dt.timedelta(minutes=minutes)
            assert pricing.quote(price, start, end) == expected, (price, minutes)


@pytest.mark.parametrize(
    ("amount", "fraction", "expected"),
    [
        (80_000, "0.5", 40_000),
        (80_000, "1", 80_000),
        (80_000, "0", 0),
        (1, "0.5", 1),  # 0.5 → 1
        (5, "0.5", 3),  # 2.5 → 3
        (12_345, "0.125", 1_543),  # 1,543.125
        (4, "0.125", 1),  # 0.5 → 1
        (100, "0.333", 33),  # 33.3
        (3_333, "0.75", 2_500),  # 2,499.75
    ],
)
def test_share(amount: int, fraction: str, expected: int) -> None:
    assert pricing.share(amount, Decimal(fraction)) == expected
    assert pricing.no_show_fee(quoted_fen=amount, fraction=Decimal(fraction)) == expected


def test_cancellation_is_free_until_the_deadline_then_a_share_of_the_quote() -> None:
    start = _sh(5, 14)
    terms = {
        "quoted_fen": 80_001,
        "start": start,
        "free_hours": 24,
        "late_fraction": Decimal("0.5"),
    }
    assert pricing.cancellation_fee(now=_sh(4, 14), **terms) == 0  # exactly at the deadline
    later = _sh(4, 14) + dt.timedelta(seconds=1)
    assert pricing.cancellation_fee(now=later, **terms) == 40_001  # 40,000.5 → 40,001
    # the deadline is real elapsed time, whatever zone "now" is written in
    utc = dt.datetime(2026, 3, 4, 6, 0, tzinfo=dt.UTC)  # = 14:00 in Shanghai
    assert pricing.cancellation_fee(now=utc, **terms) == 0


def test_usage_charge_bills_booked_or_logged_time() -> None:
    booked = (_sh(3, 10), _sh(3, 12))
    used = (_sh(3, 10, 5), _sh(3, 11, 5))
    # the larger of 2 h booked and 1 h used
    assert pricing.usage_charge(price_fen=40_000, booked=booked, used=used, bill_max=True) == 80_000
    assert (
        pricing.usage_charge(price_fen=40_000, booked=booked, used=used, bill_max=False) == 40_000
    )
    # 47 minutes used at 12,345 an hour: 12,345 × 47/60 = 9,670.25
    odd = (_sh(3, 10), _sh(3, 10, 47))
    assert pricing.usage_charge(price_fen=12_345, booked=odd, used=odd, bill_max=False) == 9_670
    # used longer than booked: 2 h 10 min at ¥400 = 86,666.67
    long = (_sh(3, 10), _sh(3, 12, 10))
    assert pricing.usage_charge(price_fen=40_000, booked=booked, used=long, bill_max=True) == 86_667


def test_prices_by_tier() -> None:
    prices = pricing.Prices(internal=10_000, academic=20_000, industry=40_000)
    assert prices.for_tier(pricing.ACADEMIC) == 20_000
    with pytest.raises(ValueError, match="not priced"):
        prices.for_tier(pricing.CROSS_REGION)
