"""Catalog money in integer fen (#15), second step: every stored price and budget in yuan
into its fen column (yuan × 100, half up); unapplying writes the yuan back (exact).

Plain SQL reads, so it works the same on SQLite and PostgreSQL. A stored value that is not a
finite amount of at most ``MAX_FEN`` fen stops the migration naming the row; set it right
and migrate again.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import migrations

#: (table, old yuan column, new fen column)
COLUMNS = [("catalog_item", "price", "price_fen"), ("catalog_demand", "budget", "budget_fen")]
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


def _move(source: int, target: int, convert: Any) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        qn = schema_editor.connection.ops.quote_name
        with schema_editor.connection.cursor() as cursor:
            for table, *columns in COLUMNS:
                old, new = columns[source], columns[target]
                cursor.execute(f"SELECT id, {qn(old)} FROM {qn(table)} WHERE {qn(old)} IS NOT NULL")
                rows = [
                    (convert(v, f"{table}.{old} of row {pk}"), pk) for pk, v in cursor.fetchall()
                ]
                for i in range(0, len(rows), 1000):
                    cursor.executemany(
                        f"UPDATE {qn(table)} SET {qn(new)} = %s WHERE id = %s", rows[i : i + 1000]
                    )

    return run


def to_yuan(value: Any, where: str) -> str:
    """Fen back to yuan text (exact)."""
    return str(Decimal(int(value)) / 100)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_money_in_fen")]

    operations = [migrations.RunPython(_move(0, 1, to_fen), _move(1, 0, to_yuan))]
