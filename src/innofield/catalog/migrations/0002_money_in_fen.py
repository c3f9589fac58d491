"""Catalog money in integer fen (#15), first step: ``BIGINT`` columns ``Item.price_fen`` and
``Demand.budget_fen`` next to the ``DECIMAL`` yuan columns. 0003 fills them, 0004 drops the
yuan columns (three migrations: PostgreSQL refuses to alter a table with row changes
pending in the same transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.AddField(
            "item",
            "price_fen",
            models.BigIntegerField(blank=True, null=True, help_text="fen per price_unit"),
        ),
        migrations.AddField(
            "demand", "budget_fen", models.BigIntegerField(blank=True, null=True, help_text="fen")
        ),
    ]
