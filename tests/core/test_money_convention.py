"""The money convention stays: no model keeps money in a decimal column (#15 item 3).

Amounts are integer fen (``BigIntegerField``, named ``*_fen`` or documented as fen); a
``DecimalField`` whose name says money (price, charge, quote, income, amount, fee, cost,
budget) is refused. Shares and fractions (``late_cancel_fraction``, ``share``) may stay
decimal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.apps import apps
from django.db import models

MONEY_WORDS = re.compile(r"price|charge|quoted|quote|income|amount|fee|cost|budget")


def decimal_money_fields(model_list: Iterable[type[models.Model]]) -> list[str]:
    """``app.Model.field`` of every decimal field whose name suggests money."""
    return [
        f"{model._meta.label}.{field.name}"
        for model in model_list
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField) and MONEY_WORDS.search(field.name)
    ]


def test_no_model_keeps_money_in_a_decimal_field() -> None:
    assert decimal_money_fields(apps.get_models(include_auto_created=True)) == []


def test_the_check_finds_decimal_money_and_spares_fen_and_fractions() -> None:
    class Priced(models.Model):
        price = models.DecimalField(max_digits=12, decimal_places=2)
        late_fee = models.DecimalField(max_digits=12, decimal_places=2)
        price_fen = models.BigIntegerField()
        no_show_fraction = models.DecimalField(max_digits=4, decimal_places=3)

        class Meta:
            app_label = "core"
            managed = False

        def __str__(self) -> str:
            return "priced"

    try:
        assert decimal_money_fields([Priced]) == ["core.Priced.price", "core.Priced.late_fee"]
    finally:
        apps.all_models["core"].pop("priced", None)
        apps.clear_cache()
