"""Refreshing the cache: who may, the audit row, all-or-nothing replacement, CLI and demo."""

from __future__ import annotations

import threading

import pytest
import typer
from django.db import connection, connections
from typer.testing import CliRunner

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.core.models import AuditLog
from innofield.dashboards import commands, demo, queries
from innofield.dashboards.actions import may_refresh, refresh_dashboards
from innofield.dashboards.models import DashboardResult
from innofield.registry.models import Membership
from innofield.stats.models import StatValue


def test_only_platform_admins_and_government_officers_may_refresh(world):
    from django.contrib.auth.models import AnonymousUser

    assert may_refresh(world.admin) and may_refresh(world.officer) and may_refresh(None)
    # an officer role outside a government body does not count
    Membership.objects.filter(user=world.labber).update(role="officer")
    for user in (world.labber, world.firmer, world.rivaler, world.outsider):
        assert not may_refresh(user)
        with pytest.raises(PermissionDenied, match="only platform admins and officers"):
            refresh_dashboards(actor=user)
    with pytest.raises(PermissionDenied, match="log in"):
        refresh_dashboards(actor=AnonymousUser())
    assert not DashboardResult.objects.exists() and not AuditLog.objects.exists()


def test_an_officer_refreshes_and_it_is_audited(provinces):
    counts = refresh_dashboards(actor=provinces.officer)
    assert counts["index_years"] == 11 and counts["results"] == DashboardResult.objects.count()
    log = AuditLog.objects.get(action="dashboards.results.refresh")
    assert log.actor == provinces.officer and log.actor_name == "officer"
    assert log.changes["results"] == counts["results"] and log.changes["replaced"] == 0
    assert log.object_type == "dashboards.dashboardresult"
    assert queries.summary()["index_years"] == list(range(2012, 2023))


@pytest.mark.django_db(transaction=True)
def test_concurrent_refreshes_leave_one_complete_set(provinces):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("shared-cache in-memory SQLite cannot queue writers; set INNOFIELD_TEST_SQLITE")
    counts: list[dict] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def run(actor) -> None:
        try:
            barrier.wait()
            counts.append(refresh_dashboards(actor=actor))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(u,)) for u in (provinces.admin, provinces.officer)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert counts[0] == counts[1] and DashboardResult.objects.count() == counts[0]["results"]
    logs = AuditLog.objects.filter(action="dashboards.results.refresh").order_by("pk")
    assert sorted(log.changes["replaced"] for log in logs) == [0, counts[0]["results"]]
    assert len({r.computed_at for r in DashboardResult.objects.all()}) == 1  # one refresh's set


def test_a_failed_refresh_keeps_the_previous_results(provinces, observatory):
    before = list(DashboardResult.objects.values_list("pk", "computed_at"))
    assert before
    audits = AuditLog.objects.filter(action="dashboards.results.refresh").count()
    # without R&D intensity no year has every indicator: the index cannot be built
    StatValue.objects.filter(indicator__code="v4_ztr_qd_RD").delete()
    with pytest.raises(ValidationFailed, match="year: no year has data") as exc:
        refresh_dashboards(actor=provinces.admin)
    assert exc.value.errors[0].field == "stats"
    assert list(DashboardResult.objects.values_list("pk", "computed_at")) == before
    assert AuditLog.objects.filter(action="dashboards.results.refresh").count() == audits


def test_refresh_without_panels_is_a_clear_error(world):
    with pytest.raises(ValidationFailed, match="statistics panels are not loaded"):
        refresh_dashboards(actor=world.admin)
    assert not DashboardResult.objects.exists() and not AuditLog.objects.exists()


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(commands.refresh)
    app.command("noop")(lambda: None)  # two commands, so the command name is explicit
    return app


def test_cli_refresh(provinces):
    runner = CliRunner()
    result = runner.invoke(_cli(), ["refresh", "--user", "outsider"])
    assert result.exit_code == 1 and "only platform admins and officers" in result.output
    result = runner.invoke(_cli(), ["refresh", "--user", "nobody"])
    assert result.exit_code == 1 and "--user: no user named 'nobody'" in result.output
    assert not DashboardResult.objects.exists()
    result = runner.invoke(_cli(), ["refresh", "--user", "officer"])
    assert result.exit_code == 0, result.output
    assert '"index_years": 11' in result.output.strip().splitlines()[-1]
    assert queries.summary() is not None


def test_demo_hook_refreshes_as_the_system(provinces):
    counts = demo.load_demo(seed=1, progress=None)
    assert counts == {"dashboard_results": DashboardResult.objects.count()}
    assert AuditLog.objects.get(action="dashboards.results.refresh").actor_name == "system"
