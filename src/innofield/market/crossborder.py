"""Rules of cross-border technology contracts: pure Python, no Django.

* :data:`MINOR_UNITS` / :func:`minor_units` — how many decimals a currency's minor unit
  has (ISO 4217: JPY 0, USD 2, KWD 3, …); money abroad is kept as an integer number of
  minor units, never as a float;
* :func:`to_cny_fen` — an amount in minor units × a rate (CNY per one major unit) →
  integer fen of CNY, rounded half up, computed exactly with :class:`~decimal.Decimal`;
* :func:`parse_amount` / :func:`format_amount` — what a person types ↔ minor units;
* :func:`check_rate` — a rate given as text/Decimal: positive, finite, ≤ 8 decimals;
* :func:`catalogue` / :func:`check_export` — the export-restriction categories of the
  2023 Catalogue of Technologies Prohibited or Restricted from Export, shipped partially
  in ``market/data/export_catalogue_2023.csv`` (see the README there).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).parent / "data" / "export_catalogue_2023.csv"

#: ISO 4217 currencies whose minor unit is not 1/100 (the ISO table's "minor unit"
#: column); every other currency has two decimals.
MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        [
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ],
        0,
    ),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    "CLF": 4,
    "UYW": 4,
}
#: ISO 4217 codes that are not money one pays a contract in (precious metals, units of
#: account, testing codes): refused as a contract currency.
NOT_PAYABLE = frozenset(
    ["XAG", "XAU", "XPD", "XPT", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA", "XTS", "XXX"]
)
#: Rates are kept exactly as given, with at most this many decimals.
RATE_DECIMALS = 8
MAX_RATE = Decimal("100000")
CODE_RE = re.compile(r"^\d{2,6}[JX]?$")


def minor_units(currency: str) -> int:
    """Decimals of the currency's minor unit (2 unless :data:`MINOR_UNITS` says otherwise)."""
    return MINOR_UNITS.get(currency.upper(), 2)


class AmountError(ValueError):
    """A typed amount, rate or code that cannot be used; the message says why."""


def parse_amount(text: str, currency: str) -> int:
    """``"1,234.56"`` in USD → ``123456`` minor units; refuses more decimals than the
    currency has, non-positive and non-finite amounts."""
    raw = str(text).replace(",", "").replace(" ", "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise AmountError(f"{str(text)[:30]!r} is not an amount") from None
    if not value.is_finite() or value <= 0:
        raise AmountError("must be a positive amount")
    places = minor_units(currency)
    minor = value.scaleb(places)
    if minor != minor.to_integral_value():
        raise AmountError(f"{currency} has {places} decimal(s); {raw} has more")
    return int(minor)


def format_amount(minor: int, currency: str) -> str:
    """Minor units as the currency's major units with its decimals: ``123456, USD`` →
    ``"1,234.56"``; ``1000, JPY`` → ``"1,000"``."""
    places = minor_units(currency)
    value = Decimal(int(minor)).scaleb(-places)
    return f"{value:,.{places}f}"


def check_rate(value: str | Decimal) -> Decimal:
    """A conversion rate (CNY per one major unit) as an exact Decimal: finite, positive,
    at most :data:`RATE_DECIMALS` decimals and below :data:`MAX_RATE`; floats refused."""
    if isinstance(value, float | bool):
        raise AmountError("give the rate as text or an exact decimal, not a float")
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        raise AmountError(f"{str(value)[:30]!r} is not a number") from None
    if not rate.is_finite():
        raise AmountError("must be a finite number")
    if rate <= 0:
        raise AmountError("must be greater than 0")
    if rate >= MAX_RATE:
        raise AmountError(f"must be below {MAX_RATE}")
    exponent = rate.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -RATE_DECIMALS:
        raise AmountError(f"at most {RATE_DECIMALS} decimals")
    return rate


def format_rate(rate: Decimal) -> str:
    """A rate without trailing zeros and never in exponent form: ``7.80000000`` → ``7.8``,
    ``100.00000000`` → ``100``."""
    text = f"{rate.normalize():f}"
    return text


def to_cny_fen(amount_minor: int, currency: str, rate: Decimal) -> int:
    """The amount in CNY fen: ``amount_minor / 10**minor_units × rate × 100``, rounded half
    up to a whole fen. Exact: Decimal arithmetic with enough digits, no float."""
    with localcontext() as ctx:
        ctx.prec = 60
        fen = Decimal(int(amount_minor)) * rate * Decimal(10) ** (2 - minor_units(currency))
        return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Category:
    """One row of the export-restriction catalogue."""

    code: str
    level: str  # "prohibited" or "restricted"
    name_zh: str
    name_en: str
    verification: str


@cache
def catalogue() -> dict[str, Category]:
    """The shipped (partial) catalogue rows by code."""
    with CATALOGUE_FILE.open(encoding="utf-8") as f:
        rows = [Category(**row) for row in csv.DictReader(f)]
    return {c.code: c for c in rows}


@dataclass(frozen=True)
class ExportCheck:
    """The outcome of checking a technology category against the export catalogue.

    ``outcome`` is ``"prohibited"`` (refuse), ``"restricted"`` or ``"unknown"`` (review
    by an officer) or ``"free"`` (register directly); ``category`` is the catalogue row
    when the code is listed."""

    outcome: str
    code: str
    category: Category | None = None

    def label(self, zh: bool = False) -> str:
        """``083915X 计算机应用技术`` / ``083915X computer application technology``."""
        if self.category is None:
            return self.code
        return f"{self.code} {self.category.name_zh if zh else self.category.name_en}"


def normalize_code(text: str) -> str:
    """A technology category code: 2–6 digits, optionally ending in J or X; else AmountError."""
    code = (text or "").strip().upper()
    if not CODE_RE.match(code):
        raise AmountError("give 2 to 6 digits, optionally ending in J or X (e.g. 083915X)")
    return code


def check_export(code: str) -> ExportCheck:
    """Look a (normalized) category code up in the catalogue."""
    row = catalogue().get(code)
    if row is not None:
        return ExportCheck(row.level, code, row)
    if code.endswith(("J", "X")):
        return ExportCheck("unknown", code)
    return ExportCheck("free", code)
