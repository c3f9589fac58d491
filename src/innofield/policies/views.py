"""Web pages of policy supervision: the list, a policy with its measures, targets and
tasks, a new-policy form, and the supervision board. Views parse forms and call actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, NotFound, ValidationFailed
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization, Region

from . import actions, lifecycle, queries
from .forms import MeasureForm, PolicyForm, ReportForm, TargetForm, TaskForm


def _add_errors(form: Any, exc: InnofieldError) -> None:
    if isinstance(exc, ValidationFailed):
        for e in exc.errors:
            form.add_error(e.field if e.field in form.fields else None, e.reason)
    else:
        form.add_error(None, str(exc))


def _issuers(user: Any) -> list[Organization]:
    qs = Organization.objects.filter(type="government").order_by("code")
    return list(
        qs if is_platform_admin(user) else qs.filter(pk__in=organization_ids(user, "govern"))
    )


def policy_list(request: HttpRequest) -> HttpResponse:
    """Policies by region and state, 30 a page."""
    qs = queries.policies(
        request.user,
        region=request.GET.get("region", ""),
        state=request.GET.get("state", ""),
        text=request.GET.get("q", ""),
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    may_create = request.user.is_authenticated and bool(_issuers(request.user))
    return render(
        request,
        "policies/list.html",
        {"page": page, "states": lifecycle.POLICY.states(), "may_create": may_create},
    )


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    """Draft a new policy (officers of a government body)."""
    issuers = _issuers(request.user)
    if not issuers:
        messages.error(request, _("Only officers of a government body draft policies."))
        return redirect("policies")
    form = PolicyForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["issuer"] = Organization.objects.get(code=d["issuer"])
        d["region"] = Region.objects.get(code=d["region"])
        try:
            row = actions.create_policy(actor=request.user, **d)
        except InnofieldError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Policy drafted; add its measures and tasks."))
            return redirect("policy", code=row.code)
    return render(request, "policies/new.html", {"form": form})


def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A policy: measures with targets measured now and tasks; forms for its issuer."""
    try:
        row = queries.policy(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    governs = is_platform_admin(request.user) or row.issuer_id in organization_ids(
        request.user, "govern"
    )
    measures = []
    for m in row.measures.prefetch_related("responsible"):
        targets = [queries.target_progress(t) for t in m.targets.select_related("region")]
        tasks = [(t, actions.describe(t)) for t in m.tasks.select_related("responsible")]
        measures.append({"m": m, "targets": targets, "tasks": tasks})
    context = {
        "p": row,
        "measures": measures,
        "governs": governs,
        "moves": lifecycle.moves("policy", row.state) if governs else (),
        "measure_form": MeasureForm(),
        "target_form": TargetForm(),
        "task_form": TaskForm(),
        "evaluations": list(queries.evaluations(request.user, policy=row.code)[:50]),
    }
    return render(request, "policies/detail.html", context)


@login_required
@require_POST
def policy_act(request: HttpRequest, code: str) -> HttpResponse:
    """Every change from the policy page: a transition, a measure, a target or a task."""
    what = request.POST.get("what", "")
    try:
        if what == "transition":
            actions.transition_policy(
                actor=request.user, code=code, transition=request.POST.get("transition", "")
            )
        elif what in ("measure", "target", "task"):
            form_class: Any = {"measure": MeasureForm, "target": TargetForm, "task": TaskForm}[what]
            form = form_class(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    label = form.fields[field].label if field in form.fields else ""
                    messages.error(request, f"{label}: {' '.join(errors)}")
                return redirect("policy", code=code)
            d = form.cleaned_data
            measure_id = int(request.POST.get("measure", "0") or 0)
            if what == "measure":
                actions.add_measure(
                    actor=request.user,
                    code=code,
                    title=d["title"],
                    description=d["description"],
                    responsible=d["responsible"],
                )
            elif what == "target":
                actions.add_target(
                    actor=request.user,
                    measure_id=measure_id,
                    indicator=d["indicator"],
                    region=Region.objects.get(code=d["region"]),
                    target=d["target"],
                    baseline=d["baseline"],
                    due_on=d["due_on"],
                )
            else:
                actions.add_task(
                    actor=request.user,
                    measure_id=measure_id,
                    title=d["title"],
                    responsible=d["responsible"],
                    deadline=d["deadline"],
                )
        else:
            messages.error(request, _("Unknown change."))
            return redirect("policy", code=code)
    except (InnofieldError, ValueError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("policy", code=code)


def board(request: HttpRequest) -> HttpResponse:
    """The supervision board: tasks by deadline, overdue ones marked, reports in place."""
    overdue = request.GET.get("overdue") == "1"
    qs = queries.board(
        request.user, overdue_only=overdue, organization=request.GET.get("organization", "")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    mine = set(organization_ids(request.user, "change"))
    governs = set(organization_ids(request.user, "govern"))
    rows = []
    for t in page:
        may_report = t.responsible_id in mine or t.measure.policy.issuer_id in governs
        moves = [
            m
            for m in lifecycle.moves("task", t.state)
            if may_report and (m in ("start", "finish") or t.measure.policy.issuer_id in governs)
        ]
        rows.append((t, actions.describe(t), moves))
    return render(
        request,
        "policies/board.html",
        {"page": page, "rows": rows, "overdue": overdue, "form": ReportForm()},
    )


@login_required
@require_POST
def task_act(request: HttpRequest, task_id: int) -> HttpResponse:
    """Start, finish (with evidence), drop or reopen a task from the board."""
    form = ReportForm(request.POST)
    evidence = form.cleaned_data["evidence"] if form.is_valid() else ""
    try:
        actions.transition_task(
            actor=request.user,
            task_id=task_id,
            transition=request.POST.get("transition", ""),
            evidence=evidence,
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Task updated."))
    return redirect(request.POST.get("next") or "policy-board")
