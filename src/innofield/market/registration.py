"""Technology-contract registration records and their CSV export: pure Python, no Django.

A registration office (技术合同登记机构) needs the parties, the contract type, the
amount, the technology field and the regions of seller and buyer — the last two
make the statistics of technology output and absorption between regions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from innofield.core import csvsafe

COLUMNS = (
    "registration_no",
    "contract_no",
    "contract_type",
    "trade_mode",
    "signed_on",
    "registered_on",
    "amount_yuan",
    "technology_field",
    "technology",
    "seller_code",
    "seller_name",
    "seller_region",
    "seller_province",
    "buyer_code",
    "buyer_name",
    "buyer_region",
    "buyer_province",
    "cross_region",
    "broker_code",
    "co_owners",
)


def yuan(fen: int | None) -> str:
    """Fen as a yuan amount with two decimals, exactly (no float)."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def record(values: Mapping[str, Any]) -> dict[str, str]:
    """One registration row with every column, as text; ``cross_region`` is derived."""
    row = {c: "" if values.get(c) is None else str(values.get(c)) for c in COLUMNS}
    row["amount_yuan"] = yuan(values.get("amount_fen"))
    seller, buyer = row["seller_province"], row["buyer_province"]
    row["cross_region"] = "yes" if seller and buyer and seller != buyer else "no"
    return row


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    """The rows as CSV text with a header, UTF-8 friendly (no BOM), formula-safe cells."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for values in rows:
        writer.writerow(csvsafe.safe_row(record(values)))
    return out.getvalue()


def flows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Technology output → absorption between provinces: one row per (seller province,
    buyer province) with the number of contracts and their turnover in fen, largest first."""
    cells: dict[tuple[str, str], list[int]] = {}
    for r in rows:
        key = (str(r.get("seller_province") or ""), str(r.get("buyer_province") or ""))
        cell = cells.setdefault(key, [0, 0])
        cell[0] += 1
        cell[1] += int(r.get("amount_fen") or 0)
    out = [
        {"seller_province": s, "buyer_province": b, "contracts": n, "amount_fen": amount}
        for (s, b), (n, amount) in cells.items()
    ]
    return sorted(out, key=lambda c: (-c["amount_fen"], c["seller_province"], c["buyer_province"]))
