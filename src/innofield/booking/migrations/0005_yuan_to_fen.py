"""Booking money in integer fen (#15), second step: every stored yuan amount into its fen
column (yuan × 100, half up); unapplying writes the yuan back (exact).

The conversion reads the columns with plain SQL, so it works the same on SQLite and
PostgreSQL. A stored amount that is not a finite number of at most ``MAX_FEN`` fen (only a
raw write around the checks could leave one) stops the migration naming the row, rather
than turning into a guessed price; set it right and migrate again.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import migrations

#: (table, old yuan column, new fen column)
COLUMNS = [
    ("booking_policy", "price_internal", "price_internal_fen"),
    ("booking_policy", "price_academic", "price_academic_fen"),
    ("booking_policy", "price_industry", "price_industry_fen"),
    ("booking_policy", "price_cross_region", "price_cross_region_fen"),
    ("booking_booking", "price_per_hour", "price_per_hour_fen"),
    ("booking_booking", "quoted", "quoted_fen"),
    ("booking_booking", "charge", "charge_fen"),
    ("booking_usagelog", "income", "income_fen"),
]
MAX_FEN = 10**15


def to_fen(value: Any, where: str) -> int | None:
    """A stored yuan amount (Decimal, float, int or text) as fen, half up; ``None`` stays."""
    if value is None:
        return None
    try:
        yuan = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        yuan = Decimal("NaN")
    if not yuan.is_finite() or abs(yuan) * 100 > MAX_FEN:
        raise RuntimeError(
            f"{where} holds {value!r}, not an amount of yuan; set it to a real amount "
            "and migrate again"
        )
    return int((yuan * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def yuan_to_fen(apps: Any, schema_editor: Any) -> None:
    """Fill every ``*_fen`` column from its yuan column."""
    qn = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, old, new in COLUMNS:
            cursor.execute(f"SELECT id, {qn(old)} FROM {qn(table)}")
            rows = [(to_fen(v, f"{table}.{old} of row {pk}"), pk) for pk, v in cursor.fetchall()]
            for i in range(0, len(rows), 1000):
                cursor.executemany(
                    f"UPDATE {qn(table)} SET {qn(new)} = %s WHERE id = %s", rows[i : i + 1000]
                )


def fen_to_yuan(apps: Any, schema_editor: Any) -> None:
    """Back: every yuan column from its fen column (exact)."""
    qn = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for table, old, new in COLUMNS:
            cursor.execute(f"SELECT id, {qn(new)} FROM {qn(table)}")
            rows = [
                (None if v is None else str(Decimal(int(v)) / 100), pk)
                for pk, v in cursor.fetchall()
            ]
            for i in range(0, len(rows), 1000):
                cursor.executemany(
                    f"UPDATE {qn(table)} SET {qn(old)} = %s WHERE id = %s", rows[i : i + 1000]
                )


class Migration(migrations.Migration):
    dependencies = [("booking", "0004_money_in_fen")]

    operations = [migrations.RunPython(yuan_to_fen, fen_to_yuan)]
