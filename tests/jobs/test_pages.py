"""The "my jobs" page: a progress bar per job that polls through htmx until it finishes."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.test import Client

from innofield.jobs import actions


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_my_jobs_shows_the_progress_bar(world: NS) -> None:
    job = actions.submit("tests.count", {"n": 4}, actor=world.firmer, background=False)
    running = actions.start(job.pk)
    assert running is not None
    running.progress(2, 4, "step 3")
    page = _client(world.firmer).get("/jobs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'id="job-{job.pk}"' in html
    assert '<progress max="100" value="50"' in html and "step 3" in html
    assert f'hx-get="/jobs/{job.pk}/row/"' in html and 'hx-trigger="every 2s"' in html
    assert "vendor/htmx-2.0.11.min.js" in html
    row = _client(world.firmer).get(f"/jobs/{job.pk}/row/")
    assert row.status_code == 200 and 'value="50"' in row.content.decode()

    other = _client(world.rivaler)
    assert f'id="job-{job.pk}"' not in other.get("/jobs/").content.decode()
    assert other.get(f"/jobs/{job.pk}/row/").status_code == 404
    assert Client().get("/jobs/").status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_finished_row_stops_polling_and_shows_the_outcome(world: NS) -> None:
    job = actions.submit("tests.count", actor=world.firmer, background=False)
    actions.start(job.pk)
    actions.fail(job.pk, error="RuntimeError: the disk is full", retry=False)
    html = _client(world.firmer).get(f"/jobs/{job.pk}/row/").content.decode()
    assert "hx-get" not in html and "RuntimeError: the disk is full" in html


@pytest.mark.django_db
def test_my_jobs_in_chinese(world: NS) -> None:
    actions.submit("tests.count", actor=world.firmer, background=False)
    client = _client(world.firmer)
    html = client.get("/jobs/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "我的任务" in html and "排队中" in html


@pytest.mark.django_db
def test_start_and_cancel_from_the_page(world: NS) -> None:
    client = _client(world.officer)
    started = client.post("/jobs/start/", {"kind": "dashboards.refresh"})
    assert started.status_code == 302 and started["Location"] == "/jobs/"
    from innofield.jobs.models import Job

    job = Job.objects.get(owner=world.officer)
    assert job.kind == "dashboards.refresh" and job.state == "queued"
    client.post(f"/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.state == "cancelled"
    refused = _client(world.firmer).post(
        "/jobs/start/", {"kind": "dashboards.refresh"}, follow=True
    )
    assert "officers of a government organization" in refused.content.decode()
    assert not Job.objects.filter(owner=world.firmer).exists()


@pytest.mark.django_db
def test_observatory_offers_a_background_refresh_to_those_allowed(world: NS) -> None:
    button = "Refresh in the background"
    assert button in _client(world.officer).get("/observatory/").content.decode()
    assert button not in _client(world.firmer).get("/observatory/").content.decode()
    assert button not in Client().get("/observatory/").content.decode()
