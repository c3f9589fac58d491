"""Cached results of the observatory dashboards: computed by an action, read by pages and API."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class DashboardResult(models.Model):
    """One computed dashboard payload, e.g. the provincial index of one year.

    ``key`` names the dashboard (``index``, ``ccd``, ``inequality``, ``flows``, ``summary``),
    ``params`` the parameters it was computed for (e.g. ``{"year": 2022}``) and
    ``params_hash`` their canonical SHA-256, so that one row exists per key and parameters.
    ``payload`` is the JSON the pages and the API serve unchanged. Rows are replaced as a
    whole by :func:`innofield.dashboards.actions.refresh_dashboards`.
    """

    key = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    params_hash = models.CharField(max_length=64)
    computed_at = models.DateTimeField()
    payload = models.JSONField()

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["key", "params_hash"]
        constraints = [
            models.UniqueConstraint(fields=["key", "params_hash"], name="one_result_per_key_params")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.params}"
