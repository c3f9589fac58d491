"""Voucher pages per role: firm (my grants), provider (redemptions at us), programme
officer (programmes, grants, clawbacks) and platform admin (settlement runs)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, NotFound, ValidationFailed, shown
from innofield.core.permissions import is_platform_admin
from innofield.ledger.actions import may_pay
from innofield.ledger.queries import balance
from innofield.registry.models import Organization

from . import actions, queries
from .evidence import candidates
from .forms import ClawbackForm, GrantForm, RedeemForm
from .models import Redemption


def _form_errors(form: Any, exc: InnofieldError) -> None:
    if isinstance(exc, ValidationFailed):
        for e in exc.errors:
            if e.field in form.fields:
                form.add_error(e.field, e.reason)
            else:
                form.add_error(None, f"{_(e.field)}: {e.reason}")
    else:
        form.add_error(None, shown(exc))


def _org(code: str) -> Organization:
    org = Organization.objects.select_related("region").filter(code=code).first()
    if org is None:
        raise ValidationFailed.single("firm", f"no organization {code!r}")
    return org


def home(request: HttpRequest) -> HttpResponse:
    """Open programmes and, for a logged-in user, their grants, redemptions and runs."""
    user = request.user
    context: dict[str, Any] = {"programmes": queries.programmes(user)[:100]}
    if user.is_authenticated:
        context["my_grants"] = queries.grants(user).filter(firm__memberships__user=user)[:50]
        context["at_provider"] = queries.redemptions(user, role="provider")[:50]
        context["as_officer"] = queries.redemptions(user, role="officer")[:50]
        context["credit_lines"] = queries.credit_lines(user)[:50]
        context["is_admin"] = is_platform_admin(user)
    return render(request, "vouchers/home.html", context)


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A programme's terms and budget; officers also see and make grants."""
    try:
        p = queries.programme(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    officer = may_pay(request.user, p.officer_org_id)
    form = GrantForm(request.POST or None) if officer else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            g = actions.grant(
                actor=request.user,
                key=form.cleaned_data["key"],
                programme_id=p.pk,
                firm=_org(form.cleaned_data["firm"]),
                amount=form.cleaned_data["amount"],
            )
        except InnofieldError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Voucher granted."))
            return redirect("voucher-grant", grant_id=g.pk)
    context = {
        "p": p,
        "officer": officer,
        "form": form,
        "budget": balance(p.account.code),
        "granted": balance(p.granted_account.code),
        "grants": queries.grants(request.user, programme_code=p.code)[:200],
    }
    return render(request, "vouchers/programme.html", context)


@login_required
def grant_detail(request: HttpRequest, grant_id: int) -> HttpResponse:
    """A grant with its redemptions and a form to redeem it."""
    g = queries.grants(request.user).filter(pk=grant_id).first()
    if g is None:
        raise Http404(grant_id)
    used = set(
        Redemption.objects.filter(grant__firm_id=g.firm_id).values_list("evidence", flat=True)
    )
    wanted = request.GET.get("evidence", "")  # from a bill: "use a voucher" for it
    form = RedeemForm(
        request.POST or None,
        deliveries=candidates(g.firm_id, used),
        initial={"evidence": wanted, "mode": "direct"} if wanted else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = form.deliveries[data["evidence"]]
        try:
            actions.redeem(
                actor=request.user,
                grant_id=g.pk,
                provider=Organization.objects.get(pk=chosen.provider_id),
                service_kind=chosen.service_kind,
                **data,
            )
        except InnofieldError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Voucher redeemed."))
            return redirect("voucher-grant", grant_id=g.pk)
    officer = may_pay(request.user, g.programme.officer_org_id)
    return render(
        request,
        "vouchers/grant.html",
        {
            "g": g,
            "form": form,
            "officer": officer,
            "clawback_form": ClawbackForm(),
            "redemptions": g.redemptions.select_related("provider").order_by("-id"),
        },
    )


@login_required
@require_POST
def clawback(request: HttpRequest, redemption_id: int) -> HttpResponse:
    """Claw back a redemption (programme officers)."""
    r = queries.redemptions(request.user).filter(pk=redemption_id).first()
    if r is None:
        raise Http404(redemption_id)
    try:
        actions.clawback(
            actor=request.user, redemption_id=r.pk, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Redemption clawed back."))
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    return redirect("voucher-grant", grant_id=r.grant_id)


@login_required
def settlements(request: HttpRequest) -> HttpResponse:
    """Settlement runs between regions (platform admins); POST runs one."""
    if not is_platform_admin(request.user):
        raise Http404("settlements")
    if request.method == "POST":
        batch = actions.settle(actor=request.user)
        messages.success(request, _("Settlement run.") if batch else _("Nothing to settle."))
        return redirect("voucher-settlements")
    return render(
        request,
        "vouchers/settlements.html",
        {
            "batches": queries.settlements(request.user)[:100],
            "open_claims": queries.claims(request.user).filter(batch__isnull=True).count(),
        },
    )
