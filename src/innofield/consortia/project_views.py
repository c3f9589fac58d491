"""Joint project pages: list, create, detail with money and consortium, partners and work
packages, milestones with submit/accept/pay, funding, the IP agreement and results."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innofield.core.errors import NotFound
from innofield.core.permissions import is_platform_admin, organization_ids
from innofield.registry.models import Organization

from . import projects, queries
from .forms import (
    FundingForm,
    IPForm,
    MilestoneActForm,
    MilestoneForm,
    PackageForm,
    PartnerForm,
    ProjectForm,
    ResultForm,
)
from .lifecycle import MILESTONE, PROJECT
from .models import Milestone, OrgAlliance
from .views import my_orgs, run


def _org(code: str) -> Organization:
    row = Organization.objects.filter(code=code.strip()).first()
    if row is None:
        from innofield.core.errors import ValidationFailed

        raise ValidationFailed.single("organization", f"no organization {code!r}")
    return row


def project_list(request: HttpRequest) -> HttpResponse:
    """Joint projects."""
    rows = list(queries.project_list(request.user, request.GET.get("q", "").strip())[:200])
    return render(request, "consortia/projects.html", {"rows": rows})


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Draft a joint project led by an organisation you manage."""
    form = ProjectForm(request.POST or None, organizations=my_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        alliance = OrgAlliance.objects.filter(code=d["alliance"]).first() if d["alliance"] else None
        row = run(
            request,
            lambda: projects.create_project(
                actor=request.user,
                code=d["code"],
                title=d["title"],
                lead=Organization.objects.get(code=d["lead"]),
                budget_fen=d["budget"],
                summary=d["summary"],
                alliance=alliance,
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
            ),
            _("Project drafted. Add partners, milestones and the IP agreement."),
            form,
        )
        if row:
            return redirect("consortia-partners", code=row.code)
    return render(request, "consortia/project_new.html", {"form": form})


def _context(request: HttpRequest, code: str) -> dict[str, object]:
    try:
        project = queries.project(request.user, code)
    except NotFound as exc:
        raise Http404(code) from exc
    manage = set(organization_ids(request.user, "manage"))
    admin = is_platform_admin(request.user)
    funders = set(project.fundings.values_list("funder_id", flat=True))
    return {
        "p": project,
        "money": queries.money_of(project),
        "regions": queries.regions_of(project),
        "partners": list(project.partners.select_related("organization__region").order_by("id")),
        "packages": list(project.packages.select_related("leader")),
        "milestones": list(project.milestones.select_related("package")),
        "fundings": list(project.fundings.select_related("funder")),
        "results": list(project.results.select_related("item")),
        "ip": getattr(project, "ip", None),
        "is_lead": admin or project.lead_id in manage,
        "is_funder": admin or bool(funders & set(organization_ids(request.user, "pay"))),
        "is_partner": admin
        or bool(
            set(project.partners.values_list("organization_id", flat=True))
            & set(organization_ids(request.user, "change"))
        ),
        "moves": [t for t in PROJECT.allowed(project.state)],
    }


def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A project: consortium, money, milestones, IP agreement and results."""
    ctx = _context(request, code)
    funders = my_orgs(request.user, "pay") if request.user.is_authenticated else []
    ctx["fund_form"] = FundingForm(organizations=funders) if funders else None
    return render(request, "consortia/project.html", ctx)


@login_required
@require_POST
def project_act(request: HttpRequest, code: str) -> HttpResponse:
    """Start, complete or cancel."""
    move = request.POST.get("transition", "")
    run(
        request,
        lambda: projects.transition_project(actor=request.user, code=code, move=move),
        _("Project updated."),
    )
    return redirect("consortia-project", code=code)


@login_required
@require_POST
def project_fund(request: HttpRequest, code: str) -> HttpResponse:
    """Pay a funder's money into the project's escrow."""
    form = FundingForm(request.POST, organizations=my_orgs(request.user, "pay"))
    if form.is_valid():
        d = form.cleaned_data
        run(
            request,
            lambda: projects.fund(
                actor=request.user,
                code=code,
                funder=Organization.objects.get(code=d["funder"]),
                amount_fen=d["amount"],
                programme=d["programme"],
            ),
            _("Funding paid into the project's escrow."),
        )
    else:
        from django.contrib import messages

        messages.error(request, _("Choose the funder and the amount."))
    return redirect("consortia-project", code=code)


@login_required
def partners(request: HttpRequest, code: str) -> HttpResponse:
    """Partners with budgets and work packages (the lead adds and changes them)."""
    ctx = _context(request, code)
    pform = PartnerForm(request.POST if request.POST.get("form") == "partner" else None)
    wform = PackageForm(request.POST if request.POST.get("form") == "package" else None)
    if request.method == "POST" and pform.is_bound and pform.is_valid():
        d = pform.cleaned_data
        if run(
            request,
            lambda: projects.set_partner(
                actor=request.user,
                code=code,
                organization=_org(d["organization"]),
                budget_fen=d["budget"],
            ),
            _("Partner saved."),
            pform,
        ):
            return redirect("consortia-partners", code=code)
    if request.method == "POST" and wform.is_bound and wform.is_valid():
        d = wform.cleaned_data
        if run(
            request,
            lambda: projects.add_package(
                actor=request.user,
                code=code,
                package_code=d["code"],
                title=d["title"],
                leader=_org(d["leader"]),
            ),
            _("Work package added."),
            wform,
        ):
            return redirect("consortia-partners", code=code)
    ctx.update(pform=pform, wform=wform)
    return render(request, "consortia/partners.html", ctx)


def milestones(request: HttpRequest, code: str) -> HttpResponse:
    """Milestones with what the viewer may do next; the lead plans new ones."""
    ctx = _context(request, code)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("login")
        if form.is_valid():
            d = form.cleaned_data
            if run(
                request,
                lambda: projects.plan_milestone(
                    actor=request.user,
                    code=code,
                    title=d["title"],
                    amount_fen=d["amount"],
                    due_on=d["due_on"],
                    deliverables=d["deliverables"],
                    package=d["package"],
                ),
                _("Milestone planned."),
                form,
            ):
                return redirect("consortia-milestones", code=code)
    rows = []
    for m in ctx["milestones"]:  # type: ignore[attr-defined]
        allowed = MILESTONE.allowed(m.state)
        moves = [
            t
            for t in allowed
            if (t == "submit" and ctx["is_partner"])
            or (t in ("accept", "reject") and (ctx["is_lead"] or ctx["is_funder"]))
            or (t == "pay" and ctx["is_funder"])
            or (t == "drop" and ctx["is_lead"])
        ]
        rows.append((m, moves))
    ctx.update(rows=rows, form=form, act_form=MilestoneActForm())
    return render(request, "consortia/milestones.html", ctx)


@login_required
@require_POST
def milestone_act(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """Submit evidence, accept, reject, pay or drop a milestone."""
    row = Milestone.objects.select_related("project").filter(pk=milestone_id).first()
    if row is None:
        raise Http404(f"no milestone {milestone_id}")
    form = MilestoneActForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    move = request.POST.get("transition", "")
    run(
        request,
        lambda: projects.transition_milestone(
            actor=request.user,
            milestone_id=milestone_id,
            move=move,
            evidence=d.get("evidence", ""),
            review=d.get("review", ""),
        ),
        _("Milestone paid to the partners by their budget shares.")
        if move == "pay"
        else _("Milestone updated."),
    )
    return redirect("consortia-milestones", code=row.project.code)


@login_required
def ip_agreement(request: HttpRequest, code: str) -> HttpResponse:
    """The IP agreement: foreground shares per partner and background IP."""
    ctx = _context(request, code)
    names = [(p.organization.code, p.organization.name_zh) for p in ctx["partners"]]  # type: ignore[attr-defined]
    initial = {f"share_{p.organization.code}": p.ip_share for p in ctx["partners"] if p.ip_share}  # type: ignore[attr-defined]
    ip: Any = ctx["ip"]
    if ip is not None:
        initial["background"] = "\n".join(
            f"{b['organization']}: {b['title']}" for b in ip.background
        )
        initial["terms"] = ip.terms
    form = IPForm(request.POST or None, partners=names, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run(
            request,
            lambda: projects.set_ip_agreement(
                actor=request.user,
                code=code,
                shares=form.shares(),
                background=form.background_list(),
                terms=form.cleaned_data["terms"],
            ),
            _("IP agreement recorded."),
            form,
        )
    ):
        return redirect("consortia-project", code=code)
    ctx["form"] = form
    return render(request, "consortia/ip.html", ctx)


@login_required
def register_result(request: HttpRequest, code: str) -> HttpResponse:
    """Register a result as a catalog technology co-owned by the partners."""
    ctx = _context(request, code)
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if run(
            request,
            lambda: projects.register_result(
                actor=request.user,
                code=code,
                title=d["title"],
                description=d["description"],
                ip_status=d["ip_status"],
                field=d["field"],
                trl=d["trl"],
            ),
            _("Result registered in the catalog, co-owned by the partners."),
            form,
        ):
            return redirect("consortia-project", code=code)
    ctx["form"] = form
    return render(request, "consortia/result_new.html", ctx)
