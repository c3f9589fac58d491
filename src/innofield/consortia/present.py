"""Alliances and projects as the API shows them."""

from __future__ import annotations

from typing import Any

from innofield.core.permissions import Actor

from . import queries
from .models import AllianceMembership, JointProject, OrgAlliance, PoolEntry


def membership(m: AllianceMembership) -> dict[str, Any]:
    """A membership row."""
    return {
        "id": m.pk,
        "organization": m.organization.code,
        "organization_name": m.organization.name_zh,
        "role": m.role,
        "state": m.state,
        "synthetic": m.synthetic,
    }


def alliance(a: OrgAlliance, actor: Actor, *, with_members: bool = False) -> dict[str, Any]:
    """An alliance (with its members where asked)."""
    return {
        "code": a.code,
        "name_zh": a.name_zh,
        "name_en": a.name_en,
        "kind": a.kind,
        "lead": a.lead.code,
        "region": a.region.code if a.region else None,
        "founded_on": a.founded_on,
        "charter": a.charter,
        "fees": a.fees or {},
        "account": a.account_code,
        "fees_paid_fen": queries.fees_paid(a),
        "source": a.source,
        "state": a.state,
        "synthetic": a.synthetic,
        "members": [membership(m) for m in queries.members(a, actor)] if with_members else [],
    }


def pool_entry(e: PoolEntry) -> dict[str, Any]:
    """A pooled resource (instruments: the member price per hour in yuan)."""
    policy = getattr(e.item, "booking_policy", None) if e.item.kind == "instrument" else None
    price = getattr(policy, "price_member_fen", None)
    return {
        "id": e.pk,
        "item": e.item.pk,
        "kind": e.item.kind,
        "title": e.item.title,
        "owner": e.item.owner.code,
        "terms": e.terms,
        "member_price_fen": price,
    }


def project(p: JointProject) -> dict[str, Any]:
    """A project in full."""
    regions = queries.regions_of(p)
    ip = getattr(p, "ip", None)
    return {
        "code": p.code,
        "title": p.title,
        "summary": p.summary,
        "lead": p.lead.code,
        "alliance": p.alliance.code if p.alliance else None,
        "state": p.state,
        "regions": regions,
        "cross_region": len(regions) > 1,
        "money": queries.money_of(p),
        "partners": [
            {
                "organization": x.organization.code,
                "organization_name": x.organization.name_zh,
                "region": x.organization.region.code,
                "role": x.role,
                "budget_fen": x.budget_fen,
                "ip_share": None if x.ip_share is None else str(x.ip_share.normalize()),
            }
            for x in p.partners.select_related("organization__region").order_by("id")
        ],
        "packages": [
            {"code": w.code, "title": w.title, "leader": w.leader.code}
            for w in p.packages.select_related("leader")
        ],
        "milestones": [
            {
                "id": m.pk,
                "seq": m.seq,
                "title": m.title,
                "package": m.package.code if m.package else None,
                "due_on": m.due_on,
                "amount_fen": m.amount_fen,
                "deliverables": m.deliverables,
                "evidence": m.evidence,
                "review": m.review,
                "state": m.state,
                "payments": m.payments,
            }
            for m in p.milestones.select_related("package")
        ],
        "fundings": [
            {
                "funder": f.funder.code,
                "programme": f.programme,
                "amount_fen": f.amount_fen,
                "refunded_fen": f.refunded_fen,
            }
            for f in p.fundings.select_related("funder")
        ],
        "ip_agreement": None
        if ip is None or ip.agreed_at is None
        else {"background": ip.background, "terms": ip.terms, "agreed_at": ip.agreed_at},
        "results": [r.item_id for r in p.results.all()],
        "synthetic": p.synthetic,
    }
