"""Job kinds of the vouchers app (found by ``innofield.jobs``): settlement between regions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from innofield.core.schemas import WriteSchema
from innofield.jobs.models import Job
from innofield.jobs.registry import job_kind

from . import actions
from .models import Programme


class SettleParams(WriteSchema):
    """Parameters of a settlement job."""

    expire: bool = False


@job_kind("vouchers.settle", label=_("Settle voucher claims between regions"), params=SettleParams)
def settle(job: Job, expire: bool = False) -> dict[str, Any]:
    """Optionally expire grants past their date (one step per programme), then settle."""
    programmes = list(Programme.objects.values_list("pk", flat=True)) if expire else []
    total = len(programmes) + 1
    expired = 0
    for done, programme_id in enumerate(programmes):
        job.progress(done, total, "expiring grants")
        expired += actions.expire_grants(actor=job.owner, programme_id=programme_id)
    job.progress(total - 1, total, "settling")
    batch = actions.settle(actor=job.owner)
    job.progress(total, total, "settled")
    return {
        "expired_grants": expired,
        "batch": batch.pk if batch else None,
        "claims": batch.claims if batch else 0,
        "gross": batch.gross if batch else 0,
        "net": batch.net if batch else [],
    }
