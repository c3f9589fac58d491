"""Who may start which job, and what the API refuses (no worker needed)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from innofield.jobs import lifecycle
from innofield.jobs.models import Job


@pytest.mark.django_db
def test_kind_rules_and_validation(world: SimpleNamespace, api: Any) -> None:
    firmer = api(world.firmer)
    refused = firmer.post("/api/jobs", {"kind": "tests.admin_only"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "only platform admins may start this kind of job"
    assert api(world.admin).post("/api/jobs", {"kind": "tests.admin_only"}).status_code == 202
    unknown = firmer.post("/api/jobs", {"kind": "no.such"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "kind"
    bad = firmer.post("/api/jobs", {"kind": "tests.count", "params": {"n": "many"}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "params.n"
    extra = firmer.post("/api/jobs", {"kind": "tests.count", "params": {"m": 1}})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "params.m"
    none = firmer.post("/api/jobs", {"kind": "tests.cancels_itself", "params": {"x": 1}})
    assert none.status_code == 422 and none.json()["errors"][0]["field"] == "params"
    cli = firmer.post("/api/jobs", {"kind": "tests.cli_only"})
    assert cli.status_code == 403 and "CLI only" in cli.json()["detail"]
    assert api(None).post("/api/jobs", {"kind": "tests.count"}).status_code == 401
    unknown_field = firmer.post("/api/jobs", {"kind": "tests.count", "owner": "admin"})
    assert unknown_field.status_code == 422
    assert Job.objects.count() == 1


@pytest.mark.django_db
def test_dashboards_refresh_needs_an_officer(world: SimpleNamespace, api: Any) -> None:
    refused = api(world.firmer).post("/api/jobs", {"kind": "dashboards.refresh"})
    assert refused.status_code == 403 and "officers" in refused.json()["detail"]
    assert api(world.officer).post("/api/jobs", {"kind": "dashboards.refresh"}).status_code == 202
    kinds = {k["name"] for k in api(world.firmer).get("/api/jobs/kinds").json()}
    assert {"dashboards.refresh", "booking.release_no_shows", "vouchers.settle"} <= kinds
    assert "tests.cli_only" not in kinds


def test_lifecycle_table() -> None:
    assert lifecycle.next_state("queued", "start") == "running"
    assert lifecycle.next_state("running", "retry") == "queued"
    for final in lifecycle.FINAL:
        for event in lifecycle.TRANSITIONS:
            with pytest.raises(Exception, match="cannot"):
                lifecycle.next_state(final, event)


@pytest.mark.django_db
def test_only_the_owner_and_admins_see_and_cancel(world: SimpleNamespace) -> None:
    from django.contrib.auth import get_user_model

    from innofield.core.errors import PermissionDenied
    from innofield.jobs import actions, queries
    from innofield.registry.models import Membership

    colleague = get_user_model().objects.create_user("colleague", password="x")
    Membership.objects.create(user=colleague, organization=world.firm, role="manager")
    job = actions.submit("tests.count", actor=world.firmer, background=False)
    assert job.organization == world.firm
    assert list(queries.jobs(world.firmer)) == [job]
    assert list(queries.jobs(colleague)) == []  # same organization, not the owner
    assert list(queries.jobs(world.admin)) == [job]
    with pytest.raises(PermissionDenied, match="only its owner or platform admins may change"):
        actions.cancel(job.pk, actor=colleague)
    assert actions.cancel(job.pk, actor=world.admin).state == "cancelled"
