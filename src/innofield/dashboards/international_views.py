"""The observatory's page on international actors: openness from platform records per
province, foreign-funded R&D centres, cooperation bases and partners abroad."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from innofield.registry import queries as registry_queries

from . import international


def international_page(request: HttpRequest) -> HttpResponse:
    """International actors and openness (read-only; each list shows what the visitor may
    see: deals only to their parties and platform admins)."""
    context = {
        "title": _("International actors"),
        "openness": international.platform_openness(),
        "centres": international.foreign_rd_centres(request.user)[:100],
        "bases": registry_queries.cooperation_bases(request.user)[:50],
        "bases_count": registry_queries.cooperation_bases(request.user).count(),
        "partners": international.partners_abroad(request.user)[:100],
    }
    return render(request, "dashboards/international.html", context)
