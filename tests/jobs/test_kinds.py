"""The platform's job kinds, registered from the apps' own ``jobs.py``, run on the queue."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest
from tests.vouchers.conftest import granted, scheme  # noqa: F401  (fixtures)

from innofield.core.models import AuditLog
from innofield.jobs import actions
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_settlement_as_a_job(world: NS, scheme: NS, granted: Any, work: Any) -> None:  # noqa: F811
    from tests.vouchers.conftest import delivered

    from innofield.vouchers import actions as vouchers

    proof = delivered(world.rival, scheme.zju, world.rivaler, 100_000)
    vouchers.redeem(
        actor=world.rivaler,
        key="r",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=100_000,
        service_kind="testing",
        evidence=proof,
        mode="direct",
        today=scheme.today,
    )
    with pytest.raises(Exception, match="only platform admins"):
        actions.submit("vouchers.settle", {"expire": True}, actor=world.officer)
    job = actions.submit("vouchers.settle", {"expire": True}, actor=world.admin)
    work()
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    # the same figures as tests/vouchers/test_commands.py's CLI settlement
    assert job.result["claims"] == 1 and job.result["net"][0]["amount"] == 50_000
    assert (job.progress_done, job.progress_total, job.progress_message) == (2, 2, "settled")
    assert AuditLog.objects.filter(action__startswith="vouchers.", actor=world.admin).exists()


def test_release_no_shows_as_a_job(world: NS, work: Any, api: Any) -> None:
    job = actions.submit("booking.release_no_shows", actor=None)  # the system (CLI)
    work()
    job.refresh_from_db()
    assert (job.state, job.result, job.owner) == ("succeeded", {"released": []}, None)
    seen = api(world.admin).get(f"/api/jobs/{job.pk}").json()
    assert (seen["owner"], seen["state"]) == (None, "succeeded")
    with pytest.raises(Exception, match="only platform admins"):
        actions.submit("booking.release_no_shows", actor=world.firmer)


def test_a_refresh_without_panels_fails_at_once_with_the_reason(world: NS, work: Any) -> None:
    job = actions.submit("dashboards.refresh", actor=world.officer)
    work()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 1), "an InnofieldError is not retried"
    assert (
        job.error == "stats: the statistics panels are not loaded (innofield load demo or "
        "load panels)"
    )


def test_an_unknown_kind_in_the_queue_fails_clearly(world: NS, work: Any) -> None:
    job = actions.submit("tests.count", actor=world.firmer)
    Job.objects.filter(pk=job.pk).update(kind="gone.away")  # e.g. code removed since
    work()
    job.refresh_from_db()
    assert job.state == "failed" and job.error == "no job kind 'gone.away' is registered"
