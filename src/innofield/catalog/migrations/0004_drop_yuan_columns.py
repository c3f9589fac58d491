"""Catalog money in integer fen (#15), third step: the yuan columns filled into ``price_fen``
and ``budget_fen`` by 0003 are dropped, their non-negative checks move to the fen columns."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_yuan_to_fen")]

    operations = [
        migrations.RemoveConstraint("item", "item_price_nonnegative"),
        migrations.RemoveConstraint("demand", "demand_budget_nonnegative"),
        migrations.RemoveField("item", "price"),
        migrations.RemoveField("demand", "budget"),
        migrations.AddConstraint(
            "item",
            models.CheckConstraint(
                condition=models.Q(price_fen__isnull=True) | models.Q(price_fen__gte=0),
                name="item_price_fen_nonnegative",
            ),
        ),
        migrations.AddConstraint(
            "demand",
            models.CheckConstraint(
                condition=models.Q(budget_fen__isnull=True) | models.Q(budget_fen__gte=0),
                name="demand_budget_fen_nonnegative",
            ),
        ),
    ]
