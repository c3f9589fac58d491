"""Migrations 0004–0006 move booking money from decimal yuan to integer fen and keep every
amount (yuan × 100, half up), on SQLite and PostgreSQL; a stored amount that is not money
stops them naming the row; the database's no-overlap guard survives the table rebuilds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("booking", "0003_invoices")
AFTER = ("booking", "0006_drop_yuan_columns")


def _migrate(target: tuple[str, str]) -> Any:
    call_command("migrate", *target, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _has_overlap_guard() -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            return {"booking_no_overlap_insert", "booking_no_overlap_update"} <= names
        cursor.execute("SELECT conname FROM pg_constraint WHERE conname = 'booking_no_overlap'")
        return cursor.fetchone() is not None


def _old_rows(apps: Any, world: Any) -> dict[str, int]:
    """A policy, a booking and its usage in yuan, written with the models of migration 0003."""
    from innofield.catalog.models import Item  # the catalog stays migrated

    item = Item.objects.create(kind="instrument", title="NMR", owner=world.lab, region=world.nj)
    policy = apps.get_model("booking", "Policy").objects.create(
        instrument_id=item.pk,
        price_internal=Decimal("125.50"),
        price_academic=Decimal("0.01"),
        price_industry=Decimal("9999999999.99"),
        price_cross_region=None,
    )
    start = dt.datetime(2026, 3, 3, 2, tzinfo=dt.UTC)
    booking = apps.get_model("booking", "Booking").objects.create(
        instrument_id=item.pk,
        user_id=world.rivaler.pk,
        organization_id=world.rival.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
        hold_start=start,
        hold_end=start + dt.timedelta(hours=1),
        status="completed",
        tier="industry",
        price_per_hour=Decimal("1234.56"),
        quoted=Decimal("1234.56"),
        charge=Decimal("617.28"),
    )
    apps.get_model("booking", "UsageLog").objects.create(
        instrument_id=item.pk,
        booking_id=booking.pk,
        organization_id=world.rival.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
        external=True,
        income=Decimal("617.28"),
    )
    return {"policy": policy.pk, "booking": booking.pk}


@pytest.mark.django_db(transaction=True)
def test_amounts_move_to_fen_and_the_overlap_guard_stays(world: Any) -> None:
    try:
        ids = _old_rows(_migrate(BEFORE), world)
        apps = _migrate(AFTER)
        policy = apps.get_model("booking", "Policy").objects.get(pk=ids["policy"])
        assert (
            policy.price_internal_fen,
            policy.price_academic_fen,
            policy.price_industry_fen,
            policy.price_cross_region_fen,
        ) == (12_550, 1, 999_999_999_999, None)
        booking = apps.get_model("booking", "Booking").objects.get(pk=ids["booking"])
        assert (booking.price_per_hour_fen, booking.quoted_fen, booking.charge_fen) == (
            123_456,
            123_456,
            61_728,
        )
        usage = apps.get_model("booking", "UsageLog").objects.get(booking_id=ids["booking"])
        assert usage.income_fen == 61_728
        assert _has_overlap_guard()
        # and back: the yuan columns get the same amounts again
        apps = _migrate(BEFORE)
        booking = apps.get_model("booking", "Booking").objects.get(pk=ids["booking"])
        assert (booking.quoted, booking.charge) == (Decimal("1234.56"), Decimal("617.28"))
        assert _has_overlap_guard()
    finally:
        call_command("migrate", verbosity=0)
    assert _has_overlap_guard()


@pytest.mark.django_db(transaction=True)
def test_a_stored_amount_that_is_not_money_stops_the_migration(world: Any) -> None:
    try:
        ids = _old_rows(_migrate(BEFORE), world)
        bad = "1e30" if connection.vendor == "sqlite" else "'NaN'"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE booking_policy SET price_industry = {bad} WHERE id = %s", [ids["policy"]]
            )
        with pytest.raises(
            RuntimeError, match=f"booking_policy.price_industry of row {ids['policy']}"
        ):
            _migrate(AFTER)
        # the conversion stopped and kept the yuan; once the row is set right it goes through
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE booking_policy SET price_industry = 400 WHERE id = %s", [ids["policy"]]
            )
        apps = _migrate(AFTER)
        policy = apps.get_model("booking", "Policy").objects.get(pk=ids["policy"])
        assert policy.price_industry_fen == 40_000
    finally:
        call_command("migrate", verbosity=0)
    assert _has_overlap_guard()
