"""Web pages of background jobs: "my jobs" with live progress bars, start and cancel.

Views only call queries and actions; a job that is still queued or running re-renders
its own row every few seconds through htmx until it has finished.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, NotFound

from . import actions, queries

#: How often (seconds) the page asks for a running job's row again.
POLL_SECONDS = 2


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("jobs-mine")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The user's own jobs, newest first, each with its progress bar."""
    page = Paginator(queries.own_jobs(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "jobs/mine.html", {"page": page, "poll": POLL_SECONDS})


@login_required
def row(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job's row (the htmx poll target)."""
    try:
        job = queries.job(request.user, job_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    return render(request, "jobs/_job.html", {"job": job, "poll": POLL_SECONDS})


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start a job of the posted ``kind`` (no parameters) and go to "my jobs"."""
    try:
        job = actions.submit(request.POST.get("kind", ""), actor=request.user)
    except InnofieldError as exc:
        messages.error(request, str(exc))
        return _back(request)
    messages.success(request, _("Job %(id)s started.") % {"id": job.pk})
    return redirect("jobs-mine")


@login_required
@require_POST
def cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    """Cancel one of the user's jobs."""
    try:
        queries.job(request.user, job_id)
        actions.cancel(job_id, actor=request.user)
        messages.success(request, _("Job %(id)s cancelled.") % {"id": job_id})
    except InnofieldError as exc:
        messages.error(request, str(exc))
    return redirect("jobs-mine")
