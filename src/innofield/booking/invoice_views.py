"""Web pages of booking bills: what my organisations owe and are owed for instrument use,
paid on the ledger from the page, with a voucher first where one applies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, shown
from innofield.core.money import format_yuan
from innofield.core.permissions import is_platform_admin, organization_ids

from . import invoicing, lifecycle
from .models import Invoice

SIDES = ("pay", "receive")


@login_required
def bills(request: HttpRequest) -> HttpResponse:
    """Bills my organisations pay (or, ``side=receive``, are paid), 50 a page; open first."""
    side = request.GET.get("side") if request.GET.get("side") in SIDES else "pay"
    status = request.GET.get("status", "")
    if status not in lifecycle.INVOICE_STATES:
        status = ""
    qs = invoicing.visible(request.user)
    if not is_platform_admin(request.user):
        ids = organization_ids(request.user, "view")
        qs = qs.filter(payer_id__in=ids) if side == "pay" else qs.filter(payee_id__in=ids)
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("-id"), 50).get_page(request.GET.get("page"))
    rows = [(i, invoicing.payable_by(request.user, i), _may_waive(request, i)) for i in page]
    return render(
        request,
        "booking/bills.html",
        {
            "rows": rows,
            "page": page,
            "side": side,
            "status": status,
            "states": lifecycle.INVOICE_STATES,
            "count": page.paginator.count,
        },
    )


def _may_waive(request: HttpRequest, invoice: Invoice) -> bool:
    return invoice.status == lifecycle.INVOICE_OPEN and (
        is_platform_admin(request.user)
        or invoice.payee_id in organization_ids(request.user, "manage")
    )


@login_required
@require_POST
def settle(request: HttpRequest, invoice_id: int, move: str) -> HttpResponse:
    """Pay or waive a bill from the bills page."""
    try:
        if move == "pay":
            invoice = invoicing.pay(actor=request.user, invoice_id=invoice_id)
            messages.success(
                request,
                _("Invoice %(id)s paid: %(amount)s from your organisation's account.")
                % {"id": invoice.pk, "amount": format_yuan(invoice.paid_fen)},
            )
        elif move == "waive":
            invoicing.waive(
                actor=request.user,
                invoice_id=invoice_id,
                reason=request.POST.get("reason", "")[:300],
            )
            messages.success(request, _("Invoice %(id)s waived.") % {"id": invoice_id})
        else:
            messages.error(request, _("Unknown action."))
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    return redirect(request.POST.get("next") or "booking-bills")
