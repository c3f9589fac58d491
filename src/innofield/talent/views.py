"""Web pages of talent: published profiles, one profile, your own profile with its
consent, talent demands with their matches, the CSV export, and the talent-flow matrix.
Views parse forms and call actions; visibility is decided in :mod:`.queries`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core import csvsafe
from innofield.core.errors import InnofieldError, NotFound
from innofield.core.permissions import is_platform_admin, organization_ids

from . import actions, availability, flows, present, queries
from .consultation_views import my_organizations
from .forms import PARTS, ConsentForm, ConsultationForm, FlowsForm, MoveForm
from .lifecycle import DEMAND


def profile_list(request: HttpRequest) -> HttpResponse:
    """Published profiles (and your own), searchable, 30 a page."""
    qs = queries.profiles(request.user, text=request.GET.get("q", "").strip())
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    rows = [present.profile(p, request.user) for p in page]
    return render(request, "talent/list.html", {"page": page, "rows": rows})


def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    """One profile as you may see it (404 for a private one that is not yours)."""
    try:
        row = queries.profile(request.user, profile_id)
    except NotFound as exc:
        raise Http404(str(profile_id)) from exc
    mine = present.is_person(request.user, row)
    if row.state != "published" and not mine:
        raise Http404(str(profile_id))  # admins act through the API, citing the request
    orgs = my_organizations(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "talent/detail.html",
        {
            "p": present.profile(row, request.user),
            "hours": (
                availability.present(availability.stored(row))
                if availability.may_see(row, request.user)
                else None
            ),
            "row": row,
            "mine": mine,
            "parts": dict(PARTS),
            "form": ConsentForm(initial={"shown": row.shown}),
            "move_form": MoveForm() if mine else None,
            "ask_form": (
                ConsultationForm(organizations=orgs) if orgs and not mine and row.user_id else None
            ),
        },
    )


@login_required
@require_POST
def consent_act(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Give (or change) or withdraw consent from your profile page."""
    try:
        if request.POST.get("what") == "withdraw":
            actions.withdraw_consent(actor=request.user, profile_id=profile_id)
            messages.success(request, _("Consent withdrawn: your profile is private again."))
        else:
            form = ConsentForm(request.POST)
            shown = form.cleaned_data["shown"] if form.is_valid() else []
            actions.give_consent(actor=request.user, profile_id=profile_id, shown=shown)
            messages.success(request, _("Consent recorded: your profile is published."))
    except InnofieldError as exc:
        messages.error(request, str(exc))
    return redirect("talent-profile", profile_id=profile_id)


def export_csv(request: HttpRequest) -> HttpResponse:
    """Published profiles as CSV, each row holding only the parts its person shows
    (formula-like cells neutralised)."""
    cols = [
        "id",
        "name",
        "kind",
        "fields",
        "skills",
        "organization",
        "region",
        "languages",
        "consults_across_regions",
        "bio",
    ]
    rows = []
    for row in queries.profiles(request.user, own=False).order_by("pk"):
        p = present.profile(row, None)
        rows.append(
            {c: ";".join(p[c]) if isinstance(p.get(c), list) else p.get(c, "") for c in cols}
        )
    response = HttpResponse(csvsafe.write(rows, cols), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="talent-profiles.csv"'
    return response


def demand_list(request: HttpRequest) -> HttpResponse:
    """Talent demands you may see."""
    page = Paginator(queries.demands(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "talent/demands.html", {"page": page})


def demand_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A talent demand and the published people matched to it, with why."""
    try:
        row = queries.demand(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    found = [present.match(m, request.user) for m in queries.matches(row)]
    mine = row.organization_id in organization_ids(request.user, "change") or is_platform_admin(
        request.user
    )
    return render(
        request,
        "talent/demand.html",
        {"d": row, "matches": found, "moves": DEMAND.allowed(row.state) if mine else ()},
    )


def flow_matrix(request: HttpRequest) -> HttpResponse:
    """Moves between provinces in a period: the matrix and inflow/outflow per province."""
    form = FlowsForm(request.GET or None)
    end = timezone.localdate()
    start = end.replace(year=end.year - 5)
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if start > end:
        start, end = end, start
    data = flows.flows(start, end)
    rows = [
        {"name": p["name"], "cells": cells}
        for p, cells in zip(data["provinces"], data["matrix"], strict=True)
    ]
    chart = {
        "names": [t["name"] for t in data["totals"]],
        "inflow": [t["inflow"] for t in data["totals"]],
        "outflow": [t["outflow"] for t in data["totals"]],
    }
    return render(
        request, "talent/flows.html", {"data": data, "rows": rows, "form": form, "chart": chart}
    )
