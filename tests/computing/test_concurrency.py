"""Two allocation runs at once never reserve more than an offer has, and a job that may
wait is shifted to a later hour when the first is full."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum
from django.utils import timezone

from innofield.computing import actions
from innofield.computing.models import Cluster, ComputeJob, Placement


def _offer_for_one_hour(world, start):
    return actions.publish_offer(
        actor=world.labber,
        provider=world.lab,
        cluster=Cluster.objects.get(code="QY"),
        resource="gpu",
        units_per_hour=100,
        price_fen=500,
        green_pct=50,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )


def _job(world, units, tolerant):
    return actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title=f"job of {units}",
        hardware="gpu",
        units=units,
        data_province="620000",
        residency="province",  # Gansu data: only the Qingyang offer
        deadline=timezone.now() + dt.timedelta(hours=6),
        delay_tolerant=tolerant,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_never_overbook(world):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("in-memory SQLite cannot queue writers")
    actions.sync_reference(actor=None)
    start = actions.horizon_start()
    offer = _offer_for_one_hour(world, start)
    for _ in range(3):
        _job(world, 60, tolerant=False)
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait()
            actions.run_allocation(actor=None, time_limit=2)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    reserved = Placement.objects.filter(offer=offer, active=True).aggregate(u=Sum("units"))["u"]
    assert reserved == 60  # 100 units an hour: only one job of 60 fits, whoever ran first
    assert ComputeJob.objects.filter(state="placed").count() == 1


def test_a_job_that_may_wait_moves_to_a_later_hour(grid):
    world = grid.world
    start = actions.horizon_start()
    first = _offer_for_one_hour(world, start)
    later = _offer_for_one_hour(world, start + dt.timedelta(hours=2))
    urgent = _job(world, 80, tolerant=False)
    patient = _job(world, 80, tolerant=True)
    actions.run_allocation(actor=None, time_limit=2)
    p_urgent = Placement.objects.get(compute_job=urgent, active=True)
    p_patient = Placement.objects.get(compute_job=patient, active=True)
    assert p_urgent.offer == first and p_urgent.window_start == start
    assert p_patient.offer == later and p_patient.window_start == start + dt.timedelta(hours=2)
