"""Web pages of the registry: home, regions, organizations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innofield.catalog import queries as catalog_queries
from innofield.catalog.models import Demand, Item
from innofield.core.countries import country_name
from innofield.core.errors import ValidationFailed
from innofield.core.permissions import restrict

from . import actions, queries
from .forms import OrganizationForm
from .models import CooperationBase, Organization


def home(request: HttpRequest) -> HttpResponse:
    """Landing page: what is in the platform, and a search box."""
    items = catalog_queries.items(request.user, status="active")
    counts = {
        kind: items.filter(kind=kind).count() for kind in ("technology", "instrument", "service")
    }
    context = {
        "counts": counts,
        "organizations": queries.organizations(request.user).count(),
        "regions": queries.regions(request.user, level="province").count(),
        "demands": catalog_queries.demands(request.user, status="open").count(),
        "latest": items.filter(synthetic=False)[:5],
    }
    return render(request, "registry/home.html", context)


def region_list(request: HttpRequest) -> HttpResponse:
    """All provinces with their organizations."""
    regions = queries.regions(request.user, level="province")
    return render(request, "registry/region_list.html", {"regions": regions})


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A region: organizations by type, latest items."""
    region = queries.regions(request.user).filter(code=code).first()
    if region is None:
        raise Http404(code)
    context = {
        "region": region,
        "summary": queries.region_summary(region),
        "items": catalog_queries.items(request.user, region=code, status="active")[:20],
        "alliances": region.alliances.all(),
    }
    return render(request, "registry/region_detail.html", context)


def organization_list(request: HttpRequest) -> HttpResponse:
    """Organizations with filters by type, region and name."""
    qs = queries.organizations(
        request.user,
        type=request.GET.get("type") or None,
        region=request.GET.get("region") or None,
        text=request.GET.get("q") or None,
        country=request.GET.get("country") or None,
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/organization_list.html",
        {
            "page": page,
            "types": Organization.Type.choices,
            "regions": queries.regions(request.user, level="province"),
            "countries": [(c, country_name(c)) for c in queries.countries(request.user)],
        },
    )


def organization_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An organization with its items and demands."""
    org = queries.organizations(request.user).filter(code=code).first()
    if org is None:
        raise Http404(code)
    context = {
        "org": org,
        "items": catalog_queries.items(request.user, organization=code).exclude(
            status=Item.Status.RETIRED
        )[:50],
        "demands": catalog_queries.demands(request.user, organization=code).exclude(
            status=Demand.Status.RETIRED
        )[:50],
        "hosted": org.hosted.all()[:50],
        "bases": org.cooperation_bases.all(),
        "may_edit": restrict(
            Organization.objects.filter(pk=org.pk), request.user, "manage"
        ).exists(),
    }
    return render(request, "registry/organization_detail.html", context)


def cooperation_base_list(request: HttpRequest) -> HttpResponse:
    """International S&T cooperation bases and joint labs, by kind and partner country."""
    qs = queries.cooperation_bases(
        request.user,
        kind=request.GET.get("kind") or None,
        country=request.GET.get("country") or None,
        region=request.GET.get("region") or None,
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    partners = sorted(
        {
            c
            for codes in CooperationBase.objects.values_list("partner_countries", flat=True)
            for c in codes
        }
    )
    return render(
        request,
        "registry/cooperation_base_list.html",
        {
            "page": page,
            "kinds": CooperationBase.Kind.choices,
            "countries": [(c, country_name(c)) for c in partners],
            "regions": queries.regions(request.user, level="province"),
        },
    )


@login_required
def organization_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Edit an organisation's profile, country and parent company (its managers)."""
    org = queries.organizations(request.user).filter(code=code).first()
    if org is None:
        raise Http404(code)
    if not restrict(Organization.objects.filter(pk=org.pk), request.user, "manage").exists():
        raise PermissionDenied(_("only managers of this organisation may edit it"))
    initial = {name: getattr(org, name) for name in OrganizationForm.base_fields}
    form = OrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_organization(
                actor=request.user, organization_id=org.pk, data=form.cleaned_data
            )
        except ValidationFailed as exc:
            for e in exc.errors:
                form.add_error(e.field if e.field in form.fields else None, e.reason)
        else:
            messages.success(request, _("Saved."))
            return redirect("organization-detail", code=org.code)
    return render(request, "registry/organization_edit.html", {"org": org, "form": form})
