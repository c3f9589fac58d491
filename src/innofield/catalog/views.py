"""Web pages of the catalog: browse with filters, item and demand pages, forms."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, PermissionDenied, ValidationFailed
from innofield.core.permissions import is_platform_admin, organization_ids, restrict
from innofield.registry import queries as registry_queries
from innofield.registry.models import Organization

from . import actions, detail_fields, imports, queries
from .forms import DemandForm, ImportForm, ItemForm
from .kinds import DEMAND_KINDS, ITEM_KINDS


def _owners(user: Any) -> Any:
    qs = Organization.objects.all()
    return qs if is_platform_admin(user) else qs.filter(pk__in=organization_ids(user, "create"))


def _apply_errors(form: Any, exc: ValidationFailed) -> None:
    for e in exc.errors:
        detail = form.detail_field(e.field) if hasattr(form, "detail_field") else None
        if detail is not None:  # a kind's detail: on its field, named by its label
            form.add_error(detail, f"{form.fields[detail].label}: {e.reason}")
            continue
        field = e.field.split(".")[0]
        form.add_error(field if field in form.fields else None, f"{e.field}: {e.reason}")


def browse(request: HttpRequest) -> HttpResponse:
    """The catalog with filters; htmx requests get only the result list."""
    f = {k: request.GET.get(k) or None for k in ("kind", "region", "q")}
    try:
        qs = queries.items(
            request.user, kind=f["kind"], region=f["region"], text=f["q"], status="active"
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        qs = queries.items(request.user, status="active")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": f,
        "kinds": list(ITEM_KINDS),
        "regions": registry_queries.regions(request.user, level="province"),
    }
    template = "catalog/_results.html" if request.htmx else "catalog/browse.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    """One item with its owner and details."""
    item = queries.items(request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404(item_id)
    can_edit = restrict(type(item).objects.filter(pk=item.pk), request.user, "change").exists()
    return render(request, "catalog/item_detail.html", {"item": item, "can_edit": can_edit})


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    """Create an item."""
    form = ItemForm(
        request.POST or None,
        owners=_owners(request.user),
        initial={"kind": request.GET.get("kind", "technology")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_item(actor=request.user, data=form.to_input())
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Item created."))
            return redirect("item-detail", item_id=item.pk)
    return render(request, "catalog/item_form.html", {"form": form, "title": _("New item")})


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    """Edit an item of one of your organizations."""
    item = queries.items(request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404(item_id)
    owners = _owners(request.user) | Organization.objects.filter(pk=item.owner_id)
    form = ItemForm(request.POST or None, owners=owners, initial=ItemForm.initial_from(item))
    if request.method == "POST" and form.is_valid():
        try:
            data = form.to_input()
            kept = {k: v for k, v in (item.details or {}).items() if k in detail_fields.SKIPPED}
            data["details"] = {**kept, **data["details"]}  # what the form does not ask
            actions.update_item(actor=request.user, item_id=item.pk, data=data)
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Item saved."))
            return redirect("item-detail", item_id=item.pk)
    return render(
        request, "catalog/item_form.html", {"form": form, "title": _("Edit item"), "item": item}
    )


@login_required
@require_POST
def item_retire(request: HttpRequest, item_id: int) -> HttpResponse:
    """Retire an item."""
    try:
        actions.retire_item(
            actor=request.user, item_id=item_id, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Item retired."))
    except InnofieldError as exc:
        messages.error(request, str(exc))
    return redirect("item-detail", item_id=item_id)


def demand_list(request: HttpRequest) -> HttpResponse:
    """Open demands with filters."""
    f = {k: request.GET.get(k) or None for k in ("kind", "region", "q")}
    try:
        qs = queries.demands(
            request.user, kind=f["kind"], region=f["region"], text=f["q"], status="open"
        )
    except ValidationFailed as exc:
        messages.error(request, str(exc))
        qs = queries.demands(request.user, status="open")
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/demand_list.html",
        {
            "page": page,
            "filters": f,
            "kinds": list(DEMAND_KINDS),
            "regions": registry_queries.regions(request.user, level="province"),
        },
    )


def demand_detail(request: HttpRequest, demand_id: int) -> HttpResponse:
    """One demand."""
    demand = queries.demands(request.user).filter(pk=demand_id).first()
    if demand is None:
        raise Http404(demand_id)
    can_edit = restrict(type(demand).objects.filter(pk=demand.pk), request.user, "change").exists()
    return render(request, "catalog/demand_detail.html", {"demand": demand, "can_edit": can_edit})


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    """Publish a demand."""
    form = DemandForm(request.POST or None, owners=_owners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            demand = actions.create_demand(actor=request.user, data=form.to_input())
        except ValidationFailed as exc:
            _apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Demand published."))
            return redirect("demand-detail", demand_id=demand.pk)
    return render(request, "catalog/item_form.html", {"form": form, "title": _("New demand")})


#: How often (seconds) the import page asks for a queued import's progress again.
IMPORT_POLL_SECONDS = 2


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a file of items or demands: small files are imported at once and the report
    shown; large ones go to the job queue and the page follows the job."""
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            started = imports.start_import(
                actor=request.user,
                name=upload.name or "upload",
                content=upload.read(),
                target=form.cleaned_data["target"],
                skip_bad=form.cleaned_data["skip_bad"],
            )
        except ValidationFailed as exc:
            context = {
                "form": form,
                "refused": [e.as_dict() for e in exc.errors[:1000]],
                "refused_count": len(exc.errors),
                "threshold": settings.INNOFIELD_IMPORT_BACKGROUND_ROWS,
            }
            return render(request, "catalog/import.html", context, status=422)
        except InnofieldError as exc:
            form.add_error(None, str(exc))
        else:
            if started.job is not None:
                return redirect("catalog-import-job", job_id=started.job.pk)
            report = started.report
    context = {
        "form": form,
        "report": report,
        "threshold": settings.INNOFIELD_IMPORT_BACKGROUND_ROWS,
    }
    return render(request, "catalog/import.html", context)


def _import_job(request: HttpRequest, job_id: int) -> Any:
    from innofield.jobs import queries as job_queries

    try:
        job = job_queries.job(request.user, job_id)
    except InnofieldError as exc:
        raise Http404(str(exc)) from exc
    if job.kind != "catalog.import":
        raise Http404(job_id)
    return job


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A queued import: its progress bar, then its report or the rows that refused it."""
    job = _import_job(request, job_id)
    return render(request, "catalog/import_job.html", {"job": job, "poll": IMPORT_POLL_SECONDS})


@login_required
def import_job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """The status block of a queued import (the htmx poll target)."""
    job = _import_job(request, job_id)
    return render(request, "catalog/_import_status.html", {"job": job, "poll": IMPORT_POLL_SECONDS})
