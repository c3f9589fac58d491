"""The observatory's uncertainty analysis as a background job with progress."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.dashboards import queries
from innofield.jobs import actions, runner
from innofield.observatory.china import build_china_index

pytestmark = pytest.mark.django_db(transaction=True)


def test_uncertainty_job_ranks_every_province(provinces: NS) -> None:
    year = max(build_china_index(queries.read_panel())[0])
    with pytest.raises(PermissionDenied):
        actions.submit("dashboards.uncertainty", {"year": year}, actor=provinces.firmer)
    with pytest.raises(ValidationFailed, match="params.runs"):
        actions.submit("dashboards.uncertainty", {"year": year, "runs": 5}, actor=provinces.admin)
    job = actions.submit(
        "dashboards.uncertainty", {"year": year, "runs": 40}, actor=provinces.admin
    )
    seen: list[tuple[int, int | None, str]] = []
    job = runner.run_inline(job.pk, listener=lambda d, t, m: seen.append((d, t, m)))
    assert job.state == "succeeded", job.error
    assert (job.result["year"], job.result["runs"]) == (year, 40)
    ranks = job.result["ranks"]
    assert len(ranks) >= 30
    assert all(r["Q5"] <= r["Median"] <= r["Q95"] for r in ranks)
    assert job.progress_done == job.progress_total == 3
    assert [d for d, _t, _m in seen][-1] == 3
