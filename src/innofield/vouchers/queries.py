"""Reading vouchers per role: what a firm, a provider and a programme officer may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from innofield.core.errors import NotFound
from innofield.core.permissions import Actor, is_platform_admin, organization_ids, restrict

from .models import ClearingClaim, CreditLine, Grant, Programme, Redemption, SettlementBatch


def programmes(actor: Actor) -> QuerySet[Programme]:
    """Open programmes (anyone) and those the actor's organizations run."""
    return restrict(Programme.objects.select_related("issuer_region", "officer_org"), actor)


def programme(actor: Actor, code: str) -> Programme:
    """One visible programme by code."""
    p = programmes(actor).filter(code=code).first()
    if p is None:
        raise NotFound(f"no programme {code!r} visible to you")
    return p


def _orgs(actor: Actor) -> list[int]:
    return organization_ids(actor, "view")


def grants(actor: Actor, *, programme_code: str | None = None) -> QuerySet[Grant]:
    """Grants to the actor's firms and grants of programmes the actor's organizations run."""
    qs = Grant.objects.select_related("programme", "firm")
    if not is_platform_admin(actor):
        orgs = _orgs(actor)
        qs = qs.filter(Q(firm_id__in=orgs) | Q(programme__officer_org_id__in=orgs))
    if programme_code:
        qs = qs.filter(programme__code=programme_code)
    return qs


def redemptions(actor: Actor, *, role: str | None = None) -> QuerySet[Redemption]:
    """Redemptions the actor may see: as firm, as provider or as programme officer;
    ``role`` (``firm`` | ``provider`` | ``officer``) narrows to one of them."""
    qs = Redemption.objects.select_related("grant__programme", "grant__firm", "provider")
    if is_platform_admin(actor) and role is None:
        return qs
    orgs = _orgs(actor)
    views = {
        "firm": Q(grant__firm_id__in=orgs),
        "provider": Q(provider_id__in=orgs),
        "officer": Q(grant__programme__officer_org_id__in=orgs),
    }
    if role is not None:
        return qs.filter(views[role]) if role in views else qs.none()
    return qs.filter(views["firm"] | views["provider"] | views["officer"])


def claims(actor: Actor) -> QuerySet[ClearingClaim]:
    """Clearing claims: platform admins see all, others none."""
    return ClearingClaim.objects.all() if is_platform_admin(actor) else ClearingClaim.objects.none()


def settlements(actor: Actor) -> QuerySet[SettlementBatch]:
    """Settlement batches: platform admins only."""
    qs = SettlementBatch.objects.all()
    return qs if is_platform_admin(actor) else qs.none()


def credit_lines(actor: Actor) -> QuerySet[CreditLine]:
    """Credit lines of the actor's firms and of lines its banks hold shares in."""
    qs = CreditLine.objects.select_related("firm", "lead_bank").prefetch_related("shares__bank")
    if is_platform_admin(actor):
        return qs
    orgs = _orgs(actor)
    return qs.filter(Q(firm_id__in=orgs) | Q(shares__bank_id__in=orgs)).distinct()
