"""Turning registry rows into the plain values the rules need, and naming ledger accounts.

Account codes: ``ORG-<org code>`` (an organization's account, never negative),
``BUDGET-<region code>`` (a region's voucher budget, owned by its government),
``CLR-<province code>`` (a province's clearing account, may hold either sign),
``PROG-<programme code>`` (unallocated programme budget) and
``PROG-<programme code>-G`` (granted but not yet redeemed).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from innofield.core.errors import Conflict
from innofield.core.permissions import Actor
from innofield.ledger import engine
from innofield.ledger.codes import organization_account
from innofield.ledger.models import Account
from innofield.registry.models import Membership, Organization, Region

from .rules import Party


def region_chain(region: Region) -> list[str]:
    """The codes of ``region`` and all its ancestors, nearest first."""
    out, seen = [], set()
    node: Region | None = region
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        out.append(node.code)
        node = node.parent
    return out


def province_of(region: Region) -> Region:
    """The province containing ``region`` (the region itself if it has no province above)."""
    node: Region | None = region
    while node is not None:
        if node.level == Region.Level.PROVINCE:
            return node
        node = node.parent
    return region


def party(org: Organization) -> Party:
    """``org`` as the rules see it."""
    employees = (org.attributes or {}).get("employees")
    members = frozenset(
        Membership.objects.filter(organization=org).values_list("user_id", flat=True)
    )
    return Party(
        id=org.pk,
        type=org.type,
        regions=tuple(region_chain(org.region)),
        host=org.host_id,
        employees=employees if isinstance(employees, int) else None,
        members=members,
    )


def org_account_code(org: Organization) -> str:
    """The code of an organization's own account (the ledger's convention)."""
    return organization_account(org)


def clearing_code(province_code: str) -> str:
    """The code of a province's clearing account."""
    return f"CLR-{province_code}"


def budget_code(region: Region) -> str:
    """The code of a region's voucher budget account."""
    return f"BUDGET-{region.code}"


def _ensure(actor: Actor, code: str, **fields: object) -> str:
    if Account.objects.filter(code=code).exists():
        return code
    try:
        with transaction.atomic():
            engine.open_account(actor=actor, code=code, **fields)  # type: ignore[arg-type]
    except (IntegrityError, Conflict):
        pass  # opened concurrently
    return code


def ensure_org_account(actor: Actor, org: Organization) -> str:
    """Open the organization's account if it does not exist yet; return its code."""
    return engine.ensure_organization_account(actor, org)


def ensure_clearing_account(actor: Actor, province_code: str) -> str:
    """Open a province's clearing account if needed; return its code."""
    return _ensure(
        actor, clearing_code(province_code), name=f"clearing {province_code}", kind="clearing"
    )
