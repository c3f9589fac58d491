"""Web pages that change a profile or its consultations: creating your profile,
recording a move, asking an expert for a consultation, and answering or closing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, ValidationFailed
from innofield.core.permissions import organization_ids
from innofield.registry.models import Organization, Region

from . import actions, availability, calendar, consultations
from .forms import AcceptForm, AvailabilityForm, ConsultationForm, MoveForm, ProfileForm
from .models import Profile


def my_organizations(user: Any) -> list[tuple[str, str]]:
    """The organisations the user may ask consultations for (code, name)."""
    qs = Organization.objects.filter(pk__in=organization_ids(user, "create")).order_by("code")
    return [(o.code, str(o)) for o in qs]


def _lookup(model: Any, code: str, form: Any, field: str) -> Any:
    if not code:
        return None
    row = model.objects.filter(code=code).first()
    if row is None:
        form.add_error(field, _("Unknown code %(code)s.") % {"code": code})
    return row


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    """Your profile; without one, the form to create it (private until you consent)."""
    row = Profile.objects.filter(user_id=request.user.pk or 0).first()
    if row is not None:
        return redirect("talent-profile", profile_id=row.pk)
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["fields"] = d.pop("work_fields")
        d["organization"] = _lookup(Organization, d["organization"], form, "organization")
        d["region"] = _lookup(Region, d["region"], form, "region")
        if not form.errors:
            try:
                row = actions.create_profile(actor=request.user, **d)
            except InnofieldError as exc:
                if isinstance(exc, ValidationFailed):
                    for e in exc.errors:
                        form.add_error(e.field if e.field in form.fields else None, e.reason)
                else:
                    form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Profile created. It is private until you consent to publication.")
                )
                return redirect("talent-profile", profile_id=row.pk)
    return render(request, "talent/new.html", {"form": form})


def _availability_initial(row: Any) -> dict[str, Any]:
    if row is None:
        return {}
    shown = availability.present(row)
    return {
        "accepts_requests": row.accepts_requests,
        "zone": row.zone,
        "weekly": "\n".join(
            f"{calendar.DAY_NAMES[w['day']]} {w['start']}-{w['end']}" for w in shown["weekly"]
        ),
        "max_hours_day": row.max_hours_day,
        "max_hours_week": row.max_hours_week,
        "days_off": "\n".join(row.days_off),
    }


def _dates(text: str) -> list[dt.date]:
    out = []
    for n, line in enumerate(text.split(), start=1):
        try:
            out.append(dt.date.fromisoformat(line.strip()))
        except ValueError:
            raise ValidationFailed.single(
                "days_off", _("line %(n)s: write a date like 2026-10-01") % {"n": n}
            ) from None
    return out


@login_required
def my_availability(request: HttpRequest) -> HttpResponse:
    """Your consultation calendar: weekly hours, daily and weekly maxima, days off."""
    row = Profile.objects.filter(user_id=request.user.pk or 0).first()
    if row is None:
        return redirect("talent-me")
    stored = availability.stored(row)
    form = AvailabilityForm(request.POST or None, initial=_availability_initial(stored))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            availability.set_availability(
                actor=request.user,
                profile_id=row.pk,
                accepts_requests=d["accepts_requests"],
                zone=d["zone"],
                weekly=calendar.parse_weekly(d["weekly"]),
                max_hours_day=d["max_hours_day"],
                max_hours_week=d["max_hours_week"],
                days_off=_dates(d["days_off"]),
            )
        except InnofieldError as exc:
            errors = exc.errors if isinstance(exc, ValidationFailed) else []
            for e in errors:
                name = e.field.split(".")[0]
                form.add_error(name if name in form.fields else None, e.reason)
            if not errors:
                form.add_error(None, str(exc))
        else:
            messages.success(request, _("Consultation hours saved."))
            return redirect("talent-profile", profile_id=row.pk)
    return render(request, "talent/availability.html", {"form": form, "row": row})


@login_required
@require_POST
def move_act(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Record a move from your profile page."""
    form = MoveForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        region = Region.objects.filter(code=d["to_region"]).first()
        org = (
            Organization.objects.filter(code=d["to_organization"]).first()
            if d["to_organization"]
            else None
        )
        try:
            if region is None or (d["to_organization"] and org is None):
                raise ValidationFailed.single("to_region", _("unknown region or organisation"))
            actions.record_move(
                actor=request.user,
                profile_id=profile_id,
                to_region=region,
                to_organization=org,
                moved_on=d["moved_on"],
            )
        except InnofieldError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Move recorded."))
    else:
        messages.error(request, _("Check the move: region and date are required."))
    return redirect("talent-profile", profile_id=profile_id)


@login_required
@require_POST
def ask(request: HttpRequest, profile_id: int) -> HttpResponse:
    """Ask a published expert for a consultation from their profile page."""
    form = ConsultationForm(request.POST, organizations=my_organizations(request.user))
    if not form.is_valid():
        messages.error(request, _("Check the request: organisation, topic, date, 1-8 hours."))
        return redirect("talent-profile", profile_id=profile_id)
    d = form.cleaned_data
    try:
        consultations.request(
            actor=request.user,
            profile_id=profile_id,
            organization=Organization.objects.get(code=d["organization"]),
            topic=d["topic"],
            wanted_on=d["wanted_on"],
            hours=d["hours"],
            starts_at=d["starts_at"],
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Consultation requested."))
    return redirect("talent-consultations")


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """Consultations asked of you or by your organisations, with what you may do next."""
    rows = []
    for c in consultations.visible(request.user)[:200]:
        expert = c.profile.user_id == request.user.pk
        moves = [
            m
            for m in consultations.moves(c.state)
            if (m in consultations.EXPERT_MOVES and expert)
            or (m in consultations.REQUESTER_MOVES and not expert)
        ]
        rows.append((c, moves))
    mine = set(organization_ids(request.user, "view"))
    return render(
        request,
        "talent/consultations.html",
        {"rows": rows, "form": AcceptForm(), "mine": mine},
    )


@login_required
@require_POST
def consultation_act(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """Accept (with the fee), decline, complete or cancel a consultation."""
    move = request.POST.get("transition", "")
    fee = None
    if move == "accept":
        form = AcceptForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Name the fee in yuan to accept."))
            return redirect("talent-consultations")
        fee = form.cleaned_data["fee"]
    try:
        consultations.transition(
            actor=request.user, consultation_id=consultation_id, move=move, fee_fen=fee
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Consultation updated."))
    return redirect("talent-consultations")
