"""A running job's heartbeat, and finding jobs whose worker died.

While a job's function runs, a thread touches the job's ``updated`` every
``INNOFIELD_JOBS_HEARTBEAT`` seconds (progress reports touch it too). A job still
``running`` whose heartbeat is much older lost its worker (killed, machine gone):
:func:`requeue_stale` fails that attempt with the reason and retries it while attempts
remain. ``innofield jobs worker`` does this as it starts; ``innofield jobs requeue-stale``
on demand.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from . import actions, lifecycle
from .models import Job


def interval() -> float:
    """Seconds between heartbeats."""
    return float(getattr(settings, "INNOFIELD_JOBS_HEARTBEAT", 30.0))


@contextmanager
def beating(job_id: int) -> Iterator[None]:
    """Keep job ``job_id``'s heartbeat going for the duration of the block."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval()):
                try:
                    Job.objects.filter(pk=job_id, state=lifecycle.RUNNING).update(
                        updated=timezone.now()
                    )
                except DatabaseError:  # busy or briefly unreachable: beat again next time
                    connection.close()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def requeue_stale(*, older_than: float | None = None) -> list[int]:
    """Fail (and retry while attempts remain) running jobs with no heartbeat for
    ``older_than`` seconds (default: four heartbeats); returns their ids."""
    limit = older_than if older_than is not None else 4 * interval()
    cutoff = timezone.now() - dt.timedelta(seconds=limit)
    stale = list(
        Job.objects.filter(state=lifecycle.RUNNING, updated__lt=cutoff).values_list("pk", flat=True)
    )
    for job_id in stale:
        actions.fail(
            job_id, error=f"the worker running it stopped (no heartbeat for {limit:.0f} s)"
        )
    return stale
