"""Booking money in integer fen (#15), first step: ``BIGINT`` fen columns ``*_fen`` next to
the ``DECIMAL`` yuan columns of policy prices, a booking's hourly price, quote and charge,
and a usage log's income. 0005 fills them, 0006 drops the yuan columns: three migrations,
because PostgreSQL refuses to alter a table with row changes pending in the same
transaction. On SQLite adding a column with a default rebuilds the booking table, which
drops the no-overlap triggers of 0002; they are created again last.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models


def _overlap_triggers(apps: Any, schema_editor: Any) -> None:
    """On SQLite, the no-overlap triggers of 0002 again (adding a column rebuilt the table)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    no_overlap = importlib.import_module("innofield.booking.migrations.0002_no_overlap")
    for sql in no_overlap.SQLITE_DOWN + no_overlap.SQLITE_UP:
        schema_editor.execute(sql)


def _fen(**kwargs: Any) -> models.BigIntegerField:  # type: ignore[type-arg]
    return models.BigIntegerField(**kwargs)


class Migration(migrations.Migration):
    dependencies = [("booking", "0003_invoices")]

    operations = [
        migrations.AddField(
            "policy", "price_internal_fen", _fen(default=0, help_text="fen per hour")
        ),
        migrations.AddField(
            "policy", "price_academic_fen", _fen(default=0, help_text="fen per hour")
        ),
        migrations.AddField(
            "policy", "price_industry_fen", _fen(default=0, help_text="fen per hour")
        ),
        migrations.AddField(
            "policy",
            "price_cross_region_fen",
            _fen(null=True, blank=True, help_text="fen per hour; empty: not priced separately"),
        ),
        migrations.AddField(
            "booking",
            "price_per_hour_fen",
            _fen(default=0, help_text="the tier's price, fen per hour"),
            preserve_default=False,
        ),
        migrations.AddField(
            "booking",
            "quoted_fen",
            _fen(default=0, help_text="the price of the booked time, fen"),
            preserve_default=False,
        ),
        migrations.AddField(
            "booking", "charge_fen", _fen(default=0, help_text="what was charged, fen")
        ),
        migrations.AddField(
            "usagelog", "income_fen", _fen(default=0, help_text="the booking's charge, fen")
        ),
        migrations.RunPython(_overlap_triggers, migrations.RunPython.noop),
    ]
