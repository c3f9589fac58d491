"""Catalog migrations 0002–0004 move item prices and demand budgets from decimal yuan to
integer fen, keeping every amount (yuan × 100, half up), on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("catalog", "0001_initial")
AFTER = ("catalog", "0004_drop_yuan_columns")


def _migrate(target: tuple[str, str]) -> Any:
    call_command("migrate", *target, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_prices_and_budgets_move_to_fen_and_back(world: Any) -> None:
    try:
        apps = _migrate(BEFORE)
        item, demand = apps.get_model("catalog", "Item"), apps.get_model("catalog", "Demand")
        place = {"owner_id": world.lab.pk, "region_id": world.nj.pk}
        priced = item.objects.create(
            kind="instrument", title="NMR", price=Decimal("1234.56"), **place
        )
        free = item.objects.create(kind="instrument", title="XRD", price=None, **place)
        zero = item.objects.create(kind="service", title="Advice", price=Decimal("0"), **place)
        need = demand.objects.create(
            kind="technology", title="Coating", budget=Decimal("9999999999.99"), **place
        )
        apps = _migrate(AFTER)
        prices = dict(apps.get_model("catalog", "Item").objects.values_list("pk", "price_fen"))
        assert prices == {priced.pk: 123_456, free.pk: None, zero.pk: 0}
        budget = apps.get_model("catalog", "Demand").objects.get(pk=need.pk).budget_fen
        assert budget == 999_999_999_999
        apps = _migrate(BEFORE)
        assert apps.get_model("catalog", "Item").objects.get(pk=priced.pk).price == Decimal(
            "1234.56"
        )
    finally:
        call_command("migrate", verbosity=0)
