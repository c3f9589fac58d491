"""Web pages of the booking app: week calendar, booking from a free slot, my bookings,
the approval queue and the sharing reports. Views only call queries and actions."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, shown
from innofield.core.money import format_yuan
from innofield.core.permissions import is_platform_admin, organization_ids

from . import actions, figures, queries, reports
from .facility_views import possible_events
from .forms import BookForm
from .models import Notification
from .terms import policy_of

#: How many of the user's latest notifications "My bookings" shows.
NOTICES_SHOWN = 10


def _monday(text: str | None, zone: ZoneInfo) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else timezone.now().astimezone(zone).date()
    except ValueError:
        day = timezone.now().astimezone(zone).date()
    return day - dt.timedelta(days=day.weekday())


def calendar(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """A week of an instrument: free one-hour slots to book, busy and blacked-out time."""
    item = queries.instrument(request.user, instrument_id)
    monday = _monday(request.GET.get("week"), ZoneInfo(policy_of(item).zone))
    context = queries.week(request.user, item, monday, now=timezone.now())
    template = "booking/_week.html" if getattr(request, "htmx", False) else "booking/calendar.html"
    return render(request, template, context)


@login_required
@require_POST
def book(request: HttpRequest, instrument_id: int) -> HttpResponse:
    """Book a free slot from the calendar."""
    form = BookForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label or field}: {' '.join(str(e) for e in errors)}"
            )
    else:
        try:
            booking = actions.create_booking(
                actor=request.user,
                instrument_id=instrument_id,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                purpose=form.cleaned_data["purpose"],
            )
        except InnofieldError as exc:
            messages.error(request, shown(exc))
        else:
            messages.success(
                request,
                _("Booking %(id)s: %(status)s, quoted %(quoted)s.")
                % {
                    "id": booking.pk,
                    "status": _(booking.status),
                    "quoted": format_yuan(booking.quoted_fen),
                },
            )
    return redirect(f"/instruments/{instrument_id}/calendar/?week={request.POST.get('week', '')}")


def _rows(page: Any, offered: tuple[str, ...]) -> list[tuple[Any, list[str]]]:
    """Each booking with the events it allows now, among those the page ``offered``."""
    now = timezone.now()
    return [(b, [e for e in possible_events(b, now) if e in offered]) for b in page]


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    """The user's own bookings, newest first, 50 a page; only possible actions are offered;
    with the user's latest notifications, said in the page's language."""
    qs = queries.bookings(request.user, mine=True).order_by("-start")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = _rows(page, ("cancel", "check-in", "check-out"))
    notices = Notification.objects.filter(user_id=request.user.pk or 0)[:NOTICES_SHOWN]
    return render(request, "booking/mine.html", {"rows": rows, "page": page, "notices": notices})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Requested bookings waiting for the facility manager's decision, 50 a page."""
    page = Paginator(queries.approval_queue(request.user), 50).get_page(request.GET.get("page"))
    rows = _rows(page, ("approve", "reject"))
    return render(request, "booking/queue.html", {"rows": rows, "page": page})


@login_required
@require_POST
def transition(request: HttpRequest, booking_id: int, event: str) -> HttpResponse:
    """Approve, reject, cancel, check in or check out a booking from a page."""
    calls = {
        "approve": lambda: actions.decide(actor=request.user, booking_id=booking_id, approve=True),
        "reject": lambda: actions.decide(actor=request.user, booking_id=booking_id, approve=False),
        "cancel": lambda: actions.cancel(actor=request.user, booking_id=booking_id),
        "check-in": lambda: actions.check_in(actor=request.user, booking_id=booking_id),
        "check-out": lambda: actions.check_out(actor=request.user, booking_id=booking_id),
    }
    if event not in calls:
        messages.error(request, _("Unknown action."))
    else:
        try:
            booking = calls[event]()
            messages.success(
                request,
                _("Booking %(id)s: %(status)s.") % {"id": booking.pk, "status": _(booking.status)},
            )
        except InnofieldError as exc:
            messages.error(request, shown(exc))
    return redirect(request.POST.get("next") or "booking-mine")


#: How long a computed sharing report is reused (seconds); the page says when it was made.
REPORT_SECONDS = 600

#: The report pages cover this many whole local days, today included.
REPORT_DAYS = 90


#: How long figures precomputed by the jobs queue (``booking.warm_reports``, queued after
#: each dashboards refresh) are reused: until the next refresh, an hour at most.
REPORT_WARM_SECONDS = 3600


def _report_figures(request: HttpRequest, by: str) -> dict[str, Any]:
    """The report's figures for the requesting user (see :func:`report_figures`)."""
    return report_figures(request.user, by)


def report_figures(
    user: Any, by: str, *, seconds: int = REPORT_SECONDS, fresh: bool = False
) -> dict[str, Any]:
    """The report's rows, warnings and chart for the user's view of the data; reused from
    the shared cache for ``seconds``, per view and language (computed from the stored
    per-day figures of :mod:`.figures`, a few hundred milliseconds on the demo; the jobs
    queue also precomputes them: ``fresh`` recomputes and stores whatever the cache holds)."""
    scope = (
        "admin"
        if is_platform_admin(user)
        else ",".join(str(pk) for pk in sorted(organization_ids(user, "view")))
    )
    digest = hashlib.sha256(scope.encode()).hexdigest()[:16]
    # per language too: rows carry names (organizations, regions) in the active language
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"booking:report:{by}:{language}:{digest}"
    cached = None if fresh else cache.get(key)
    if cached is not None:
        return dict(cached)
    now = timezone.now()
    today = now.astimezone(figures.zone()).date()
    start = figures.midnight(today - dt.timedelta(days=REPORT_DAYS - 1))
    end = figures.midnight(today + dt.timedelta(days=1))
    rows, warnings = reports.report(user, start=start, end=end, by=by)
    top = sorted(rows, key=lambda r: -float(r["effective_hours"]))[:30]
    result = {
        "rows": rows,
        "by": by,
        "start": start,
        "end": end,
        "last_day": today,
        "warnings": warnings[:50],
        "computed_at": now,
        "chart": {
            "labels": [str(r["label"]) for r in top],
            "effective": [r["effective_hours"] for r in top],
            "external": [r["external_hours"] for r in top],
        },
    }
    cache.set(key, result, seconds)
    return result


def report(request: HttpRequest) -> HttpResponse:
    """Sharing metrics by region, organization or instrument for the last 90 whole days
    (today included), with a chart; figures are reused for ten minutes (the page says when
    they were computed)."""
    by = request.GET.get("by", "region")
    try:
        figures = _report_figures(request, by)
    except InnofieldError as exc:
        messages.error(request, shown(exc))
        figures = _report_figures(request, "region")
    return render(request, "booking/report.html", {**figures, **_report_page(request, figures)})


#: Columns a report table can be sorted by (``?sort=name`` ascending, ``-name`` descending).
REPORT_SORTS = (
    "label",
    "instruments",
    "effective_hours",
    "external_hours",
    "sharing_rate",
    "booked_hours",
    "available_hours",
    "utilization",
    "income_fen",
)
REPORT_PER_PAGE = 50


def _report_page(request: HttpRequest, figures: dict[str, Any]) -> dict[str, Any]:
    """The report's rows sorted as asked (``?sort=``) and cut into pages of 50 (``?page=``),
    with the count; a month report keeps its date order unless asked otherwise."""
    default = "label" if figures["by"] in ("month", "region") else "-effective_hours"
    sort = request.GET.get("sort") or default
    if sort.lstrip("-") not in REPORT_SORTS:
        sort = default
    name = sort.lstrip("-")

    def key(row: dict[str, Any]) -> tuple[bool, Any]:
        value = row.get(name)
        return (value is None, str(value) if name == "label" else (value or 0))

    rows = sorted(figures["rows"], key=key, reverse=sort.startswith("-"))
    if sort.startswith("-"):  # missing values last either way
        rows = [r for r in rows if r.get(name) is not None] + [
            r for r in rows if r.get(name) is None
        ]
    page = Paginator(rows, REPORT_PER_PAGE).get_page(request.GET.get("page"))
    first = {
        "region": gettext("province"),
        "organization": gettext("organization"),
        "instrument": gettext("instrument"),
        "month": gettext("month"),
    }.get(figures["by"], figures["by"])
    titles = [
        first,
        gettext("instruments"),
        gettext("effective h"),
        gettext("external h"),
        gettext("sharing rate"),
        gettext("booked h"),
        gettext("available h"),
        gettext("utilization"),
        gettext("income"),
    ]
    return {
        "rows": page,
        "page": page,
        "sort": sort,
        "row_count": len(rows),
        "report_columns": list(zip(REPORT_SORTS, titles, strict=True)),
    }
