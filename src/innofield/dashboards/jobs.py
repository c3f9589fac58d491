"""Job kinds of the dashboards app (found by ``innofield.jobs``): refresh in the background."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

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
