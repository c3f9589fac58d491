"""Alliance pages: list, detail with charter and fees, application, members with
decisions and fees, and the resource pool. Thin: forms in, actions called, errors shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.catalog.models import Item
from innofield.core.errors import InnofieldError, NotFound, ValidationFailed
from innofield.core.permissions import organization_ids
from innofield.registry.models import Organization

from . import actions, queries
from .forms import ApplyForm, FeeForm, PoolForm
from .models import POOL_KINDS, AllianceMembership


def my_orgs(user: Any, action: str = "manage") -> list[tuple[str, str]]:
    """The organisations the user may ``action`` for (code, name)."""
    qs = Organization.objects.filter(pk__in=organization_ids(user, action)).order_by("code")
    return [(o.code, f"{o.code} {o.name_zh}") for o in qs]


def run(request: HttpRequest, call: Callable[[], Any], ok: str, form: Any = None) -> Any:
    """Call an action; on success flash ``ok`` and return its result, else show the error
    (on the form's field where it names one) and return ``None``."""
    try:
        result = call()
    except InnofieldError as exc:
        if form is not None and isinstance(exc, ValidationFailed):
            for e in exc.errors:
                form.add_error(
                    e.field if e.field in form.fields else None, f"{e.field}: {e.reason}"
                )
        messages.error(request, str(exc))
        return None
    messages.success(request, ok)
    return result if result is not None else True


def visible_alliance(request: HttpRequest, code: str) -> Any:
    """The alliance ``code`` if the viewer may see it, else 404."""
    try:
        return queries.alliance(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc


def alliance_list(request: HttpRequest) -> HttpResponse:
    """Alliances of organisations."""
    rows = list(queries.alliances(request.user, request.GET.get("q", "").strip())[:200])
    return render(request, "consortia/alliances.html", {"rows": rows})


def alliance_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An alliance: charter, fees, lead, members and the application form."""
    alliance = visible_alliance(request, code)
    members = [m for m in queries.members(alliance, request.user) if m.state == "member"]
    form = ApplyForm(organizations=my_orgs(request.user)) if request.user.is_authenticated else None
    return render(
        request,
        "consortia/alliance.html",
        {
            "a": alliance,
            "members": members,
            "pool_size": len(queries.pool(alliance)),
            "fees_paid": queries.fees_paid(alliance),
            "form": form,
            "fees": sorted((alliance.fees or {}).items()),
        },
    )


@login_required
@require_POST
def alliance_apply(request: HttpRequest, code: str) -> HttpResponse:
    """Apply to join."""
    form = ApplyForm(request.POST, organizations=my_orgs(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose an organisation you manage and a role."))
        return redirect("consortia-alliance", code=code)
    d = form.cleaned_data
    run(
        request,
        lambda: actions.apply(
            actor=request.user,
            alliance_code=code,
            organization=Organization.objects.get(code=d["organization"]),
            role=d["role"],
            motivation=d["motivation"],
        ),
        _("Application sent; the alliance's lead decides."),
    )
    return redirect("consortia-members", code=code)


def members(request: HttpRequest, code: str) -> HttpResponse:
    """Members and applications, with decisions for the lead and fees for members."""
    alliance = visible_alliance(request, code)
    mine = set(organization_ids(request.user, "manage"))
    payers = set(organization_ids(request.user, "pay"))
    rows = []
    for m in queries.members(alliance, request.user):
        moves: list[str] = []
        if queries.is_lead(request.user, alliance) and m.role != "lead":
            moves = [t for t in ("approve", "reject", "expel") if t in _allowed(m)]
        if m.organization_id in mine and m.role != "lead" and "withdraw" in _allowed(m):
            moves.append("withdraw")
        paid = sorted(m.fees.values_list("year", flat=True))
        can_pay = (
            m.state == "member"
            and alliance.fee_for(m.role) > 0
            and (m.organization_id in payers or request.user.is_superuser)
        )
        rows.append((m, moves, paid, can_pay, alliance.fee_for(m.role)))
    return render(
        request,
        "consortia/members.html",
        {
            "a": alliance,
            "rows": rows,
            "fee_form": FeeForm(initial={"year": timezone.localdate().year}),
        },
    )


def _allowed(m: AllianceMembership) -> tuple[str, ...]:
    from .lifecycle import MEMBERSHIP

    return MEMBERSHIP.allowed(m.state)


@login_required
@require_POST
def membership_act(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Approve, reject, expel or withdraw."""
    row = AllianceMembership.objects.select_related("alliance").filter(pk=membership_id).first()
    if row is None:
        raise Http404(f"no membership {membership_id}")
    move = request.POST.get("transition", "")
    run(
        request,
        lambda: actions.transition_membership(
            actor=request.user, membership_id=membership_id, move=move
        ),
        _("Membership updated."),
    )
    return redirect("consortia-members", code=row.alliance.code)


@login_required
@require_POST
def membership_fee(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Pay a member's yearly fee on the ledger."""
    row = AllianceMembership.objects.select_related("alliance").filter(pk=membership_id).first()
    if row is None:
        raise Http404(f"no membership {membership_id}")
    form = FeeForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: actions.pay_fee(
                actor=request.user, membership_id=membership_id, year=form.cleaned_data["year"]
            ),
            _("Fee paid into the alliance's fund."),
        )
    else:
        messages.error(request, _("Name the year."))
    return redirect("consortia-members", code=row.alliance.code)


def pool(request: HttpRequest, code: str) -> HttpResponse:
    """The shared resource pool, and the form to add your own resources."""
    alliance = visible_alliance(request, code)
    items = [
        (i.pk, f"{i.kind}: {i.title[:80]} ({i.owner.code})")
        for i in Item.objects.filter(
            owner_id__in=organization_ids(request.user, "manage"),
            kind__in=POOL_KINDS,
            status="active",
        ).select_related("owner")[:300]
    ]
    form = PoolForm(request.POST or None, items=items)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("login")
        if form.is_valid():
            d = form.cleaned_data
            done = run(
                request,
                lambda: actions.pool(
                    actor=request.user,
                    alliance_code=code,
                    item_id=d["item"],
                    terms=d["terms"],
                    member_price_fen=d["member_price"],
                ),
                _("Resource pooled for the members."),
                form,
            )
            if done:
                return redirect("consortia-pool", code=code)
    return render(
        request,
        "consortia/pool.html",
        {"a": alliance, "entries": queries.pool(alliance), "form": form if items else None},
    )
