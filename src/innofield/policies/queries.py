"""Reading policies: lists, one policy with its measures, targets measured now, and the
supervision board of tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from innofield.core.errors import NotFound
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, organization_ids, restrict

from . import lifecycle, metrics
from .models import Evaluation, Policy, Target, Task


def policies(
    actor: Actor, *, region: str = "", state: str = "", text: str = ""
) -> QuerySet[Policy]:
    """Policies ``actor`` may see (in force or ended for all; drafts for their issuers)."""
    qs = restrict(Policy.objects.select_related("issuer", "region"), actor)
    if region:
        qs = qs.filter(metrics.within_code(region, "region"))
    if state:
        qs = qs.filter(state=state)
    if text:
        qs = qs.filter(
            Q(title__icontains=text) | Q(code__icontains=text) | Q(document_number__icontains=text)
        )
    return qs


def policy(actor: Actor, code: str) -> Policy:
    """One visible policy, or :class:`NotFound`."""
    row = policies(actor).filter(code=code).first()
    if row is None:
        raise NotFound(f"no policy {code!r}")
    return row


def target_progress(target: Target, today: dt.date | None = None) -> dict[str, Any]:
    """The target with its indicator measured from the policy's start until today (or the
    due date), and the share of the way from baseline to target reached."""
    today = today or timezone.localdate()
    start = target.measure.policy.effective_from
    value = metrics.measure(target.indicator, target.region, start, min(today, target.due_on))
    base = target.baseline or 0.0
    share = None
    if value is not None and target.target != base:
        share = max(0.0, min(1.0, (value - base) / (target.target - base)))
    return {
        "target": target,
        "label": metrics.label(target.indicator),
        "value": value,
        "share": share,
        "met": value is not None and share == 1.0,
    }


def board(
    actor: Actor,
    *,
    overdue_only: bool = False,
    organization: str = "",
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """Tasks ``actor`` may see — of visible policies, and those their organisations are
    responsible for — earliest deadline first; open ones first."""
    today = today or timezone.localdate()
    visible = restrict(Task.objects.all(), actor).values("pk")
    mine = organization_ids(actor, "view")
    qs = Task.objects.filter(Q(pk__in=visible) | Q(responsible_id__in=mine)).select_related(
        "measure__policy", "responsible"
    )
    if overdue_only:
        qs = qs.filter(state__in=lifecycle.OPEN_TASK_STATES, deadline__lt=today)
    if organization:
        qs = qs.filter(responsible__code=organization)
    return qs.order_by("deadline", "id")


def evaluations(actor: Actor, *, policy: str = "", state: str = "") -> QuerySet[Evaluation]:
    """Evaluations ``actor`` may see: those of visible policies (drafts' for their issuers)."""
    qs = restrict(Evaluation.objects.select_related("policy__issuer", "job"), actor)
    if policy:
        qs = qs.filter(policy__code=policy)
    if state:
        qs = qs.filter(state=state)
    return qs


def evaluation(actor: Actor, evaluation_id: int) -> Evaluation:
    """One visible evaluation, or :class:`NotFound`."""
    return get_visible(evaluations(actor), evaluation_id, "evaluation")
