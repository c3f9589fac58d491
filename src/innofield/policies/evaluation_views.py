"""Web pages of policy evaluations: the form to start one, its results page (progress while
its job runs), report downloads, and the annual regional report. Views parse and call
actions; the reports module renders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, NotFound, ValidationFailed
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Region

from . import evaluation_actions as actions
from . import queries, reports
from .forms import EvaluationForm
from .models import Evaluation


def _add_errors(form: Any, exc: InnofieldError) -> None:
    if isinstance(exc, ValidationFailed):
        for e in exc.errors:
            name = e.field.split(".")[0]
            name = "panel_file" if name == "panel" else name
            form.add_error(name if name in form.fields else None, f"{e.field}: {e.reason}")
    else:
        form.add_error(None, str(exc))


@login_required
def evaluation_create(request: HttpRequest, code: str) -> HttpResponse:
    """Start an evaluation of policy ``code`` (officers of its issuing body)."""
    try:
        policy = queries.policy(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    if not (
        is_platform_admin(request.user)
        or policy.issuer_id in organization_ids(request.user, "govern")
    ):
        messages.error(request, _("Only officers of the issuing body evaluate this policy."))
        return redirect("policy", code=code)
    form = EvaluationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = actions.create_evaluation(
                actor=request.user,
                code=code,
                title=d["title"],
                unit_kind=d["unit_kind"],
                outcome=d["outcome"],
                outcome_label=d["outcome_label"],
                log_outcome=d["log_outcome"],
                design=d["design"],
                control=d["control"],
                treated=d["treated"],
                start=d["start"],
                end=d["end"],
                panel=d["panel_file"],
                source_note=d["source_note"],
            )
        except InnofieldError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Evaluation queued; this page shows its progress."))
            return redirect("policy-evaluation", evaluation_id=row.pk)
    return render(request, "policies/evaluation_new.html", {"form": form, "p": policy})


def _row(request: HttpRequest, evaluation_id: int) -> Evaluation:
    try:
        return queries.evaluation(request.user, evaluation_id)
    except NotFound as exc:
        raise Http404(str(evaluation_id)) from exc


def evaluation_detail(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """An evaluation's results: summary, event-study chart, diagnostics, report downloads;
    while its job runs, its progress (refreshed by htmx)."""
    row = _row(request, evaluation_id)
    governs = is_platform_admin(request.user) or row.policy.issuer_id in organization_ids(
        request.user, "govern"
    )
    context = {
        **reports.evaluation_context(row, translation.get_language() or "en"),
        "governs": governs,
        "poll": 2,
    }
    template = "policies/_evaluation_status.html" if request.GET.get("part") else None
    response = render(request, template or "policies/evaluation.html", context)
    if template and row.state in ("done", "failed"):
        response["HX-Refresh"] = "true"  # the whole page, now with its results
    return response


@login_required
@require_POST
def evaluation_rerun(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Run a failed evaluation again."""
    try:
        actions.rerun_evaluation(actor=request.user, evaluation_id=evaluation_id)
    except InnofieldError as exc:
        messages.error(request, str(exc))
    return redirect("policy-evaluation", evaluation_id=evaluation_id)


def _download(body: bytes, fmt: str, name: str) -> HttpResponse:
    kind = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def evaluation_report(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Download the evaluation report (``?format=pdf|html&lang=zh|en``)."""
    row = _row(request, evaluation_id)
    fmt, lang = request.GET.get("format", "pdf"), request.GET.get("lang", "zh")
    try:
        body = reports.evaluation_report(row, fmt=fmt, lang=lang)
    except InnofieldError as exc:
        messages.error(request, str(exc))
        return redirect("policy-evaluation", evaluation_id=row.pk)
    return _download(body, fmt, f"evaluation-{row.pk}-{lang}")


def annual_report(request: HttpRequest) -> HttpResponse:
    """The annual regional innovation report: a form, and the download it asks for."""
    provinces = Region.objects.filter(level="province").order_by("code")
    region = request.GET.get("region", "")
    year_text = request.GET.get("year", "")
    fmt, lang = request.GET.get("format", ""), request.GET.get("lang", "zh")
    error = ""
    if region and fmt:
        try:
            year = int(year_text)
        except ValueError:
            error = _("year: %(value)s is not a year") % {"value": year_text}
        else:
            try:
                body = reports.annual_report(
                    request.user, region=region, year=year, fmt=fmt, lang=lang
                )
            except InnofieldError as exc:
                error = str(exc)
            else:
                return _download(body, fmt, f"innovation-report-{region}-{year}-{lang}")
    context = {
        "provinces": provinces,
        "region": region,
        "year": year_text or str(dt.date.today().year - 2),
        "error": error,
        "pdf_problem": reports.pdf_problem(),
    }
    return render(request, "policies/annual.html", context, status=422 if error else 200)
