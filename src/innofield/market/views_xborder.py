"""Pages of cross-border technology contracts: the terms on the deal page (file, submit)
and the officers' review list ``/market/cross-border/``. Every POST calls one action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, ValidationFailed, shown
from innofield.core.permissions import Actor, is_platform_admin

from . import actions, crossborder, machine, parties, xborder_queries
from .forms import CrossBorderForm
from .models import CrossBorderContract, Deal
from .xborder_actions import FILING_STATES, is_reviewer, refusal_shown


def _labelled(form: CrossBorderForm, exc: ValidationFailed) -> None:
    """Put each field error next to its field (the label names it in the page's language)."""
    for error in exc.errors:
        name = form.field_for(error.field)
        if name is None:
            form.add_error(None, shown(ValidationFailed([error])))
        else:
            form.add_error(name, f"{form.fields[name].label}: {error.reason}")


def deal_context(
    request: HttpRequest, deal: Deal, form: CrossBorderForm | None = None
) -> dict[str, Any]:
    """What the deal page shows of the cross-border terms and which forms it offers."""
    row = CrossBorderContract.objects.filter(deal=deal).first()
    user: Actor = request.user
    manager = is_platform_admin(user) or bool(parties.deal_parties(user, deal, "manage"))
    may_file = manager and deal.state in FILING_STATES and (row is None or row.state == "draft")
    if may_file and form is None:
        initial = {}
        if row is not None:
            initial = {
                name: getattr(row, name)
                for name in CrossBorderForm.base_fields
                if hasattr(row, name)
            }
            initial["amount"] = crossborder.format_amount(row.amount_minor, row.currency).replace(
                ",", ""
            )
            initial["rate_cny_per_unit"] = row.rate_text
            for name in ("rate_date", "signed_on", "valid_until"):
                initial[name] = getattr(row, name).isoformat()
        form = CrossBorderForm(initial=initial)
    return {
        "xb": row,
        "xb_amount": crossborder.format_amount(row.amount_minor, row.currency) if row else "",
        "xb_refusal": refusal_shown(row) if row else "",
        "xb_form": form if may_file else None,
        "xb_may_submit": manager and row is not None and row.state == "draft",
    }


@login_required
@require_POST
def file_terms(request: HttpRequest, deal_id: int) -> HttpResponse:
    """File (or re-file) the cross-border terms of a deal from the deal page."""
    from .views import deal_detail

    form = CrossBorderForm(request.POST)
    data = {name: request.POST.get(name, "") for name in CrossBorderForm.base_fields}
    try:
        actions.file_cross_border(actor=request.user, deal_id=deal_id, data=data)
    except ValidationFailed as exc:
        _labelled(form, exc)
        messages.error(request, _("The cross-border terms were not saved; see the fields marked."))
        return deal_detail(request, deal_id, xb_form=form)
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    else:
        messages.success(request, _("Cross-border terms saved as a draft."))
    return redirect("market-deal", deal_id=deal_id)


def _confirm(request: HttpRequest) -> None:
    if request.POST.get("confirm") != "yes":
        raise ValidationFailed.single("confirm", _("tick the box to confirm"))


@login_required
@require_POST
def contract_act(request: HttpRequest, contract_id: int) -> HttpResponse:
    """Submit a draft (a party) or approve/refuse a referred export (an officer)."""
    act, p = request.POST.get("act", ""), request.POST
    back = p.get("next") or ""
    try:
        if act == "submit":
            row = actions.submit_cross_border(actor=request.user, contract_id=contract_id)
            done = {
                "registered": _("Registered as %(no)s.") % {"no": row.registration_no},
                "under_review": _("Sent to a government officer's review (restricted export)."),
                "refused": _("Refused: %(reason)s") % {"reason": refusal_shown(row)},
            }[row.state]
            (messages.error if row.state == "refused" else messages.success)(request, done)
        elif act in ("approve", "refuse"):
            _confirm(request)
            actions.review_cross_border(
                actor=request.user,
                contract_id=contract_id,
                outcome=act,
                licence_no=p.get("licence_no", ""),
                reason=p.get("reason", ""),
            )
            messages.success(request, _("Approved.") if act == "approve" else _("Refused."))
        else:
            messages.error(request, _("Unknown step."))
    except ValidationFailed as exc:
        labels = {
            "confirm": _("Confirmation"),
            "licence_no": _("Export licence number"),
            "reason": _("Reason"),
        }
        messages.error(
            request,
            "; ".join(
                f"{labels[e.field]}: {e.reason}"
                if e.field in labels
                else shown(ValidationFailed([e]))
                for e in exc.errors
            ),
        )
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    if back == "list":
        return redirect("market-cross-border")
    found = CrossBorderContract.objects.filter(pk=contract_id).first()
    if found is None:
        return redirect("market-cross-border")
    return redirect("market-deal", deal_id=found.deal_id)


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """Cross-border contracts: officers see all and review referred exports; parties see
    their deals' contracts."""
    reviewer = is_reviewer(request.user)
    state = request.GET.get("state", "under_review" if reviewer else "") or None
    direction = request.GET.get("direction") or None
    try:
        qs = xborder_queries.contracts(request.user, state=state, direction=direction)
    except ValidationFailed as exc:
        messages.error(request, shown(exc))
        qs = xborder_queries.contracts(request.user)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [
        (
            r,
            crossborder.format_amount(r.amount_minor, r.currency),
            crossborder.check_export(r.technology_category),
            refusal_shown(r),
        )
        for r in page
    ]
    return render(
        request,
        "market/cross_border_list.html",
        {
            "page": page,
            "rows": rows,
            "reviewer": reviewer,
            "state": state or "",
            "direction": direction or "",
            "states": machine.states("cross_border"),
        },
    )
