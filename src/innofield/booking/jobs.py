"""Job kinds of the booking app (found by ``innofield.jobs``): release no-shows."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from .actions import release_no_shows as release


@job_kind("booking.release_no_shows", label=_("Release no-show bookings"))
def release_no_shows(job: Job) -> dict[str, Any]:
    """Release bookings nobody checked into (platform admins or the system)."""
    job.progress(0, 1, "releasing no-shows")
    released = release(actor=job.owner)
    job.progress(1, 1, f"released {len(released)}")
    return {"released": released}
