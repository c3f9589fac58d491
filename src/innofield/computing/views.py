"""Web pages of computing: hubs and map, offers, job submission, my jobs with placement
and explanation, allocation runs and the dashboard. Thin: forms in, actions out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, ValidationFailed, shown
from innofield.core.permissions import organization_ids
from innofield.ledger import actions as ledger_actions
from innofield.registry.models import Organization

from . import actions, present, queries, reference, usage_actions
from .forms import JobForm, OfferForm, RunForm, province_choices
from .models import Cluster


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def _orgs(user: Any) -> list[tuple[str, str]]:
    qs = Organization.objects.filter(pk__in=organization_ids(user, "create")).order_by("code")
    return [(o.code, str(o)) for o in qs]


def _form_errors(form: Any, exc: InnofieldError) -> None:
    if isinstance(exc, ValidationFailed):
        for e in exc.errors:
            field = e.field if e.field in form.fields else None
            form.add_error(field, e.reason if field else shown(ValidationFailed([e])))
    else:
        form.add_error(None, shown(exc))


def hubs(request: HttpRequest) -> HttpResponse:
    """The 8 hubs and 10 clusters on the map, with their reference figures and sources."""
    rows = queries.clusters()
    return render(
        request,
        "computing/hubs.html",
        {"rows": rows, "chart": {"clusters": rows, "flows": [], "zh": _zh()}},
    )


def offers(request: HttpRequest) -> HttpResponse:
    """Open offers; members of an organisation publish capacity here."""
    form = None
    providers = _orgs(request.user) if request.user.is_authenticated else []
    zh = _zh()
    clusters = [(c.code, c.name_zh if zh else c.name_en) for c in Cluster.objects.order_by("id")]
    if providers:
        form = OfferForm(request.POST or None, providers=providers, clusters=clusters)
        if request.method == "POST" and form.is_valid():
            d = dict(form.cleaned_data)
            d["provider"] = Organization.objects.get(code=d["provider"])
            d["cluster"] = Cluster.objects.get(code=d["cluster"])
            try:
                actions.publish_offer(actor=request.user, **d)
            except InnofieldError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Offer published."))
                return redirect("computing-offers")
    rows = queries.offers(request.user).order_by("cluster_id", "resource", "price_fen")[:200]
    mine = set(organization_ids(request.user, "change")) if request.user.is_authenticated else set()
    return render(
        request, "computing/offers.html", {"rows": rows, "form": form, "mine": mine, "zh": zh}
    )


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, offer_id: int) -> HttpResponse:
    """Withdraw one of your offers."""
    try:
        actions.withdraw_offer(actor=request.user, offer_id=offer_id)
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    else:
        messages.success(request, _("Offer withdrawn."))
    return redirect("computing-offers")


def _vouchers(user: Any) -> list[tuple[str, str]]:
    from innofield.vouchers.models import Grant

    out = []
    for g in Grant.objects.filter(
        firm_id__in=organization_ids(user, "create"), status="active"
    ).select_related("programme", "firm"):
        kinds = g.programme.service_kinds or []
        if not kinds or "computing" in kinds:
            out.append((str(g.pk), f"{g.programme.name} · {g.firm.code} · #{g.pk}"))
    return out


@login_required
def job_new(request: HttpRequest) -> HttpResponse:
    """Submit a computing job for one of your organisations."""
    orgs = _orgs(request.user)
    if not orgs:
        messages.error(request, _("Only members of an organisation submit computing jobs."))
        return redirect("computing-jobs")
    soon = timezone.localtime() + dt.timedelta(hours=12)
    initial = {"deadline": soon.replace(second=0, microsecond=0)}
    form = JobForm(
        request.POST or None,
        initial=initial,
        organizations=orgs,
        provinces=province_choices(_zh()),
        vouchers=_vouchers(request.user),
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["organization"] = Organization.objects.get(code=d["organization"])
        d["voucher"] = int(d["voucher"]) if d["voucher"] else None
        try:
            row = actions.submit_job(actor=request.user, **d)
        except InnofieldError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Job submitted. It is placed by the next allocation run."))
            return redirect("computing-job", job_id=row.pk)
    return render(request, "computing/job_new.html", {"form": form})


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """Your organisations' jobs with where they were placed."""
    rows = [(j, queries.placement(j)) for j in queries.jobs(request.user)[:200]]
    return render(request, "computing/jobs.html", {"rows": rows, "run_form": RunForm()})


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job: its placement, why there, the greedy baseline's choice, usage, next steps."""
    try:
        job = queries.job(request.user, job_id)
    except InnofieldError as exc:
        raise Http404(str(exc)) from None
    p = queries.placement(job)
    usage = queries.usage(job)
    provinces = reference.provinces()
    origin = provinces.get(job.data_province)
    return render(
        request,
        "computing/job.html",
        {
            "job": job,
            "placement": p,
            "why": p.explanation if p else {},
            "usage": usage,
            "may_pay_due": bool(usage and usage.due_fen)
            and ledger_actions.may_pay(request.user, job.organization_id),
            "moves": actions.user_moves(job.state),
            "origin": origin,
            "zh": _zh(),
        },
    )


@login_required
@require_POST
def job_act(request: HttpRequest, job_id: int) -> HttpResponse:
    """Accept, reject, cancel, meter (simulated) or settle a job from its page."""
    move = request.POST.get("transition", "")
    try:
        actions.transition(actor=request.user, job_id=job_id, move=move)
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    else:
        messages.success(request, _("Done: %(move)s.") % {"move": _(move)})
    return redirect("computing-job", job_id=job_id)


@login_required
@require_POST
def job_pay_due(request: HttpRequest, job_id: int) -> HttpResponse:
    """Pay what a voucher clawback left due on the job's usage, from its page."""
    try:
        usage_actions.pay_due(actor=request.user, job_id=job_id)
    except InnofieldError as exc:
        messages.error(request, shown(exc))
    else:
        messages.success(request, _("Paid what was due."))
    return redirect("computing-job", job_id=job_id)


@login_required
def provider_jobs(request: HttpRequest) -> HttpResponse:
    """The jobs placed on the offers of one of your organisations (``?org=CODE``, default
    the first): state, placement, metered usage and settlement."""
    orgs = queries.provider_organizations(request.user)
    if not orgs:
        messages.error(
            request, _("Only members of a provider organisation see jobs on its offers.")
        )
        return redirect("computing-offers")
    code = request.GET.get("org") or orgs[0].code
    org = next((o for o in orgs if o.code == code), None)
    if org is None:
        raise Http404(_("You are not a member of organisation %(code)s.") % {"code": code})
    placements = queries.provider_placements(request.user, org)
    rows = [present.provider_placement(p) for p in placements[:200]]
    return render(
        request,
        "computing/provider.html",
        {
            "orgs": orgs,
            "org": org,
            "rows": rows,
            "totals": queries.provider_totals(placements),
            "zh": _zh(),
        },
    )


def runs(request: HttpRequest) -> HttpResponse:
    """Allocation runs and their comparison with the greedy baseline; start one."""
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            try:
                job = actions.start_run(actor=request.user, **form.cleaned_data)
            except InnofieldError as exc:
                messages.error(request, shown(exc))
            else:
                messages.success(
                    request,
                    _("Allocation run queued as background job #%(id)s.") % {"id": job.pk},
                )
                return redirect("computing-runs")
    return render(request, "computing/runs.html", {"runs": queries.runs(), "form": form})


def dashboard(request: HttpRequest) -> HttpResponse:
    """East→west flows on the map, utilisation per hub, the comparison with greedy and
    computing vouchers redeemed."""
    data = queries.dashboard()
    for h in data["hubs"]:
        h["cells"] = [h[r] for r in reference.RESOURCES]
    chart = {"clusters": queries.clusters(), "flows": data["flows"], "zh": _zh()}
    return render(request, "computing/dashboard.html", {"d": data, "chart": chart})
