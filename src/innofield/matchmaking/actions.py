"""State changes of matchmaking: feedback on matches, policy levers, index rebuilds."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from innofield.catalog import queries as catalog_queries
from innofield.core import audit
from innofield.core.errors import NotFound, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin, require

from . import index
from .models import Feedback, Lever
from .queries import CROSS_REGION

LEVERS = {CROSS_REGION: "score added to providers outside the demand's province (0–1)"}


def record_feedback(
    *, actor: Actor, demand_id: int, item_id: int, verdict: str, note: str = ""
) -> Feedback:
    """Store the actor's verdict on a match (members of the demand's organization only)."""
    if verdict not in Feedback.Verdict.values:
        choices = ", ".join(Feedback.Verdict.values)
        raise ValidationFailed.single(
            "verdict",
            gettext("unknown verdict %(verdict)s; one of %(choices)s")
            % {"verdict": repr(verdict), "choices": choices},
        )
    if len(note) > 500:
        raise ValidationFailed.single("note", gettext("must be at most 500 characters"))
    with transaction.atomic():
        demand = catalog_queries.demands(actor).filter(pk=demand_id).first()
        if demand is None:
            raise NotFound(gettext("no demand with id %(id)s") % {"id": demand_id})
        require(actor, "change", demand)
        item = catalog_queries.items(actor).filter(pk=item_id).first()
        if item is None:
            raise NotFound(gettext("no item with id %(id)s") % {"id": item_id})
        row, created = Feedback.objects.update_or_create(
            demand=demand, item=item, user=actor, defaults={"verdict": verdict, "note": note}
        )
        audit.record(
            actor,
            "matchmaking.feedback." + ("create" if created else "update"),
            row,
            {"demand": demand.pk, "item": item.pk, "verdict": verdict},
        )
    return row


def set_lever(*, actor: Actor, name: str, weight: float) -> Lever:
    """Change a policy lever of the matching (platform admins only)."""
    if not is_platform_admin(actor):
        raise PermissionDenied(gettext("only platform admins may change matching levers"))
    if name not in LEVERS:
        raise ValidationFailed.single(
            "name",
            gettext("unknown lever %(name)s; one of %(levers)s")
            % {"name": repr(name), "levers": ", ".join(LEVERS)},
        )
    if not 0.0 <= weight <= 1.0:
        raise ValidationFailed.single("weight", gettext("must lie between 0 and 1"))
    with transaction.atomic():
        lever, _ = Lever.objects.select_for_update().get_or_create(
            name=name, defaults={"description": LEVERS[name]}
        )
        old = lever.weight
        lever.weight = weight
        lever.save()
        audit.record(actor, "matchmaking.lever.set", lever, {"weight": [old, weight]})
    return lever


def rebuild_index(*, actor: Actor, progress: Any = None) -> dict[str, int]:
    """Recompute the missing embeddings and rebuild this process's engines from the database
    (and, with the HNSW vector index, the graph file every process adopts)."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(gettext("only platform admins may rebuild the search index"))
    index.forget()
    counts = {}
    for target in ("item", "demand"):

        def report(done: int, total: int, target: str = target) -> None:
            if progress is not None:
                progress(target, done, total)

        engine = index.build(target, report, save=True)
        counts[f"{target}s_indexed"] = len(engine)
    with transaction.atomic():
        audit.record(
            actor, "matchmaking.index.rebuild", None, counts, object_type="matchmaking.index"
        )
    return counts
