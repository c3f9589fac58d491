"""Job kinds of matchmaking (found by ``innofield.jobs``): rebuild the search index."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from .actions import rebuild_index


@job_kind("matchmaking.index.rebuild", label=_("Rebuild the catalog search index"))
def rebuild(job: Job) -> dict[str, Any]:
    """Embed what is missing and rebuild the engines as the job's owner (platform admins).

    Progress counts the items then the demands embedded; the embeddings land in the database,
    so every web process's engine picks them up when it next builds.
    """
    phases = ("item", "demand")

    def progress(target: str, done: int, total: int) -> None:
        job.progress(done, total, f"embedding {target}s ({phases.index(target) + 1}/2)")

    return rebuild_index(actor=job.owner, progress=progress)
