"""Web pages that change talent demands: opening one and moving it through its lifecycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import InnofieldError, ValidationFailed
from innofield.registry.models import Organization, Region

from . import actions
from .consultation_views import my_organizations
from .forms import DemandForm


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    """Open a talent demand for one of your organisations."""
    orgs = my_organizations(request.user)
    if not orgs:
        messages.error(request, _("Only members of an organisation open talent demands."))
        return redirect("talent-demands")
    form = DemandForm(request.POST or None, organizations=orgs)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["organization"] = Organization.objects.get(code=d["organization"])
        region_code = d.pop("region")
        d["region"] = Region.objects.filter(code=region_code).first() if region_code else None
        if region_code and d["region"] is None:
            form.add_error("region", _("Unknown code %(code)s.") % {"code": region_code})
        else:
            try:
                row = actions.create_demand(actor=request.user, **d)
            except InnofieldError as exc:
                if isinstance(exc, ValidationFailed):
                    for e in exc.errors:
                        form.add_error(e.field if e.field in form.fields else None, e.reason)
                else:
                    form.add_error(None, str(exc))
            else:
                messages.success(request, _("Talent demand opened."))
                return redirect("talent-demand", code=row.code)
    return render(request, "talent/demand_new.html", {"form": form})


@login_required
@require_POST
def demand_act(request: HttpRequest, code: str) -> HttpResponse:
    """Fill, close, reopen or archive a talent demand from its page."""
    try:
        actions.transition_demand(
            actor=request.user, code=code, transition=request.POST.get("transition", "")
        )
    except InnofieldError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Talent demand updated."))
    return redirect("talent-demand", code=code)
