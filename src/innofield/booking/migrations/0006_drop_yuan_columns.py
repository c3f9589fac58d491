"""Booking money in integer fen (#15), third step: the yuan columns filled into ``*_fen``
by 0005 are dropped, and the policy's prices may not be negative.

On SQLite these steps rebuild the booking table, which drops the no-overlap triggers of
0002; they are created again last (and again after unapplying).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models


def _overlap_triggers(up: bool) -> Any:
    no_overlap = importlib.import_module("innofield.booking.migrations.0002_no_overlap")

    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in no_overlap.SQLITE_DOWN + (no_overlap.SQLITE_UP if up else []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("booking", "0005_yuan_to_fen")]

    operations = [
        # (unapplying: the triggers come back after the rebuilds of the steps below)
        migrations.RunPython(migrations.RunPython.noop, _overlap_triggers(up=True)),
        # defaults on the two yuan columns without one, so that unapplying can add them back
        migrations.AlterField(
            "booking",
            "price_per_hour",
            models.DecimalField(max_digits=12, decimal_places=2, default=0),
        ),
        migrations.AlterField(
            "booking", "quoted", models.DecimalField(max_digits=14, decimal_places=2, default=0)
        ),
        migrations.RemoveField("policy", "price_internal"),
        migrations.RemoveField("policy", "price_academic"),
        migrations.RemoveField("policy", "price_industry"),
        migrations.RemoveField("policy", "price_cross_region"),
        migrations.RemoveField("booking", "price_per_hour"),
        migrations.RemoveField("booking", "quoted"),
        migrations.RemoveField("booking", "charge"),
        migrations.RemoveField("usagelog", "income"),
        migrations.AddConstraint(
            "policy",
            models.CheckConstraint(
                condition=models.Q(price_internal_fen__gte=0, price_academic_fen__gte=0)
                & models.Q(price_industry_fen__gte=0)
                & (
                    models.Q(price_cross_region_fen__isnull=True)
                    | models.Q(price_cross_region_fen__gte=0)
                ),
                name="policy_prices_nonnegative",
            ),
        ),
        migrations.RunPython(_overlap_triggers(up=True), migrations.RunPython.noop),
    ]
