"""Threads racing through the action for overlapping slots never double-book (both databases)."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
from django.db import connection, connections

from innofield.booking import actions, facility_actions
from innofield.core.errors import Conflict

from .conftest import NOW, at

OVERLAPS = """
    SELECT COUNT(*) FROM booking_booking a JOIN booking_booking b
      ON a.instrument_id = b.instrument_id AND a.id < b.id
     AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end
     WHERE a.status IN ('requested', 'confirmed', 'checked_in', 'completed')
       AND b.status IN ('requested', 'confirmed', 'checked_in', 'completed')
"""


@pytest.mark.django_db(transaction=True)
def test_racing_threads_never_double_book(world):
    from innofield.catalog.models import Item

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite cannot queue writers; set INNOFIELD_TEST_SQLITE")

    inst = Item.objects.create(
        kind="instrument", title="NMR", owner=world.lab, region=world.nj, price_fen=10_000
    )
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={
            "buffer_minutes": 15,
            "min_minutes": 30,
            "max_minutes": 180,
            "granularity_minutes": 30,
        },
    )
    users = [world.rivaler, world.firmer, world.labber, world.rivaler]
    outcomes: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def client(seed: int) -> None:
        rng = random.Random(seed)
        try:
            barrier.wait()
            for _ in range(25):
                start = at(3, 8) + dt.timedelta(minutes=30 * rng.randrange(16))
                end = start + dt.timedelta(minutes=30 * rng.randint(1, 4))
                try:
                    actions.create_booking(
                        actor=users[seed % 4], instrument_id=inst.pk, start=start, end=end, now=NOW
                    )
                    outcomes.append("accepted")
                except Conflict:
                    outcomes.append("conflict")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(outcomes) == 200
    assert outcomes.count("accepted") >= 3 and outcomes.count("conflict") > 100
    with connection.cursor() as cur:
        cur.execute(OVERLAPS)
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT COUNT(*) FROM booking_booking")
        assert cur.fetchone()[0] == outcomes.count("accepted")
