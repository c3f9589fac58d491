"""Reading jobs, always restricted to what the actor may see."""

from __future__ import annotations

from django.db.models import QuerySet

from innofield.core.errors import NotAuthenticated
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, restrict

from .models import Job


def jobs(actor: Actor, *, kind: str = "", state: str = "") -> QuerySet[Job]:
    """The jobs ``actor`` may see (their own; every job for platform admins), newest first."""
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated("you must log in to see jobs")
    qs = restrict(Job.objects.select_related("owner"), actor, "view")
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs


def own_jobs(actor: Actor) -> QuerySet[Job]:
    """The actor's own jobs (also for platform admins), newest first."""
    return jobs(actor).filter(owner_id=getattr(actor, "pk", None))


def job(actor: Actor, job_id: int) -> Job:
    """One job ``actor`` may see; :class:`NotFound` (404) otherwise, also for others' jobs."""
    found = get_visible(jobs(actor), job_id, "job")
    return found
