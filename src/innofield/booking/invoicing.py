"""Booking charges on the ledger: every charge becomes an invoice, paid in fen from the
booker's organisation account to the instrument owner's.

* :func:`issue` — called by the charging actions (check-out, late cancellation, no-show)
  inside their transaction: an invoice of the charge, ``open`` (or ``internal`` when the
  booker's organisation owns the instrument: no money moves inside one organisation).
* :func:`pay` — a manager, officer or admin of the booker's organisation pays what is
  due (the amount less what a voucher paid) in one ledger transfer.
* :func:`waive` — the instrument's facility managers forgive what is due.
* :func:`voucher_paid` — the vouchers app reports a redemption against ``booking:<id>``:
  in ``direct`` mode the voucher's share went to the owner and lowers what is due; in
  ``reimburse`` mode the firm must have paid the bill first.
* :func:`voucher_clawed_back` — the vouchers app claws such a ``direct`` share back: it
  leaves the bill, which (reopened if it was paid) has that much due again.

Each :class:`~innofield.booking.models.InvoicePayment` points at the ledger transfer that
brought money to the owner, so the sharing reports read instrument income from the ledger.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innofield.core import audit
from innofield.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, is_platform_admin, organization_ids, require
from innofield.ledger import actions as ledger_actions
from innofield.ledger import engine as ledger_engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account, Transfer

from . import figures, lifecycle
from .lifecycle import INVOICE
from .models import Booking, Invoice, InvoicePayment
from .notices import notify


def issue(*, actor: Actor, booking: Booking, kind: str) -> Invoice | None:
    """Bill ``booking``'s charge (call inside the charging action's transaction); ``None``
    when nothing is charged."""
    amount = booking.charge_fen
    if amount <= 0:
        return None
    payee_id = booking.instrument.owner_id
    internal = booking.organization_id == payee_id
    invoice = Invoice.objects.create(
        booking=booking,
        kind=kind,
        payer_id=booking.organization_id,
        payee_id=payee_id,
        amount_fen=amount,
        status=INVOICE.start("issue_internal" if internal else "issue"),
        settled_at=timezone.now() if internal else None,
        synthetic=booking.synthetic,
    )
    audit.record(actor, "booking.invoice.issue", invoice, audit.snapshot(invoice))
    if not internal:
        notify(
            booking.user_id,
            "booking.invoice",
            booking,
            gettext_noop("Booking %(booking)s: invoice %(invoice)s of %(amount)s to pay."),
            booking=booking.pk,
            invoice=invoice.pk,
            amount=format_yuan(amount),
        )
    return invoice


def _locked(invoice_id: int) -> Invoice:
    invoice = get_visible(
        Invoice.objects.select_for_update().select_related("booking", "payer", "payee"),
        invoice_id,
        "invoice",
    )
    return invoice


def pay(*, actor: Actor, invoice_id: int) -> Invoice:
    """Pay what is due on an open invoice from the payer's account to the payee's."""
    if actor is None or not actor.is_authenticated:
        raise NotAuthenticated(_("you must log in to pay an invoice"))
    with transaction.atomic():
        invoice = _locked(invoice_id)
        if not ledger_actions.may_pay(actor, invoice.payer_id):
            raise PermissionDenied(
                _("only a manager, officer or admin of %(payer)s may pay its invoices")
                % {"payer": invoice.payer.code}
            )
        before = audit.snapshot(invoice)
        old = invoice.status
        invoice.status = INVOICE.advance(old, "pay")
        due = invoice.amount_fen - invoice.voucher_fen - invoice.paid_fen
        if due > 0:
            debit = organization_account(invoice.payer)
            if not Account.objects.filter(code=debit).exists():
                raise ValidationFailed.single(
                    "account",
                    _("%(payer)s has no ledger account %(account)s: open and fund it first")
                    % {"payer": invoice.payer.code, "account": debit},
                )
            credit = ledger_engine.ensure_organization_account(actor, invoice.payee)
            transfer = ledger_actions.pay(
                actor=actor,
                key=_payment_key(invoice),
                debit=debit,
                credit=credit,
                amount=due,
                memo=f"booking {invoice.booking_id}: invoice {invoice.pk}",
                metadata={"invoice": invoice.pk, "booking": invoice.booking_id},
            )
            InvoicePayment.objects.create(
                invoice=invoice,
                transfer=transfer,
                source=InvoicePayment.Source.PAYER,
                amount_fen=due,
            )
            invoice.paid_fen += due
        invoice.settled_at = timezone.now()
        invoice.save(update_fields=["status", "paid_fen", "settled_at"])
        _income_changed(invoice)
        audit.record(
            actor,
            "booking.invoice.pay",
            invoice,
            {"status": [old, invoice.status], "paid_fen": due},
            before=before,
            after=audit.snapshot(invoice),
        )
    return invoice


def _payment_key(invoice: Invoice) -> str:
    """The ledger key of the payer's next payment of ``invoice``: ``booking:invoice:<id>``,
    then ``…:<n>`` for the n-th (a bill reopened by a voucher clawback is paid again)."""
    earlier = invoice.payments.filter(source=InvoicePayment.Source.PAYER).count()
    key = f"booking:invoice:{invoice.pk}"
    return key if not earlier else f"{key}:{earlier + 1}"


def _income_changed(invoice: Invoice) -> None:
    """Recompute the stored report figures of the day the invoice's booking starts."""
    booking = invoice.booking
    figures.refresh(booking.instrument_id, booking.start, booking.start)


def waive(*, actor: Actor, invoice_id: int, reason: str = "") -> Invoice:
    """Forgive what is due on an open invoice (the instrument's facility managers)."""
    with transaction.atomic():
        invoice = _locked(invoice_id)
        require(actor, "manage", invoice)
        before = audit.snapshot(invoice)
        old = invoice.status
        invoice.status = INVOICE.advance(old, "waive")
        invoice.settled_at = timezone.now()
        invoice.save(update_fields=["status", "settled_at"])
        audit.record(
            actor,
            "booking.invoice.waive",
            invoice,
            {"status": [old, invoice.status], "reason": reason[:300]},
            before=before,
            after=audit.snapshot(invoice),
        )
    return invoice


def voucher_paid(
    *, actor: Actor, booking_id: int, mode: str, subsidy_fen: int, transfers: list[Transfer]
) -> None:
    """Record a voucher redemption against ``booking:<booking_id>`` on its invoice.

    ``direct``: the voucher paid the owner; the invoice must be open with at least the
    subsidy due, which it then lowers (an invoice paid entirely by vouchers is paid).
    ``reimburse``: the voucher pays the firm back, so the firm must have paid the bill.
    Raises :class:`ValidationFailed` naming ``mode`` otherwise; a booking billed before
    invoices existed carries no invoice and is left as it is."""
    invoice = (
        Invoice.objects.select_for_update().filter(booking_id=booking_id).select_related("payee")
    ).first()
    if invoice is None:
        return
    if invoice.status == lifecycle.INVOICE_INTERNAL:
        raise ValidationFailed.single(
            "evidence",
            _("booking %(booking)s was used inside its owner: nothing was billed")
            % {"booking": booking_id},
        )
    if mode != "direct":
        if invoice.status != lifecycle.INVOICE_PAID or invoice.paid_fen <= 0:
            raise ValidationFailed.single(
                "mode",
                _(
                    "the firm has not paid invoice %(invoice)s of booking %(booking)s: pay it "
                    "first, or let the voucher pay the provider directly (mode direct)"
                )
                % {"invoice": invoice.pk, "booking": booking_id},
            )
        return
    due = invoice.due_fen
    if due < subsidy_fen:
        raise ValidationFailed.single(
            "mode",
            _(
                "invoice %(invoice)s of booking %(booking)s has %(due)s left to pay, less than "
                "the voucher's share %(share)s; a voucher can only reimburse the firm for a "
                "paid bill (mode reimburse)"
            )
            % {
                "invoice": invoice.pk,
                "booking": booking_id,
                "due": format_yuan(due),
                "share": format_yuan(subsidy_fen),
            },
        )
    payee = organization_account(invoice.payee)
    leg = next((t for t in transfers if t.credit.code == payee), None)
    if leg is None:
        raise ValidationFailed.single("mode", _("the voucher's share did not reach the provider"))
    before = audit.snapshot(invoice)
    InvoicePayment.objects.create(
        invoice=invoice, transfer=leg, source=InvoicePayment.Source.VOUCHER, amount_fen=subsidy_fen
    )
    invoice.voucher_fen += subsidy_fen
    changes: dict[str, Any] = {"voucher_fen": subsidy_fen}
    if invoice.due_fen == 0:
        old = invoice.status
        invoice.status = INVOICE.advance(old, "pay")
        invoice.settled_at = timezone.now()
        changes["status"] = [old, invoice.status]
    invoice.save(update_fields=["voucher_fen", "status", "settled_at"])
    _income_changed(invoice)
    audit.record(
        actor,
        "booking.invoice.voucher",
        invoice,
        changes,
        before=before,
        after=audit.snapshot(invoice),
    )


def voucher_clawed_back(
    *, actor: Actor, booking_id: int, mode: str, subsidy_fen: int, transfers: list[Transfer]
) -> None:
    """Undo a clawed-back voucher redemption against ``booking:<booking_id>`` on its bill
    (inside the clawback's transaction).

    ``direct``: the provider gave the voucher's share back, so the firm owes it again: the
    voucher's payment leaves the bill (its ledger transfer stays, as does the clawback's),
    ``voucher_fen`` drops by the share and a paid bill is reopened with that much due,
    payable through :func:`pay`. A bill the facility waived stays waived: the facility
    forgave the rest, and reopening it would bill the forgiven part again. ``reimburse``:
    the firm paid the bill in full and returns the reimbursement; the bill is unchanged."""
    if mode != "direct":
        return
    invoice = (
        Invoice.objects.select_for_update().filter(booking_id=booking_id).select_related("booking")
    ).first()
    if invoice is None:
        return
    payment = invoice.payments.filter(
        source=InvoicePayment.Source.VOUCHER, transfer_id__in=[t.pk for t in transfers]
    ).first()
    if payment is None:
        return
    before = audit.snapshot(invoice)
    changes: dict[str, Any] = {
        "voucher_fen": -payment.amount_fen,
        "voucher_transfer": payment.transfer_id,
    }
    payment.delete()
    invoice.voucher_fen -= payment.amount_fen
    if invoice.status == lifecycle.INVOICE_PAID:
        old = invoice.status
        invoice.status = INVOICE.advance(old, "reopen")
        invoice.settled_at = None
        changes["status"] = [old, invoice.status]
    invoice.save(update_fields=["voucher_fen", "status", "settled_at"])
    _income_changed(invoice)
    audit.record(
        actor,
        "booking.invoice.voucher_clawback",
        invoice,
        changes,
        before=before,
        after=audit.snapshot(invoice),
    )
    if invoice.due_fen:
        notify(
            invoice.booking.user_id,
            "booking.invoice",
            invoice.booking,
            gettext_noop(
                "Booking %(booking)s: the voucher's share was clawed back; invoice "
                "%(invoice)s has %(amount)s to pay."
            ),
            booking=invoice.booking_id,
            invoice=invoice.pk,
            amount=format_yuan(invoice.due_fen),
        )


def visible(actor: Actor) -> QuerySet[Invoice]:
    """Invoices the actor's organisations pay or are paid (everything for platform admins)."""
    qs = Invoice.objects.select_related("booking__instrument", "payer", "payee")
    if is_platform_admin(actor):
        return qs
    if actor is None or not actor.is_authenticated:
        return qs.none()
    ids = organization_ids(actor, "view")
    return qs.filter(payer_id__in=ids) | qs.filter(payee_id__in=ids)


def one(actor: Actor, invoice_id: int) -> Invoice:
    """One invoice the actor may see, or :class:`NotFound`."""
    invoice = get_visible(visible(actor), invoice_id, "invoice")
    return invoice


def payable_by(actor: Actor, invoice: Invoice) -> bool:
    """True if ``actor`` may pay ``invoice`` now."""
    return invoice.status == lifecycle.INVOICE_OPEN and ledger_actions.may_pay(
        actor, invoice.payer_id
    )


def ledger_income(
    instrument_ids: list[int] | None, start: Any, end: Any
) -> list[tuple[int, Any, int]]:
    """``(instrument, booking start, fen)`` of every posted ledger transfer that paid an
    invoice of a booking starting in ``start``–``end``: the instruments' income (of every
    instrument if ``instrument_ids`` is ``None``)."""
    qs = InvoicePayment.objects.all()
    if instrument_ids is not None:
        qs = qs.filter(invoice__booking__instrument_id__in=instrument_ids)
    return list(
        qs.filter(
            invoice__booking__start__gte=start,
            invoice__booking__start__lt=end,
            transfer__status=Transfer.Status.POSTED,
        ).values_list(
            "invoice__booking__instrument_id", "invoice__booking__start", "transfer__amount"
        )
    )
