"""Reads of alliances and joint projects, restricted by the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, Sum

from innofield.core.errors import NotFound
from innofield.core.permissions import Actor, is_platform_admin, organization_ids

from . import money, projects
from .models import AllianceMembership, JointProject, OrgAlliance, PoolEntry


def alliances(actor: Actor, text: str = "") -> QuerySet[OrgAlliance]:
    """Active alliances (and every one to platform admins), by code."""
    qs = OrgAlliance.objects.select_related("lead", "region")
    if not is_platform_admin(actor):
        qs = qs.filter(state="active")
    if text:
        qs = qs.filter(Q(name_zh__icontains=text) | Q(name_en__icontains=text) | Q(code=text))
    return qs


def alliance(actor: Actor, code: str) -> OrgAlliance:
    """One visible alliance or :class:`NotFound`."""
    row = alliances(actor).filter(code=code).first()
    if row is None:
        raise NotFound(f"no alliance {code}")
    return row


def members(alliance: OrgAlliance, actor: Actor) -> list[AllianceMembership]:
    """Current members for everyone; applications too for the lead's and the applicants'
    people."""
    qs = alliance.members.select_related("organization__region").order_by("id")
    mine = set(organization_ids(actor, "view"))
    if is_platform_admin(actor) or alliance.lead_id in mine:
        return list(qs)
    return [m for m in qs if m.state == "member" or m.organization_id in mine]


def pool(alliance: OrgAlliance) -> list[PoolEntry]:
    """The active pool with the items and their owners."""
    return list(
        alliance.pool.filter(active=True, item__status="active")
        .select_related("item__owner", "item__booking_policy")
        .order_by("item__kind", "id")
    )


def fees_paid(alliance: OrgAlliance) -> int:
    """Fen paid in fees into the alliance's fund."""
    return money.balance(money.alliance_account(alliance.code))


def is_lead(actor: Actor, alliance: OrgAlliance) -> bool:
    """True if the actor manages the alliance's lead (or is a platform admin)."""
    return is_platform_admin(actor) or alliance.lead_id in organization_ids(actor, "manage")


def project_list(actor: Actor, text: str = "") -> QuerySet[JointProject]:
    """Visible projects, newest first."""
    qs = projects.visible(actor)
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(code=text))
    return qs


def project(actor: Actor, code: str) -> JointProject:
    """One visible project or :class:`NotFound`."""
    row = projects.visible(actor).filter(code=code).first()
    if row is None:
        raise NotFound(f"no joint project {code}")
    return row


def money_of(project: JointProject) -> dict[str, Any]:
    """Budget, partners' budgets, funding, escrow, paid and remaining amounts in fen."""
    budgets = project.partners.aggregate(s=Sum("budget_fen"))["s"] or 0
    return {
        "budget_fen": project.budget_fen,
        "partner_budgets_fen": budgets,
        "funded_fen": project.fundings.aggregate(s=Sum("amount_fen"))["s"] or 0,
        "escrow_fen": money.balance(money.project_escrow(project.pk)),
        "paid_fen": project.milestones.filter(state="paid").aggregate(s=Sum("amount_fen"))["s"]
        or 0,
        "remaining_fen": projects.remaining_budget(project),
    }


def regions_of(project: JointProject) -> list[str]:
    """The distinct provinces (or regions) of the partners."""
    out: list[str] = []
    for p in project.partners.select_related("organization__region__parent"):
        region = p.organization.region
        while region.parent is not None and region.level not in ("province", "country"):
            region = region.parent
        if region.code not in out:
            out.append(region.code)
    return out


def collaboration_edges(*, include_drafts: bool = False) -> list[dict[str, Any]]:
    """Organisation pairs that work together, for network analysis: every pair of partners
    of a joint project (``kind`` ``project``) and every pair of current, taking-part
    members (lead, core, ordinary — not observers) of an active alliance (``kind``
    ``alliance``), each with the record's code and a ``weight``.

    A project or an alliance with ``n`` organisations is a clique: every pair is tied
    (partners work with each other in the work packages, not only with the lead), each
    tie weighing ``1 / (n - 1)`` — Newman's collaboration weighting (Phys. Rev. E 64,
    016132, 2001), so that each organisation's strength from one record is 1 however
    large it is and a 30-member alliance does not drown a two-partner project. Drafts
    and cancelled projects are left out unless asked for (cancelled ones always)."""
    from itertools import combinations

    from .models import Partner

    partners = Partner.objects.select_related("project", "organization").order_by(
        "project_id", "organization__code"
    )
    partners = partners.exclude(
        project__state__in=("cancelled",) if include_drafts else ("draft", "cancelled")
    )
    by_project: dict[str, list[str]] = {}
    for p in partners:
        by_project.setdefault(p.project.code, []).append(p.organization.code)
    members = AllianceMembership.objects.filter(
        state="member", alliance__state="active", role__in=TAKING_PART
    )
    by_alliance: dict[str, list[str]] = {}
    for m in members.select_related("alliance", "organization").order_by("organization__code"):
        by_alliance.setdefault(m.alliance.code, []).append(m.organization.code)
    edges: list[dict[str, Any]] = []
    for kind, groups in (("project", by_project), ("alliance", by_alliance)):
        for code, orgs in groups.items():
            weight = 1.0 / (len(orgs) - 1) if len(orgs) > 1 else 0.0
            edges += [
                {"source": a, "target": b, "kind": kind, "ref": code, "weight": weight}
                for a, b in combinations(orgs, 2)
            ]
    return edges


#: Alliance roles that take part in the work (observers only watch): network ties.
TAKING_PART = ("lead", "core", "ordinary")


def project_edges() -> list[dict[str, Any]]:
    """The collaboration network's ``project`` edge source (see :func:`collaboration_edges`)."""
    return [e for e in collaboration_edges() if e["kind"] == "project"]


def alliance_edges() -> list[dict[str, Any]]:
    """The collaboration network's ``alliance`` edge source (see :func:`collaboration_edges`)."""
    return [e for e in collaboration_edges() if e["kind"] == "alliance"]
