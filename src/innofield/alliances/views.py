"""Web pages of governed data sharing: datasets with their policies, a dataset's page
(request access, download, aggregate; for the holder: policy, data, decisions and the
access log), and the user's agreements. Views parse forms and call actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, ValidationFailed
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization

from . import actions, queries, release
from .forms import AggregateForm, DataPolicyForm, RequestForm, TableForm
from .lifecycle import AGREEMENT, HOLDER_MOVES, REQUESTER_MOVES


def _errors(request: HttpRequest, form: Any, exc: InnofieldError) -> None:
    if isinstance(exc, ValidationFailed) and form is not None and form.is_bound:
        for e in exc.errors:
            form.add_error(e.field if e.field in form.fields else None, e.reason)
    else:
        messages.error(request, str(exc))


def dataset_list(request: HttpRequest) -> HttpResponse:
    """Datasets offered on the platform with the terms they are shared on."""
    page = Paginator(queries.datasets(request.user).order_by("title"), 30).get_page(
        request.GET.get("page")
    )
    rows = [(item, actions.policy_of(item)) for item in page]
    return render(request, "alliances/datasets.html", {"page": page, "rows": rows})


def dataset_detail(request: HttpRequest, dataset_id: int) -> HttpResponse:
    """A dataset: its policy, what the user may do with it, and the holder's tools."""
    item = queries.datasets(request.user).filter(pk=dataset_id).first()
    if item is None:
        raise Http404(dataset_id)
    policy = actions.policy_of(item)
    mine = organization_ids(request.user, "view")
    holder = is_platform_admin(request.user) or item.owner_id in mine
    orgs = [
        o
        for o in Organization.objects.filter(pk__in=organization_ids(request.user, "create"))
        if o.pk != item.owner_id
    ]
    policy_form = DataPolicyForm.for_policy(policy)
    request_form = RequestForm(organizations=orgs)
    aggregate_form = AggregateForm(request.GET if "group_by" in request.GET else None)
    result = None
    if request.method == "POST" and request.user.is_authenticated:
        what = request.POST.get("what")
        try:
            if what == "policy" and holder:
                policy_form = DataPolicyForm.for_policy(policy, request.POST)
                if policy_form.is_valid():
                    actions.set_policy(
                        actor=request.user, dataset_id=item.pk, data=policy_form.policy_data()
                    )
                    messages.success(request, _("Usage policy saved."))
                    return redirect("dataset", dataset_id=item.pk)
            elif what == "table" and holder:
                table_form = TableForm(request.POST, request.FILES)
                if table_form.is_valid():
                    text = table_form.cleaned_data["file"].read().decode("utf-8-sig")
                    table = actions.load_table(
                        actor=request.user, dataset_id=item.pk, csv_text=text
                    )
                    messages.success(request, _("%(n)s rows loaded.") % {"n": len(table.rows)})
                    return redirect("dataset", dataset_id=item.pk)
            elif what == "request":
                request_form = RequestForm(request.POST, organizations=orgs)
                if request_form.is_valid():
                    d = request_form.cleaned_data
                    actions.request_access(
                        actor=request.user,
                        dataset_id=item.pk,
                        organization=Organization.objects.get(code=d["organization"]),
                        purpose=d["purpose"],
                        days=d["days"],
                    )
                    messages.success(request, _("Request sent to the holder."))
                    return redirect("dataset", dataset_id=item.pk)
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text."))
        except InnofieldError as exc:
            _errors(request, {"policy": policy_form, "request": request_form}.get(what or ""), exc)
    if aggregate_form.is_bound and aggregate_form.is_valid():
        d = aggregate_form.cleaned_data
        try:
            result = release.aggregate(
                request.user,
                item.pk,
                [c.strip() for c in d["group_by"].split(",") if c.strip()],
                d["stat"],
                d["measure"] or None,
            )
        except InnofieldError as exc:
            messages.error(request, str(exc))
    try:
        release.clearance(request.user, item.pk, "download")
        may_download = True
    except InnofieldError:
        may_download = False
    agreements = [
        (
            a,
            [
                t
                for t in AGREEMENT.allowed(a.state)
                if (t in HOLDER_MOVES and holder)
                or (t in REQUESTER_MOVES and a.requester_id in mine)
            ],
        )
        for a in queries.agreements(request.user).filter(dataset=item)
    ]
    context = {
        "item": item,
        "policy": policy,
        "holder": holder,
        "may_download": may_download,
        "policy_form": policy_form,
        "table_form": TableForm(),
        "request_form": request_form if orgs else None,
        "aggregate_form": aggregate_form,
        "result": result,
        "agreements": agreements,
    }
    return render(request, "alliances/dataset.html", context)


def download(request: HttpRequest, dataset_id: int) -> HttpResponse:
    """The dataset as CSV, when allowed (the refusal says which clause)."""
    try:
        text = release.download(request.user, dataset_id)
    except InnofieldError as exc:
        messages.error(request, str(exc))
        return redirect("dataset", dataset_id=dataset_id)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dataset-{dataset_id}.csv"'
    return response


@login_required
@require_POST
def agreement_act(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Agree, reject, revoke, withdraw or terminate an agreement from a page."""
    try:
        row = actions.decide(
            actor=request.user,
            agreement_id=agreement_id,
            transition=request.POST.get("transition", ""),
            note=request.POST.get("note", ""),
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
        return redirect(request.POST.get("next") or "datasets")
    messages.success(
        request, _("Agreement %(id)s: %(state)s.") % {"id": row.pk, "state": _(row.state)}
    )
    return redirect("dataset", dataset_id=row.dataset_id)
