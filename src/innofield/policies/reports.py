"""Reports a bureau can file: an evaluation report and an annual regional innovation report,
as HTML (one self-contained file: styles and charts inline) or PDF typeset by WeasyPrint
with Noto CJK fonts (see docs/policies.md for why WeasyPrint and how it is installed).

The same template renders both; the PDF is the HTML laid out on A4 pages.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from innofield.core.errors import InnofieldError, NotFound, ValidationFailed
from innofield.core.permissions import Actor
from innofield.registry.models import Region

from . import charts, panels
from .models import Evaluation

FORMATS = ("pdf", "html")
LANGS = {"zh": "zh-hans", "en": "en"}


class PdfUnavailable(InnofieldError):
    """The machine lacks what PDF typesetting needs (WeasyPrint/Pango or a CJK font)."""

    status = 503


def check_args(fmt: str, lang: str) -> str:
    """The Django language code for ``lang``; 422 naming ``format`` or ``lang`` otherwise."""
    if fmt not in FORMATS:
        raise ValidationFailed.single("format", f"must be one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValidationFailed.single("lang", f"must be one of {', '.join(LANGS)}")
    return LANGS[lang]


@cache
def cjk_font() -> str | None:
    """The family name of an installed Simplified-Chinese font, or ``None``."""
    if shutil.which("fc-list") is None:
        return None
    out = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    families = [f.split(",")[0].strip() for f in out.splitlines() if f.strip()]
    for preferred in ("Noto Serif CJK SC", "Noto Sans CJK SC"):
        if preferred in families:
            return preferred
    return families[0] if families else None


def pdf_problem() -> str | None:
    """Why PDFs cannot be made here, in one sentence; ``None`` when they can."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return (
            f"PDF reports need WeasyPrint and Pango ({exc}); `pip install .` installs "
            "WeasyPrint, Debian's libpango-1.0-0 provides Pango"
        )
    if cjk_font() is None:
        return "PDF reports need a Chinese font: install Debian's fonts-noto-cjk"
    return None


def to_pdf(html: str) -> bytes:
    """The HTML typeset as PDF (A4, fonts embedded as subsets)."""
    problem = pdf_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint

    return bytes(weasyprint.HTML(string=html).write_pdf())


def _period_label(kind: str) -> Any:
    return lambda t: panels.show_period(t, kind)


def evaluation_context(row: Evaluation, lang: str) -> dict[str, Any]:
    """What the results page and the report show, in the active language ``lang``."""
    zh = lang.startswith("zh")
    result = row.result or {}
    names = panels.unit_names(row.unit_kind, [t["unit"] for t in row.treated], lang)
    outcome = (result.get("outcome_names") or {}).get("zh" if zh else "en", row.outcome)
    out: dict[str, Any] = {
        "e": row,
        "p": row.policy,
        "result": result,
        "outcome_name": outcome,
        "summary": (result.get("summary") or {}).get("zh" if zh else "en", ""),
        "treated": [{**t, "name": names.get(t["unit"], t["unit"])} for t in row.treated],
        "period": "year" if row.unit_kind == "province" else "month",
        "chart": "",
    }
    if not result:
        return out
    if result.get("dynamic"):
        out["chart"] = charts.event_study(
            result["dynamic"],
            _("Event study: effect by periods since adoption"),
            _("periods since adoption"),
            outcome,
        )
    elif (result.get("synth") or {}).get("series"):
        s = result["synth"]
        other = _("synthetic control") if row.design == "synth" else _("trend before adoption")
        out["chart"] = charts.series(
            s["series"],
            s["treat_time"],
            outcome,
            (_("treated"), other),
            _("year") if row.unit_kind == "province" else _("month"),
            _period_label(row.unit_kind),
        )
        weights = s.get("weights") or []
        donors = panels.unit_names(row.unit_kind, [w["unit"] for w in weights], lang)
        out["weights"] = [{**w, "name": donors.get(w["unit"], w["unit"])} for w in weights]
    for key in ("groups", "att_gt"):
        for r in result.get(key) or []:
            for k in ("group", "time"):
                if k in r and r[k]:
                    r[f"{k}_label"] = panels.show_period(r[k], row.unit_kind)
    return out


def evaluation_report(row: Evaluation, *, fmt: str, lang: str) -> bytes:
    """The evaluation's report as PDF or HTML bytes; 409 until the evaluation is done."""
    code = check_args(fmt, lang)
    if row.state != "done":
        from innofield.core.errors import Conflict

        raise Conflict(f"evaluation {row.pk} is {row.state}: a report needs its results")
    with translation.override(code):
        context = {
            **evaluation_context(row, code),
            "lang": code,
            "generated": timezone.localdate(),
        }
        html = render_to_string("policies/report_evaluation.html", context)
    return html.encode() if fmt == "html" else to_pdf(html)


def _find(rows: list[dict[str, Any]], short_zh: str) -> dict[str, Any] | None:
    return next((r for r in rows if r.get("province") == short_zh), None)


def annual_context(actor: Actor, region: Region, year: int, lang: str) -> dict[str, Any]:
    """The annual report's figures for ``region`` in ``year`` from the observatory's cached
    dashboards, plus the policies of the region and the evaluations visible to ``actor``."""
    from innofield.core.permissions import restrict
    from innofield.dashboards import queries as observatory

    from .models import Policy, Task

    short = (region.attributes or {}).get("short_zh", "")
    index = observatory.yearly("index", year)
    ccd = observatory.yearly("ccd", year)
    try:
        flows: dict[str, Any] | None = observatory.yearly("flows", year)
    except (ValidationFailed, NotFound):
        flows = None
    inequality = observatory.inequality()
    policies = restrict(Policy.objects.all(), actor).filter(region=region)
    evaluations = (
        restrict(Evaluation.objects.select_related("policy"), actor)
        .filter(state="done")
        .order_by("-finished_at")
    )
    effects = []
    for e in evaluations[:200]:
        if e.policy.region_id == region.pk or any(t["unit"] == region.code for t in e.treated):
            ctx = evaluation_context(e, lang)
            effects.append({"e": e, "summary": ctx["summary"], "outcome": ctx["outcome_name"]})
    tasks = Task.objects.filter(measure__policy__in=policies)
    today = timezone.localdate()
    return {
        "region": region,
        "year": year,
        "index": index,
        "index_row": _find(index["rows"], short),
        "top": index["rows"][:10],
        "ccd_row": _find(ccd["rows"], short),
        "flows_row": _find(flows["rows"], short) if flows else None,
        "flows_unit": flows["unit"] if flows else "",
        "balance": next((r for r in inequality["rows"] if r.get("year") == year), None),
        "policies": list(policies[:50]),
        "tasks": {
            "all": tasks.count(),
            "done": tasks.filter(state__in=["done", "closed"]).count(),
            "overdue": tasks.filter(
                state__in=["planned", "in_progress"], deadline__lt=today
            ).count(),
        },
        "effects": effects[:20],
        "computed_at": index.get("computed_at", ""),
    }


def annual_report(actor: Actor, *, region: str, year: int, fmt: str, lang: str) -> bytes:
    """The annual regional innovation report as PDF or HTML bytes."""
    code = check_args(fmt, lang)
    row = Region.objects.filter(code=region, level="province").first()
    if row is None:
        raise ValidationFailed.single("region", f"no province {region!r}")
    if not 2000 <= year <= dt.date.today().year:
        raise ValidationFailed.single("year", f"{year} is not a year with data")
    with translation.override(code):
        context = {
            **annual_context(actor, row, year, code),
            "lang": code,
            "generated": timezone.localdate(),
        }
        html = render_to_string("policies/report_annual.html", context)
    return html.encode() if fmt == "html" else to_pdf(html)
