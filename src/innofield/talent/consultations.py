"""Expert consultations: an organisation asks a published expert for hours of their time;
the expert accepts with a fee (fen) or declines; the requester completes or cancels.

Each action takes the acting user, runs in one transaction and writes its audit row.
Completing a consultation with a fee pays it on the ledger in the same transaction: one
transfer ``talent:consultation:<id>`` from the requester's account ``ORG-<code>`` to the
account of the expert's organisation at acceptance (opened on first use), through
``ledger.actions.pay`` so only someone who may pay for the requester can complete it.

The requester may instead ``bill`` a delivered consultation (state ``billed``: done, the
fee still due) and ``pay`` it later — or let an innovation voucher pay (part of) it: a
billed or completed paid consultation is voucher evidence ``consultation:<id>`` (see
:mod:`.evidence`), and :func:`voucher_paid` records a redemption's money against it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, NotFound, ValidationFailed, gettext
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import (
    Actor,
    is_platform_admin,
    organization_ids,
    require_member,
)
from innofield.core.schemas import MAX_FEN
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account, Transfer
from innofield.registry.models import Organization

from . import availability
from .actions import require_person
from .lifecycle import CONSULTATION
from .models import Consultation, Profile

EXPERT_MOVES = ("accept", "decline", "waive")
REQUESTER_MOVES = ("complete", "bill", "pay", "cancel")


def request(
    *,
    actor: Actor,
    profile_id: int,
    organization: Organization,
    topic: str,
    wanted_on: dt.date,
    hours: int = 1,
    starts_at: dt.time | None = None,
) -> Consultation:
    """Ask a published expert with an account for ``hours`` of their time on a date,
    from ``starts_at`` (local time in the expert's zone; None: any time that day).

    The request must fit the expert's calendar (:mod:`.availability`): refused naming
    ``profile``, ``wanted_on``, ``starts_at`` or ``hours`` otherwise."""
    require_member(actor, organization, "create")
    problems = []
    if not topic.strip():
        problems.append(("topic", "is required"))
    if not 1 <= hours <= 8:
        problems.append(("hours", "must be 1-8"))
    if wanted_on < timezone.localdate():
        problems.append(("wanted_on", f"{wanted_on.isoformat()} is in the past"))
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    with transaction.atomic():
        profile = (
            Profile.objects.select_for_update().filter(pk=profile_id, state="published").first()
        )
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        if profile.user_id is None:
            raise Conflict("this expert has no platform account to answer requests")
        if starts_at is not None and availability.has_started(profile, wanted_on, starts_at):
            raise ValidationFailed.single(
                "starts_at", gettext("has passed: the consultation would start in the past")
            )
        availability.judge(profile, wanted_on=wanted_on, starts_at=starts_at, hours=hours)
        row = Consultation.objects.create(
            profile=profile,
            organization=organization,
            topic=topic.strip(),
            hours=hours,
            wanted_on=wanted_on,
            starts_at=starts_at,
            requested_by_id=actor.pk if actor is not None else None,
            state=CONSULTATION.start("request"),
        )
        audit.record(actor, "talent.consultation.request", row, after=audit.snapshot(row))
    return row


def transition(
    *, actor: Actor, consultation_id: int, move: str, fee_fen: int | None = None, basis: str = ""
) -> Consultation:
    """``accept`` (with the fee), ``decline`` or ``waive`` (forgive what is due of a billed
    one) — the expert; ``complete`` (paying the fee),
    ``bill`` (delivered, the fee left to pay), ``pay`` (what is due of a billed one) or
    ``cancel`` — the requesting organisation's members."""
    if move not in EXPERT_MOVES + REQUESTER_MOVES:
        raise ValidationFailed.single("transition", f"unknown consultation transition {move!r}")
    if move == "accept" and (fee_fen is None or not 0 <= fee_fen <= MAX_FEN):
        raise ValidationFailed.single("fee_fen", "accepting names the fee in fen (0 or more)")
    with transaction.atomic():
        row = get_visible(
            Consultation.objects.select_for_update(of=("self",)).select_related(
                "profile", "organization"
            ),
            consultation_id,
            "consultation",
        )
        if move in EXPERT_MOVES:
            require_person(actor, row.profile, f"{move} this consultation", basis)
        else:
            require_member(actor, row.organization, "change")
        before = audit.snapshot(row)
        old, row.state = row.state, CONSULTATION.advance(row.state, move)
        if move == "accept":
            Profile.objects.select_for_update().filter(pk=row.profile_id).first()
            availability.judge(
                row.profile,
                wanted_on=row.wanted_on,
                starts_at=row.starts_at,
                hours=row.hours,
                exclude=row.pk,
                capacity_only=True,
            )
            row.fee_fen, row.payee = fee_fen, row.profile.organization
            if fee_fen and row.payee is None:
                raise ValidationFailed.single(
                    "fee_fen",
                    "a fee is paid to your organisation: record your current "
                    "organisation first, or accept without a fee",
                )
        if move == "bill" and not row.fee_fen:
            raise ValidationFailed.single(
                "fee_fen", "a consultation without a fee has nothing to bill: complete it"
            )
        due = row.due_fen
        if move in ("complete", "pay") and due:
            row.transfer_key = _pay(actor, row, due)
            row.paid_fen += due
        row.save(update_fields=["state", "fee_fen", "payee", "transfer_key", "paid_fen"])
        audit.record(
            actor,
            f"talent.consultation.{move}",
            row,
            {"state": [old, row.state]},
            before=before,
            after=audit.snapshot(row),
        )
    return row


def _pay(actor: Actor, row: Consultation, amount: int) -> str:
    """Pay ``amount`` of the fee from the requester's account to the payee's; returns the
    transfer's key."""
    if row.payee is None or not amount:
        return ""
    debit, credit = organization_account(row.organization), organization_account(row.payee)
    if not Account.objects.filter(code=debit).exists():
        raise Conflict(
            f"{row.organization.code} has no ledger account {debit}; open and fund "
            "it before completing a paid consultation"
        )
    ledger_engine.ensure_organization_account(actor, row.payee)
    key = f"talent:consultation:{row.pk}"
    if row.transfer_key:  # paid again after a voucher's share was clawed back
        earlier = Transfer.objects.filter(Q(key=key) | Q(key__startswith=f"{key}:")).count()
        key = f"{key}:{earlier + 1}"
    ledger_actions.pay(
        actor=actor,
        key=key,
        debit=debit,
        credit=credit,
        amount=amount,
        memo=f"expert consultation {row.pk}: {row.topic}"[:500],
    )
    return key


def voucher_paid(
    *, actor: Actor, consultation_id: int, mode: str, subsidy_fen: int, transfers: list[Any]
) -> None:
    """Record a voucher redemption against ``consultation:<id>`` (inside its transaction).

    ``direct``: the voucher paid the expert's organisation, so the consultation must be
    billed with at least the subsidy still due, which it then lowers (a fee paid entirely
    is ``done``). ``reimburse``: the voucher pays the firm back, so the firm must have paid
    at least the subsidy itself. Raises :class:`ValidationFailed` naming ``mode``."""
    row = (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("payee")
        .get(pk=consultation_id)
    )
    if mode != "direct":
        if row.paid_fen < subsidy_fen:
            raise ValidationFailed.single(
                "mode",
                f"the firm paid {format_yuan(row.paid_fen)} of consultation {row.pk}, less than "
                f"the voucher's share {format_yuan(subsidy_fen)}: pay the fee first, or let "
                "the voucher pay the expert's organisation directly (mode direct)",
            )
        return
    if row.state != "billed" or row.due_fen < subsidy_fen:
        raise ValidationFailed.single(
            "mode",
            f"consultation {row.pk} has {format_yuan(row.due_fen)} left to pay, less than the "
            f"voucher's share {format_yuan(subsidy_fen)}; a voucher can only reimburse the "
            "firm for a paid fee (mode reimburse)",
        )
    payee = organization_account(row.payee) if row.payee else ""
    if not any(t.credit.code == payee for t in transfers):
        raise ValidationFailed.single("mode", "the voucher's share did not reach the expert")
    before = audit.snapshot(row)
    row.voucher_fen += subsidy_fen
    changes: dict[str, Any] = {"voucher_fen": subsidy_fen}
    if row.due_fen == 0:
        old, row.state = row.state, CONSULTATION.advance(row.state, "pay")
        changes["state"] = [old, row.state]
    row.save(update_fields=["voucher_fen", "state"])
    audit.record(
        actor,
        "talent.consultation.voucher",
        row,
        changes,
        before=before,
        after=audit.snapshot(row),
    )


def voucher_clawed_back(
    *, actor: Actor, consultation_id: int, mode: str, subsidy_fen: int, transfers: list[Any]
) -> None:
    """Undo a clawed-back voucher redemption against ``consultation:<id>`` (inside the
    clawback's transaction).

    ``direct``: the expert's organisation gave the voucher's share back, so the requester
    owes it again: ``voucher_fen`` drops by the share and a ``done`` consultation is
    reopened (``billed``), payable with ``pay``. ``reimburse``: the requester paid the fee
    and returns the reimbursement; the consultation is unchanged."""
    if mode != "direct":
        return
    row = Consultation.objects.select_for_update(of=("self",)).get(pk=consultation_id)
    before = audit.snapshot(row)
    share = min(subsidy_fen, row.voucher_fen)
    row.voucher_fen -= share
    changes: dict[str, Any] = {"voucher_fen": -share}
    if row.state == "done" and row.due_fen:
        old, row.state = row.state, CONSULTATION.advance(row.state, "reopen")
        changes["state"] = [old, row.state]
    row.save(update_fields=["voucher_fen", "state"])
    audit.record(
        actor,
        "talent.consultation.voucher_clawback",
        row,
        changes,
        before=before,
        after=audit.snapshot(row),
    )


def visible(actor: Actor) -> QuerySet[Consultation]:
    """Consultations the actor asked for (their organisations') or was asked for."""
    qs = Consultation.objects.select_related("profile", "organization")
    if is_platform_admin(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(organization_id__in=organization_ids(actor, "view")) | Q(profile__user_id=actor.pk)
    )


def one(actor: Actor, consultation_id: int) -> Consultation:
    """One visible consultation, or :class:`NotFound`."""
    row = get_visible(visible(actor), consultation_id, "consultation")
    return row


def moves(state: str) -> tuple[str, ...]:
    """The transitions allowed from ``state``."""
    return CONSULTATION.allowed(state)
