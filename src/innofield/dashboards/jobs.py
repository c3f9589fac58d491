"""Job kinds of the dashboards app (found by ``innofield.jobs``): refresh in the background."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from pydantic import Field

from innofield.core.schemas import WriteSchema
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from .actions import refresh_dashboards, require_refresh


@job_kind(
    "dashboards.refresh", label=_("Refresh the observatory dashboards"), allowed=require_refresh
)
def refresh(job: Job) -> dict[str, Any]:
    """Recompute every dashboard as the job's owner (see ``actions.refresh_dashboards``)."""
    job.progress(0, 1, "computing the observatory")
    counts = refresh_dashboards(actor=job.owner)
    job.progress(1, 1, "stored")
    from innofield.jobs.actions import submit

    # the instrument-sharing reports read the same period's data: precompute them next
    warm = submit("booking.warm_reports", actor=None)
    return {**counts, "reports_job": warm.pk}


class UncertaintyParams(WriteSchema):
    """One year's uncertainty analysis of the provincial innovation index."""

    year: int = Field(ge=1990, le=2100)
    runs: int = Field(default=500, ge=20, le=5000)
    seed: int = Field(default=0, ge=0)


@job_kind(
    "dashboards.uncertainty",
    label=_("Uncertainty analysis of the innovation index"),
    allowed=require_refresh,
    params=UncertaintyParams,
)
def uncertainty(job: Job, year: int, runs: int = 500, seed: int = 0) -> dict[str, Any]:
    """Rank bands (median, 5–95 %) of ``year``'s index under ``runs`` perturbed specifications.

    The same analysis as the cached dashboards (``china_uncertainty``) with the run count and
    seed a user chooses; read-only, the result is the job's result.
    """
    from innofield.core.errors import ValidationFailed
    from innofield.observatory.china import build_china_index, china_uncertainty

    from . import queries

    job.progress(0, 3, "reading the statistics panel")
    panel = queries.read_panel()
    job.progress(1, 3, "building the index")
    try:
        built, _long = build_china_index(panel, years=[year])
    except ValueError as exc:
        raise ValidationFailed.single("params.year", str(exc)) from exc
    if year not in built:
        raise ValidationFailed.single("params.year", f"no index can be built for {year}")
    job.progress(2, 3, f"{runs} perturbed runs")
    bands = china_uncertainty(built[year], runs, seed)
    job.progress(3, 3, "done")
    rows = [
        {"unit": str(unit), **{k: float(v) for k, v in row.items()}}
        for unit, row in bands.iterrows()
    ]
    return {"year": year, "runs": runs, "seed": seed, "ranks": rows}
