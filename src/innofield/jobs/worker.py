"""Running the worker of whichever backend ``settings.TASKS`` configures."""

from __future__ import annotations

from django.core.management import call_command

from .queue import backend_name
from .registry import run_startup

#: RQ must build jobs with django-tasks-rq's job class to run django-tasks tasks.
RQ_JOB_CLASS = "django_tasks_rq.backend.Job"


def run_worker(
    *, burst: bool = False, queue: str = "default", interval: float = 1.0, fork: bool = True
) -> None:
    """Run jobs until stopped, or with ``burst`` until the queue is empty.

    The database backend polls every ``interval`` seconds (django-tasks-db's ``db_worker``);
    RQ blocks on Redis, forks a work horse per job unless ``fork=False`` (tests run jobs in
    this process) and runs RQ's scheduler, which moves delayed retries onto the queue when
    due (a burst moves those due at its start). The job kinds' start-up functions
    (``registry.on_worker_start``) run first, in this process, so forked work horses
    inherit what they loaded.
    """
    run_startup()
    if backend_name() == "rq":
        options: dict[str, object] = {
            "job_class": RQ_JOB_CLASS,
            "burst": burst,
            "with_scheduler": True,
            "verbosity": 0 if burst else 1,
        }
        if not fork:
            options["worker_class"] = "rq.worker.SimpleWorker"
        call_command("rqworker", queue, **options)
        return
    args = ["--queue-name", queue, "--interval", str(interval), "--no-startup-delay"]
    if burst:
        args.append("--batch")
    call_command("db_worker", *args, verbosity=0 if burst else 1)
