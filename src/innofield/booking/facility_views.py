"""The facility manager's pages: the instruments they run, and per instrument its policy,
blackouts, qualifications and bookings (approve, reject, check in, check out).

Views parse input through :mod:`.forms` and call the actions; the actions decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.catalog.models import Item
from innofield.core.errors import InnofieldError, ValidationFailed, shown
from innofield.core.permissions import restrict

from . import facility_actions, lifecycle
from .actions import CHECK_IN_EARLY_MINUTES
from .forms import BlackoutForm, PolicyForm, QualificationForm
from .models import Blackout, Booking, Qualification
from .terms import policy_of

#: Events a facility manager fires from the bookings table (URL name → lifecycle event).
EVENTS = {
    "approve": "approve",
    "reject": "reject",
    "check-in": "check_in",
    "check-out": "check_out",
    "cancel": "cancel",
}


def possible_events(booking: Booking, now: dt.datetime | None = None) -> list[str]:
    """The page events ``booking`` allows now (only those are offered): by its status, and
    check-in only from :data:`~.actions.CHECK_IN_EARLY_MINUTES` before its start until its
    end."""
    now = now or timezone.now()
    early = booking.start - dt.timedelta(minutes=CHECK_IN_EARLY_MINUTES)
    return [
        name
        for name, event in EVENTS.items()
        if booking.status in lifecycle.TRANSITIONS[event][0]
        and (event != "check_in" or early <= now < booking.end)
    ]


def _managed(request: HttpRequest) -> Any:
    return restrict(Item.objects.filter(kind="instrument"), request.user, "manage")


def _instrument(request: HttpRequest, instrument_id: int) -> Item:
    item = _managed(request).filter(pk=instrument_id).first()
    if item is None:
        raise Http404(_("No instrument %(id)s that you manage.") % {"id": instrument_id})
    return item


def _show_errors(request: HttpRequest, exc: InnofieldError, form: Any = None) -> None:
    if isinstance(exc, ValidationFailed) and form is not None:
        for error in exc.errors:  # next to its field, named by the field's label
            name = error.field.removesuffix("_fen")
            if name in form.fields:
                form.add_error(name, f"{form.fields[name].label}: {error.reason}")
            else:
                form.add_error(None, shown(ValidationFailed([error])))
    else:
        messages.error(request, shown(exc))


@login_required
def managed(request: HttpRequest) -> HttpResponse:
    """The instruments the user manages, with their requests waiting for a decision."""
    items = _managed(request).order_by("title")
    waiting = dict(
        restrict(Booking.objects.filter(status=lifecycle.REQUESTED), request.user, "manage")
        .values_list("instrument_id")
        .annotate(n=Count("id"))
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    rows = [(item, waiting.get(item.pk, 0)) for item in page]
    return render(request, "booking/managed.html", {"page": page, "rows": rows})


@login_required
def manage(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """One instrument: policy form, blackouts, qualifications and its coming bookings."""
    item = _instrument(request, instrument_id)
    policy = policy_of(item)
    policy_form = PolicyForm.for_policy(policy)
    blackout_form = BlackoutForm()
    qualification_form = QualificationForm()
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "policy":
                policy_form = PolicyForm.for_policy(policy, request.POST)
                if policy_form.is_valid():
                    facility_actions.set_policy(
                        actor=request.user, instrument_id=item.pk, data=policy_form.policy_data()
                    )
                    messages.success(request, _("Policy saved."))
                    return redirect("booking-manage", instrument_id=item.pk)
            elif which == "blackout":
                blackout_form = BlackoutForm(request.POST)
                if blackout_form.is_valid():
                    start, end = blackout_form.window(policy.zone)
                    facility_actions.add_blackout(
                        actor=request.user,
                        instrument_id=item.pk,
                        start=start,
                        end=end,
                        kind=blackout_form.cleaned_data["kind"],
                        on_clash=blackout_form.cleaned_data["on_clash"],
                        reason=blackout_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("Window added."))
                    return redirect("booking-manage", instrument_id=item.pk)
            elif which == "qualify":
                qualification_form = QualificationForm(request.POST)
                if qualification_form.is_valid():
                    name = qualification_form.cleaned_data["username"]
                    facility_actions.grant_qualification(
                        actor=request.user, instrument_id=item.pk, username=name
                    )
                    messages.success(request, _("%(user)s is qualified.") % {"user": name})
                    return redirect("booking-manage", instrument_id=item.pk)
        except InnofieldError as exc:
            form = {
                "policy": policy_form,
                "blackout": blackout_form,
                "qualify": qualification_form,
            }.get(which or "")
            _show_errors(request, exc, form)
    now = timezone.now()
    bookings = (
        Booking.objects.filter(instrument=item, end__gte=now - dt.timedelta(days=1))
        .select_related("user", "organization")
        .order_by("start")[:100]
    )
    rows = [(b, possible_events(b, now)) for b in bookings]
    context = {
        "item": item,
        "policy": policy,
        "policy_form": policy_form,
        "blackout_form": blackout_form,
        "qualification_form": qualification_form,
        "blackouts": Blackout.objects.filter(instrument=item, end__gte=now).order_by("start"),
        "qualified": Qualification.objects.filter(instrument=item).select_related("user"),
        "rows": rows,
    }
    return render(request, "booking/manage.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, instrument_id: int, username: str) -> HttpResponse:
    """Take a user's qualification for an instrument away."""
    try:
        facility_actions.revoke_qualification(
            actor=request.user, instrument_id=instrument_id, username=username
        )
        messages.success(request, _("%(user)s is no longer qualified.") % {"user": username})
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    return redirect("booking-manage", instrument_id=instrument_id)
