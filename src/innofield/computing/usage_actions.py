"""A computing usage's bill after its voucher was clawed back.

A ``direct`` computing voucher pays the provider its share when the job is settled, the
firm the rest (:func:`.actions._settle`). When the programme claws that share back from
the provider, :func:`voucher_clawed_back` (inside the clawback's transaction) moves it
from ``subsidy_fen`` to ``due_fen``: the firm owes it to the provider again, and
:func:`pay_due` pays it from ``ORG-<firm>`` to ``ORG-<provider>`` under the key
``computing:usage:<id>:due``. Each takes the acting user and writes its audit row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, ValidationFailed, gettext
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account

from . import queries
from .models import Usage


def due_key(usage: Usage) -> str:
    """The ledger key of the payment of what a clawback left due on ``usage``."""
    return f"computing:usage:{usage.pk}:due"


def voucher_clawed_back(
    *, actor: Actor, usage_id: int, mode: str, subsidy_fen: int, transfers: list[Any]
) -> None:
    """Undo a clawed-back ``direct`` redemption against ``computing:<usage_id>``: the
    voucher's share is due by the firm again. ``reimburse``: the firm paid in full and
    returns the reimbursement; the usage is unchanged."""
    if mode != "direct":
        return
    usage = Usage.objects.select_for_update().get(pk=usage_id)
    share = min(subsidy_fen, usage.subsidy_fen)
    if not share:
        return
    before = audit.snapshot(usage)
    usage.subsidy_fen -= share
    usage.due_fen += share
    usage.save(update_fields=["subsidy_fen", "due_fen"])
    audit.record(
        actor,
        "computing.usage.voucher_clawback",
        usage,
        {"subsidy_fen": -share, "due_fen": share},
        before=before,
        after=audit.snapshot(usage),
    )


def pay_due(*, actor: Actor, job_id: int) -> Usage:
    """Pay what a voucher clawback left due on the job's usage (someone who may pay for
    the job's organisation); :class:`Conflict` when nothing is due."""
    with transaction.atomic():
        job = queries.job(actor, job_id)
        usage = get_visible(
            Usage.objects.select_for_update().select_related("organization", "provider"),
            job.pk,
            gettext("computing usage"),
            by="compute_job_id",
        )
        if usage.due_fen <= 0:
            raise Conflict(gettext("nothing is due on the usage of this job"))
        before = audit.snapshot(usage)
        due = usage.due_fen
        credit = ledger_engine.ensure_organization_account(actor, usage.provider)
        try:
            transfer = ledger_actions.pay(
                actor=actor,
                key=due_key(usage),
                debit=organization_account(usage.organization),
                credit=credit,
                amount=due,
                memo=f"computing usage {usage.pk}: voucher share clawed back"[:500],
            )
        except ValidationFailed as exc:
            raise ValidationFailed(
                [
                    FieldError(
                        "amount",
                        gettext("%(due)s cannot be paid: %(reason)s")
                        % {"due": format_yuan(due), "reason": e.reason},
                    )
                    for e in exc.errors
                ]
            ) from None
        usage.due_fen = 0
        usage.save(update_fields=["due_fen"])
        audit.record(
            actor,
            "computing.usage.pay_due",
            usage,
            {"paid": due, "transfer": transfer.pk},
            before=before,
            after=audit.snapshot(usage),
        )
    return usage
