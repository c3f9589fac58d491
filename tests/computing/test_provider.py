"""The provider's view of the jobs placed on its own offers (page and API, who may see
it) and the ``innofield computing allocate`` command."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import typer
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from innofield.computing import actions, commands, queries
from innofield.computing.models import AllocationRun, ComputeJob
from innofield.core.errors import NotAuthenticated, PermissionDenied


def _submit(world, title="render farm batch", units=40):
    return actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title=title,
        hardware="gpu",
        units=units,
        data_province="330000",
        deadline=timezone.now() + dt.timedelta(hours=10),
    )


@pytest.fixture
def placed(grid, voucher):
    """Two jobs of the firm on the lab's offers: one settled with the voucher, one placed."""
    world = grid.world
    done = actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title="settled batch",
        hardware="gpu",
        units=40,
        data_province="330000",
        deadline=timezone.now() + dt.timedelta(hours=10),
        voucher=voucher.grant.pk,
    )
    waiting = _submit(world, title="waiting batch", units=20)
    actions.run_allocation(actor=None, started_by=world.firmer, time_limit=2)
    for move in ("accept", "meter", "settle"):
        actions.transition(actor=world.firmer, job_id=done.pk, move=move)
    return grid, done, waiting


def _client(user, lang="en"):
    c = Client(headers={"Accept-Language": lang})
    c.force_login(user)
    c.cookies["django_language"] = lang
    return c


def test_only_members_of_the_provider_see_its_placements(placed):
    grid, done, waiting = placed
    world = grid.world
    rows = list(queries.provider_placements(world.labber, world.lab))
    assert {p.compute_job_id for p in rows} == {done.pk, waiting.pk}
    assert len(queries.provider_placements(world.admin, world.lab)) == 2
    for user in (world.firmer, world.rivaler, world.outsider):
        with pytest.raises(PermissionDenied, match="not a member of organization LAB"):
            queries.provider_placements(user, world.lab)
    with pytest.raises(NotAuthenticated):
        queries.provider_placements(None, world.lab)
    # the customer's own organisation has no offers: nothing placed on it
    assert not queries.provider_placements(world.firmer, world.firm).exists()


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_provider_page_shows_state_placement_usage_and_settlement(placed, lang):
    grid, done, waiting = placed
    c = _client(grid.world.labber, lang)
    offers = c.get("/computing/offers/").content.decode()
    assert "/computing/provider/" in offers  # reachable from the computing navigation
    r = c.get("/computing/provider/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "settled batch" in body and "waiting batch" in body and "FIRM" in body
    assert "Zhongwei" in body or "中卫" in body
    settled_word, not_metered = (
        ("已结算", "尚未计量") if lang == "zh-hans" else ("settled", "not metered yet")
    )
    assert settled_word in body and not_metered in body
    assert "¥360.00" in body  # 40 GPU-hours at 9 yuan, metered and settled
    assert "¥108.00" in body  # the voucher's 30 %
    title = "我的报价上的作业" if lang == "zh-hans" else "Jobs on my offers"
    assert title in body


def test_the_provider_page_refuses_others(placed):
    grid, _, _ = placed
    world = grid.world
    r = _client(world.firmer).get("/computing/provider/")
    assert r.status_code == 200 and "waiting batch" not in r.content.decode()
    assert _client(world.firmer).get("/computing/provider/?org=LAB").status_code == 404
    r = _client(world.outsider).get("/computing/provider/")
    assert r.status_code == 302 and r["Location"].endswith("/computing/offers/")
    assert Client().get("/computing/provider/").status_code == 302  # log in first


def test_the_provider_api_lists_jobs_with_usage(placed, api):
    grid, done, waiting = placed
    world = grid.world
    r = api(world.labber).get("/api/computing/providers/LAB/placements")
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["count"] == 2
    by_job = {row["job"]: row for row in data["items"]}
    assert by_job[done.pk]["state"] == "settled" and by_job[waiting.pk]["state"] == "placed"
    assert by_job[done.pk]["usage"]["amount_fen"] == 36_000
    assert by_job[done.pk]["usage"]["subsidy_fen"] == 10_800
    assert by_job[done.pk]["usage"]["settled_at"] is not None
    assert by_job[waiting.pk]["usage"] is None and by_job[waiting.pk]["cluster"] == "ZW"
    assert api(world.firmer).get("/api/computing/providers/LAB/placements").status_code == 403
    assert api().get("/api/computing/providers/LAB/placements").status_code == 401
    assert api(world.labber).get("/api/computing/providers/NOPE/placements").status_code == 404
    r = api(world.labber).get("/api/computing/providers/LAB/placements?limit=1")
    assert r.json()["count"] == 2 and len(r.json()["items"]) == 1


def _cli():
    root = typer.Typer()
    root.add_typer(commands.app, name="computing")
    return root


def test_cli_allocate_places_the_submitted_jobs(grid):
    world = grid.world
    job = _submit(world)
    result = CliRunner().invoke(
        _cli(), ["computing", "allocate", "--time-limit", "2", "--objective", "cost"]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    run = AllocationRun.objects.get()
    assert out == {"run": run.pk, "jobs": 1, "placed": 1, "status": "optimal"}
    assert run.objective == "cost"
    assert ComputeJob.objects.get(pk=job.pk).state == "placed"


def test_cli_allocate_refuses_bad_options_and_unknown_users(grid):
    runner = CliRunner()
    for args, word in [
        (["--objective", "speed"], "--objective"),
        (["--windows", "0"], "--windows"),
        (["--time-limit", "0"], "--time-limit"),
    ]:
        result = runner.invoke(_cli(), ["computing", "allocate", *args])
        assert result.exit_code == 2 and word in result.output
    result = runner.invoke(_cli(), ["computing", "allocate", "--user", "nobody"])
    assert result.exit_code == 1 and "no user named 'nobody'" in result.output
    # an outsider (no organisation) may not start a run
    result = runner.invoke(_cli(), ["computing", "allocate", "--user", "outsider"])
    assert result.exit_code == 1 and "only members of an organisation" in result.output
    assert not AllocationRun.objects.exists()


def test_cli_allocate_in_the_background_queues_the_job(grid):
    from innofield.jobs.models import Job

    result = CliRunner().invoke(_cli(), ["computing", "allocate", "--background"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    job = Job.objects.get(pk=out["job"])
    assert job.kind == "computing.allocate" and job.state == out["state"]
    assert job.params["time_limit"] == 5.0
