"""REST endpoints of alliances of organisations and joint R&D projects."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from innofield.core.api import ERRORS, BearerAuth, ErrorOut, Page, actor_of, paginate
from innofield.core.errors import ValidationFailed
from innofield.registry.models import Organization

from . import actions, present, projects, queries
from .models import OrgAlliance
from .schemas import (
    AllianceIn,
    AllianceOut,
    AlliancePage,
    ApplyIn,
    FeeIn,
    FundingIn,
    IPAgreementIn,
    MembershipActIn,
    MembershipOut,
    MilestoneActIn,
    MilestoneIn,
    MilestoneOut,
    PackageIn,
    PartnerIn,
    PoolIn,
    PoolOut,
    ProjectIn,
    ProjectOut,
    ProjectPage,
    ResultIn,
    ResultOut,
)

router = Router(tags=["alliances and joint projects"])
WRITE: dict[str, Any] = {"auth": BearerAuth()}


def org(code: str, field: str) -> Organization:
    """The organisation ``code`` or 422 naming ``field``."""
    row = Organization.objects.filter(code=code).first() if code else None
    if row is None:
        raise ValidationFailed.single(field, f"no organization {code!r}")
    return row


@router.get("/org-alliances", response={200: AlliancePage, 422: ErrorOut})
def list_alliances(request: HttpRequest, page: Query[Page], text: str = "") -> Any:
    """Alliances of organisations (产业技术创新战略联盟 and the like)."""
    actor = actor_of(request)
    found = paginate(queries.alliances(actor, text), page.limit, page.offset)
    return {"count": found["count"], "items": [present.alliance(a, actor) for a in found["items"]]}


@router.post("/org-alliances", response={201: AllianceOut, **ERRORS}, **WRITE)
def create_alliance(request: HttpRequest, payload: AllianceIn) -> Any:
    """Found an alliance led by an organisation you manage."""
    actor = actor_of(request)
    row = actions.create_alliance(actor=actor, **actions.params(payload.model_dump()))
    return Status(201, present.alliance(row, actor, with_members=True))


@router.get("/org-alliances/{code}", response={200: AllianceOut, 404: ErrorOut})
def get_alliance(request: HttpRequest, code: str) -> Any:
    """An alliance with its members."""
    actor = actor_of(request)
    return present.alliance(queries.alliance(actor, code), actor, with_members=True)


@router.post("/org-alliances/{code}/apply", response={201: MembershipOut, **ERRORS}, **WRITE)
def apply(request: HttpRequest, code: str, payload: ApplyIn) -> Any:
    """Apply for an organisation you manage to join."""
    row = actions.apply(
        actor=actor_of(request),
        alliance_code=code,
        organization=org(payload.organization, "organization"),
        role=payload.role,
        motivation=payload.motivation,
    )
    return Status(201, present.membership(row))


@router.get("/org-alliances/{code}/pool", response={200: list[PoolOut], 404: ErrorOut})
def get_pool(request: HttpRequest, code: str) -> Any:
    """The resources members share at member terms."""
    alliance = queries.alliance(actor_of(request), code)
    return [present.pool_entry(e) for e in queries.pool(alliance)]


@router.post("/org-alliances/{code}/pool", response={201: PoolOut, **ERRORS}, **WRITE)
def add_to_pool(request: HttpRequest, code: str, payload: PoolIn) -> Any:
    """Pool your organisation's instrument, dataset or computing offer."""
    row = actions.pool(
        actor=actor_of(request),
        alliance_code=code,
        item_id=payload.item,
        terms=payload.terms,
        member_price_fen=payload.member_price_fen,
    )
    return Status(201, present.pool_entry(row))


@router.post(
    "/alliance-memberships/{membership_id}/fees",
    response={201: dict[str, Any], **ERRORS},
    **WRITE,
)
def pay_fee(request: HttpRequest, membership_id: int, payload: FeeIn) -> Any:
    """Pay a member's yearly fee on the ledger into the alliance's fund."""
    fee = actions.pay_fee(actor=actor_of(request), membership_id=membership_id, year=payload.year)
    return Status(
        201, {"year": fee.year, "amount_fen": fee.amount_fen, "transfer": fee.transfer_key}
    )


@router.post(
    "/alliance-memberships/{membership_id}/{transition}",
    response={200: MembershipOut, **ERRORS},
    **WRITE,
)
def act_membership(
    request: HttpRequest, membership_id: int, transition: str, payload: MembershipActIn
) -> Any:
    """approve, reject, expel (the lead) or withdraw (the member)."""
    row = actions.transition_membership(
        actor=actor_of(request), membership_id=membership_id, move=transition, role=payload.role
    )
    return present.membership(row)


@router.get("/joint-projects", response={200: ProjectPage, 422: ErrorOut})
def list_projects(request: HttpRequest, page: Query[Page], text: str = "") -> Any:
    """Joint projects: active and completed ones, and drafts of your organisations."""
    found = paginate(queries.project_list(actor_of(request), text), page.limit, page.offset)
    items = [
        {
            "code": p.code,
            "title": p.title,
            "lead": p.lead.code,
            "state": p.state,
            "budget_fen": p.budget_fen,
            "synthetic": p.synthetic,
        }
        for p in found["items"]
    ]
    return {"count": found["count"], "items": items}


@router.post("/joint-projects", response={201: ProjectOut, **ERRORS}, **WRITE)
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    """Draft a joint project led by an organisation you manage."""
    data = payload.model_dump()
    data["lead"] = org(data["lead"], "lead")
    code = data.pop("alliance")
    data["alliance"] = None
    if code:
        data["alliance"] = OrgAlliance.objects.filter(code=code).first()
        if data["alliance"] is None:
            raise ValidationFailed.single("alliance", f"no alliance {code!r}")
    row = projects.create_project(actor=actor_of(request), **data)
    return Status(201, present.project(row))


@router.get("/joint-projects/{code}", response={200: ProjectOut, 404: ErrorOut})
def get_project(request: HttpRequest, code: str) -> Any:
    """A project with its consortium, money, milestones, IP agreement and results."""
    return present.project(queries.project(actor_of(request), code))


@router.post("/joint-projects/{code}/partners", response={200: ProjectOut, **ERRORS}, **WRITE)
def set_partner(request: HttpRequest, code: str, payload: PartnerIn) -> Any:
    """Add a partner with its budget, or change its budget."""
    actor = actor_of(request)
    projects.set_partner(
        actor=actor,
        code=code,
        organization=org(payload.organization, "organization"),
        budget_fen=payload.budget_fen,
    )
    return present.project(queries.project(actor, code))


@router.post("/joint-projects/{code}/packages", response={200: ProjectOut, **ERRORS}, **WRITE)
def add_package(request: HttpRequest, code: str, payload: PackageIn) -> Any:
    """Add a work package."""
    actor = actor_of(request)
    projects.add_package(
        actor=actor,
        code=code,
        package_code=payload.code,
        title=payload.title,
        leader=org(payload.leader, "leader"),
        description=payload.description,
    )
    return present.project(queries.project(actor, code))


@router.post("/joint-projects/{code}/milestones", response={201: MilestoneOut, **ERRORS}, **WRITE)
def plan_milestone(request: HttpRequest, code: str, payload: MilestoneIn) -> Any:
    """Plan a milestone within the remaining budget."""
    row = projects.plan_milestone(actor=actor_of(request), code=code, **payload.model_dump())
    out = present.project(row.project)["milestones"]
    return Status(201, next(m for m in out if m["id"] == row.pk))


@router.post("/joint-projects/{code}/funding", response={201: dict[str, Any], **ERRORS}, **WRITE)
def fund(request: HttpRequest, code: str, payload: FundingIn) -> Any:
    """Pay a funder's money into the project's escrow."""
    row = projects.fund(
        actor=actor_of(request),
        code=code,
        funder=org(payload.funder, "funder"),
        amount_fen=payload.amount_fen,
        programme=payload.programme,
    )
    return Status(
        201, {"funding": row.pk, "amount_fen": row.amount_fen, "transfer": row.transfer_key}
    )


@router.put("/joint-projects/{code}/ip-agreement", response={200: ProjectOut, **ERRORS}, **WRITE)
def ip_agreement(request: HttpRequest, code: str, payload: IPAgreementIn) -> Any:
    """Record the IP agreement: foreground shares (percent, summing to 100) and background IP."""
    actor = actor_of(request)
    projects.set_ip_agreement(
        actor=actor,
        code=code,
        shares=payload.shares,
        background=[b.model_dump() for b in payload.background],
        terms=payload.terms,
    )
    return present.project(queries.project(actor, code))


@router.post("/joint-projects/{code}/results", response={201: ResultOut, **ERRORS}, **WRITE)
def register_result(request: HttpRequest, code: str, payload: ResultIn) -> Any:
    """Register a result as a catalog technology co-owned by the partners by their shares."""
    row = projects.register_result(actor=actor_of(request), code=code, **payload.model_dump())
    return Status(
        201,
        {
            "item": row.item_id,
            "owner": row.item.owner.code,
            "co_owners": [
                {"organization": c["organization"], "share": c["share"]}
                for c in row.item.details.get("co_owners", [])
            ],
        },
    )


@router.post(
    "/joint-projects/{code}/transitions/{transition}",
    response={200: ProjectOut, **ERRORS},
    **WRITE,
)
def act_project(request: HttpRequest, code: str, transition: str) -> Any:
    """start, complete or cancel a project."""
    row = projects.transition_project(actor=actor_of(request), code=code, move=transition)
    return present.project(row)


@router.post(
    "/project-milestones/{milestone_id}/{transition}",
    response={200: MilestoneOut, **ERRORS},
    **WRITE,
)
def act_milestone(
    request: HttpRequest, milestone_id: int, transition: str, payload: MilestoneActIn
) -> Any:
    """submit (evidence), accept or reject (review), pay or drop a milestone."""
    row = projects.transition_milestone(
        actor=actor_of(request),
        milestone_id=milestone_id,
        move=transition,
        evidence=payload.evidence,
        review=payload.review,
    )
    return next(m for m in present.project(row.project)["milestones"] if m["id"] == row.pk)
