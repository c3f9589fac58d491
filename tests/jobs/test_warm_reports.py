"""The jobs queue precomputes the instrument-sharing reports after a dashboards refresh,
so report pages answer from the cache."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from innofield.jobs import actions
from innofield.jobs.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


def test_warming_fills_the_cache_of_every_view_of_the_report(world: NS, work: Any) -> None:
    from innofield.booking import views
    from innofield.booking.jobs import report_viewers
    from innofield.catalog.models import Item

    Item.objects.create(kind="instrument", title="NMR", owner=world.lab, region=world.nj)
    cache.clear()
    viewers = report_viewers()
    names = [getattr(u, "username", "") for u in viewers]
    assert names[:2] == ["", "admin"] and "labber" in names and "firmer" not in names
    job = actions.submit("booking.warm_reports", actor=None)
    work()
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    assert job.result == {"views": len(viewers), "reports": 4 * 2 * len(viewers)}  # en, zh
    computed = []
    original = views.reports.report
    views.reports.report = lambda *a, **k: computed.append(1) or original(*a, **k)
    try:
        for by in ("region", "organization", "instrument", "month"):
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    assert views.report_figures(world.labber, by)["rows"]
    finally:
        views.reports.report = original
    assert computed == []  # every page came from the cache


def test_a_dashboards_refresh_queues_the_warming(world: NS, work: Any, monkeypatch: Any) -> None:
    from innofield.dashboards import jobs as dashboard_jobs

    monkeypatch.setattr(dashboard_jobs, "refresh_dashboards", lambda actor: {"panels": 0})
    job = actions.submit("dashboards.refresh", actor=world.officer)
    work()
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    warm = Job.objects.get(pk=job.result["reports_job"])
    assert (warm.kind, warm.owner, warm.state) == ("booking.warm_reports", None, "succeeded")
