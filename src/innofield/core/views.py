"""Web pages of core: the audit trail."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .audit_queries import AuditFilter, search, to_csv
from .permissions import is_platform_admin, organization_ids


class AuditFilterForm(forms.Form):
    """The audit page's filters."""

    object_type = forms.CharField(label=_("Object type"), required=False, max_length=80)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    action = forms.CharField(label=_("Event"), required=False, max_length=80)
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    action_id = forms.CharField(label=_("Action id"), required=False, max_length=32)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """Who did what, filterable and exportable: everything for platform admins, the rows
    concerning their organisations for managers."""
    form = AuditFilterForm(request.GET or None)
    values: dict[str, str | dt.date | None] = {}
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v}
    rows = search(request.user, AuditFilter(**values))  # type: ignore[arg-type]
    if request.GET.get("format") == "csv":
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    page = Paginator(rows.prefetch_related(None), 50).get_page(request.GET.get("page"))
    may_read = is_platform_admin(request.user) or bool(organization_ids(request.user, "manage"))
    return render(request, "core/audit.html", {"form": form, "page": page, "may_read": may_read})
