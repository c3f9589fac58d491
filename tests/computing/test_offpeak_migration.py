"""Migration 0005 adds off-peak tariffs to offers and the planned price to placements:
a placement made before it gets its offer's one price back (amount / units), not off-peak;
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("computing", "0004_usage_due")
AFTER = ("computing", "0005_offer_offpeak")


def _migrate(target: tuple[str, str]) -> Any:
    call_command("migrate", *target, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_old_placements_get_their_price_back_and_are_not_off_peak(world: Any) -> None:
    try:
        apps = _migrate(BEFORE)
        start = dt.datetime(2026, 12, 5, 2, tzinfo=dt.UTC)
        # its own hub and cluster: a transactional test before may have flushed the
        # reference rows of migration 0002
        hub = apps.get_model("computing", "Hub").objects.create(
            code="T-HUB", name_zh="测试", name_en="test", role="west"
        )
        cluster = apps.get_model("computing", "Cluster").objects.create(
            code="T-CL",
            hub_id=hub.pk,
            name_zh="测试集群",
            name_en="test cluster",
            provinces=["640000"],
            province="640000",
            site_zh="中卫",
            site_en="Zhongwei",
            lat=37.5,
            lon=105.2,
            pue_target=1.2,
            grid_g_per_kwh=600,
            electricity_fen_per_kwh=30,
        )
        offer = apps.get_model("computing", "Offer").objects.create(
            provider_id=world.lab.pk,
            cluster_id=cluster.pk,
            resource="gpu",
            units_per_hour=100,
            price_fen=1_234,
            starts_at=start,
            ends_at=start + dt.timedelta(days=1),
        )
        job = apps.get_model("computing", "ComputeJob").objects.create(
            organization_id=world.firm.pk,
            title="old job",
            hardware="gpu",
            units=10,
            data_province="330000",
            deadline=start + dt.timedelta(hours=5),
            state="placed",
        )
        run = apps.get_model("computing", "AllocationRun").objects.create(horizon_start=start)
        placement = apps.get_model("computing", "Placement").objects.create(
            run_id=run.pk,
            compute_job_id=job.pk,
            offer_id=offer.pk,
            window_start=start,
            units=10,
            amount_fen=12_340,
            carbon_g=1,
            latency_ms=10.0,
        )
        apps = _migrate(AFTER)
        p = apps.get_model("computing", "Placement").objects.get(pk=placement.pk)
        assert (p.price_fen, p.offpeak, p.amount_fen) == (1_234, False, 12_340)
        o = apps.get_model("computing", "Offer").objects.get(pk=offer.pk)
        assert (o.offpeak_price_fen, o.offpeak_start, o.offpeak_end) == (None, None, None)
    finally:
        call_command("migrate", verbosity=0)
