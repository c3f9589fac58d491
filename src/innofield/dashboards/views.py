"""Observatory pages: they read the cached results, never compute them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innofield.core.errors import NotFound, ValidationFailed
from innofield.observatory.ccd import GRADE_BANDS

from . import queries


def _zh() -> bool:
    return (get_language() or "en").startswith("zh")


def _name(row: dict[str, Any]) -> str:
    return str(row["province"] if _zh() else row["name_en"])


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year") or None
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed.single("year", f"{raw!r} is not a year") from None


def _fmt(value: float | None, digits: int) -> str:
    """A number for a table cell (``–`` if missing); faster than ``floatformat`` per cell."""
    return "–" if value is None else f"{value:.{digits}f}"


def _cells(key: str, row: dict[str, Any]) -> list[str]:
    """The numeric cells of a table row, formatted in Python rather than in the template."""
    if key == "index":
        p = row["pillars"]
        band = f"{_fmt(row['rank_q5'], 0)}–{_fmt(row['rank_q95'], 0)}"
        return [
            _fmt(row["score"], 2),
            _fmt(p["Inputs"], 1),
            _fmt(p["Outputs"], 1),
            _fmt(p["Diffusion"], 1),
            _fmt(row["rank_median"], 0),
            band,
        ]
    if key == "ccd":
        u = row["U"]
        return [
            _fmt(v, 3)
            for v in (u["Inputs"], u["Outputs"], u["Diffusion"], row["C"], row["T"], row["D"])
        ]
    return [_fmt(row["exports"], 0), _fmt(row["imports"], 0)]


def _problem(request: HttpRequest, exc: Exception, title: str) -> HttpResponse:
    status = 404 if isinstance(exc, NotFound) else 400
    return render(
        request, "dashboards/problem.html", {"title": title, "problem": str(exc)}, status=status
    )


def _yearly(
    request: HttpRequest, key: str, template: str, title: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    try:
        data = queries.yearly(key, _year(request))
    except (NotFound, ValidationFailed) as exc:
        return _problem(request, exc, title)
    rows = [{**row, "name": _name(row), "cells": _cells(key, row)} for row in data["rows"]]
    context = {
        "title": title,
        "data": data,
        "rows": rows,
        "chart": {**data, "zh": _zh()},
        **(extra or {}),
    }
    return render(request, template, context)


def overview(request: HttpRequest) -> HttpResponse:
    """What the observatory shows, the latest index leaders, inequality and net exporters."""
    info = queries.summary()
    context: dict[str, Any] = {"info": info}
    if info is not None:
        index = queries.yearly("index", None)
        flows = queries.yearly("flows", None)
        inequality = queries.inequality()
        for row in index["rows"] + flows["rows"]:
            row["name"] = _name(row)
        context.update(
            top=index["rows"][:10],
            index_year=index["year"],
            exporters=[r for r in flows["rows"] if r["role"] == "net exporter"][:5],
            flows_year=flows["year"],
            latest=inequality["rows"][-1] if inequality["rows"] else None,
        )
    return render(request, "dashboards/overview.html", context)


def index_page(request: HttpRequest) -> HttpResponse:
    """The provincial innovation index of one year: map, chart and ranked table with bands."""
    return _yearly(request, "index", "dashboards/index.html", _("Provincial innovation index"))


def ccd_page(request: HttpRequest) -> HttpResponse:
    """Coupling coordination of the innovation subsystems with the 10-band grades."""
    bands = [
        {"low": low, "high": round(low + 0.1, 1), "label": zh if _zh() else en}
        for low, zh, en in GRADE_BANDS
    ]
    return _yearly(
        request, "ccd", "dashboards/ccd.html", _("Coupling coordination"), {"bands": bands}
    )


def flows_page(request: HttpRequest) -> HttpResponse:
    """Net technology-market flows by province: exporters and importers."""
    return _yearly(request, "flows", "dashboards/flows.html", _("Technology-market flows"))


def inequality_page(request: HttpRequest) -> HttpResponse:
    """Gini and Theil of R&D spending over time with the between/within decomposition."""
    title = _("Inequality of R&D spending")
    try:
        data = queries.inequality()
    except NotFound as exc:
        return _problem(request, exc, title)
    zone_share = {z["year"]: z["between_share"] for z in data["zones"]["rows"]}
    rows = [{**r, "zone_between_share": zone_share.get(r["year"])} for r in data["rows"]]
    return render(
        request,
        "dashboards/inequality.html",
        {"title": title, "data": data, "rows": rows, "chart": {**data, "zh": _zh()}},
    )
