"""The admin lists jobs read-only."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest
from django.test import Client

from innofield.jobs import actions


@pytest.mark.django_db
def test_admin_lists_jobs_read_only(world: NS) -> None:
    job = actions.submit("tests.count", actor=world.firmer, background=False)
    client = Client()
    client.force_login(world.admin)
    listing = client.get("/admin/jobs/job/")
    assert listing.status_code == 200 and "tests.count" in listing.content.decode()
    assert client.get("/admin/jobs/job/add/").status_code == 403
    page = client.get(f"/admin/jobs/job/{job.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
