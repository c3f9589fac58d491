"""Our record of a background job: what runs, for whom, how far it got and how it ended."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import models

from . import lifecycle


class JobCancelled(Exception):
    """Raised inside a running job at its next progress report once it has been cancelled."""


class Job(models.Model):
    """One background job: a registered kind run with JSON parameters on the task queue.

    ``state`` moves through :data:`innofield.jobs.lifecycle.TRANSITIONS`; ``progress_*``
    is what the job last reported; ``result`` (JSON) or ``error`` is how it ended;
    ``task_id`` is the id of the task on the queue backend for the latest attempt.
    The owner (the user who submitted it) sees and cancels it; platform admins see all.
    """

    permission_owner = None
    permission_user = "owner"

    STATES = [(s, s) for s in lifecycle.STATES]

    kind = models.CharField(max_length=80, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    organization = models.ForeignKey(
        "registry.Organization", null=True, blank=True, on_delete=models.SET_NULL
    )
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=12, choices=STATES, default=lifecycle.QUEUED)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    task_id = models.CharField(max_length=64, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["owner", "-created"], name="jobs_owner_created")]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} ({self.state})"

    @property
    def percent(self) -> int | None:
        """Progress in whole percent, or ``None`` while the total is unknown."""
        if self.state == lifecycle.SUCCEEDED:
            return 100
        if not self.progress_total:
            return None
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def is_final(self) -> bool:
        """True once the job has succeeded, failed or been cancelled."""
        return lifecycle.is_final(self.state)

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Report progress from inside a running job (its own short transaction).

        Writes are spaced at least ``INNOFIELD_JOBS_PROGRESS_INTERVAL`` seconds apart except
        the first and the last (``done == total``); raises :class:`JobCancelled` if the job
        was cancelled meanwhile, which the runner turns into a clean stop.
        """
        listener: Any = getattr(self, "_listener", None)
        if listener is not None:
            listener(done, total, message)
        now = time.monotonic()
        last = getattr(self, "_last_progress_write", None)
        interval = getattr(settings, "INNOFIELD_JOBS_PROGRESS_INTERVAL", 0.5)
        if last is not None and now - last < interval and done != total:
            return
        self._last_progress_write = now
        from .actions import report_progress

        report_progress(self, done=done, total=total, message=message)
