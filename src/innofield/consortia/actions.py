"""State changes of alliances of organisations: founding, applications and decisions,
fees on the ledger and the resource pool. Each takes the acting user, runs in one
transaction and writes its audit row in it.

Rules (each refused with 422 naming the field):

* ``role`` — one of lead, core, ordinary, observer; nobody applies as lead (the lead is
  the founder);
* ``organization`` — one live application or membership per organisation and alliance;
* ``membership`` — fees are paid and resources pooled by current members only; observers
  owe no fee and pool nothing;
* ``item`` — only instruments, datasets and computing offers are pooled, by their owner;
* ``member_price`` — a pooled instrument names its member price (the booking policy's
  member tier).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from innofield.booking import facility_actions
from innofield.catalog.models import Item
from innofield.core import audit
from innofield.core.errors import (
    Conflict,
    FieldError,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, require, require_member
from innofield.registry.models import Organization, Region

from . import money
from .lifecycle import ALLIANCE, MEMBERSHIP
from .models import (
    KINDS,
    POOL_KINDS,
    ROLES,
    TERMS_ROLES,
    AllianceMembership,
    FeePayment,
    OrgAlliance,
    PoolEntry,
)

LEAD_MOVES = ("approve", "reject", "expel")
MEMBER_MOVES = ("withdraw",)


def _fail(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])


def _fees(fees: dict[str, int], problems: list[tuple[str, str]]) -> dict[str, int]:
    out = {}
    for role, fen in (fees or {}).items():
        if role not in ROLES:
            problems.append((f"fees.{role}", f"not a role; roles: {', '.join(ROLES)}"))
        elif not isinstance(fen, int) or isinstance(fen, bool) or not 0 <= fen <= 10**12:
            problems.append((f"fees.{role}", "a yearly fee in fen, 0 or more"))
        else:
            out[role] = fen
    if out.get("observer"):
        problems.append(("fees.observer", "observers pay no fee"))
    return out


def create_alliance(
    *,
    actor: Actor,
    code: str,
    name_zh: str,
    lead: Organization,
    name_en: str = "",
    kind: str = KINDS[0],
    charter: str = "",
    region: Region | None = None,
    founded_on: dt.date | None = None,
    fees: dict[str, int] | None = None,
    source: str = "",
    synthetic: bool = False,
) -> OrgAlliance:
    """Found an alliance led by ``lead`` (its managers or platform admins): the alliance,
    its fund on the ledger and the lead's membership."""
    require_member(actor, lead, "manage")
    problems: list[tuple[str, str]] = []
    if not code.strip() or len(code) > 40:
        problems.append(("code", "is required, at most 40 characters"))
    if not name_zh.strip():
        problems.append(("name_zh", "is required"))
    if kind not in KINDS:
        problems.append(("kind", f"must be one of {', '.join(KINDS)}"))
    clean_fees = _fees(fees or {}, problems)
    _fail(problems)
    with transaction.atomic():
        if OrgAlliance.objects.filter(code=code.strip()).exists():
            raise ValidationFailed.single("code", f"alliance {code} exists already")
        row = OrgAlliance.objects.create(
            code=code.strip(),
            name_zh=name_zh.strip(),
            name_en=name_en.strip(),
            kind=kind,
            charter=charter.strip(),
            lead=lead,
            region=region,
            founded_on=founded_on,
            fees=clean_fees,
            source=source.strip(),
            state=ALLIANCE.start("found"),
            synthetic=synthetic,
        )
        row.account_code = money.open_alliance_account(actor, row)
        row.save(update_fields=["account_code"])
        AllianceMembership.objects.create(
            alliance=row,
            organization=lead,
            role="lead",
            state=MEMBERSHIP.start("found"),
            decided_at=timezone.now(),
            decided_by_id=getattr(actor, "pk", None),
            synthetic=synthetic,
        )
        audit.record(actor, "consortia.alliance.found", row, after=audit.snapshot(row))
    return row


def apply(
    *,
    actor: Actor,
    alliance_code: str,
    organization: Organization,
    role: str = "ordinary",
    motivation: str = "",
    synthetic: bool = False,
) -> AllianceMembership:
    """Apply for ``organization`` (its managers) to join an alliance in ``role``."""
    require_member(actor, organization, "manage")
    if role not in ROLES:
        raise ValidationFailed.single("role", f"must be one of {', '.join(ROLES)}")
    if role == "lead":
        raise ValidationFailed.single("role", "an alliance has one lead, its founder")
    with transaction.atomic():
        alliance = OrgAlliance.objects.select_for_update().filter(code=alliance_code).first()
        if alliance is None or alliance.state != "active":
            raise NotFound(f"no active alliance {alliance_code}")
        live = AllianceMembership.objects.filter(
            alliance=alliance, organization=organization, state__in=("applied", "member")
        ).first()
        if live is not None:
            raise ValidationFailed.single(
                "organization", f"{organization.code} is already {live.state} in {alliance.code}"
            )
        row = AllianceMembership.objects.create(
            alliance=alliance,
            organization=organization,
            role=role,
            motivation=motivation.strip(),
            state=MEMBERSHIP.start("apply"),
            synthetic=synthetic,
        )
        audit.record(actor, "consortia.membership.apply", row, after=audit.snapshot(row))
    return row


def transition_membership(
    *, actor: Actor, membership_id: int, move: str, role: str = ""
) -> AllianceMembership:
    """``approve`` (optionally in another ``role``), ``reject`` or ``expel`` — the lead's
    managers; ``withdraw`` — the member's managers."""
    if move not in LEAD_MOVES + MEMBER_MOVES:
        raise ValidationFailed.single("transition", f"unknown membership transition {move!r}")
    with transaction.atomic():
        row = get_visible(
            AllianceMembership.objects.select_for_update(of=("self",)).select_related(
                "alliance", "organization"
            ),
            membership_id,
            "membership",
        )
        if move in LEAD_MOVES:
            require(actor, "manage", row.alliance)
        else:
            require_member(actor, row.organization, "manage")
        if row.role == "lead" and move in ("withdraw", "expel"):
            raise ValidationFailed.single("role", "the lead cannot leave its own alliance")
        before = audit.snapshot(row)
        old, row.state = row.state, MEMBERSHIP.advance(row.state, move)
        if move == "approve" and role:
            if role not in ROLES or role == "lead":
                raise ValidationFailed.single("role", "core, ordinary or observer")
            row.role = role
        row.decided_at = timezone.now()
        row.decided_by_id = getattr(actor, "pk", None)
        row.save(update_fields=["state", "role", "decided_at", "decided_by"])
        audit.record(
            actor,
            f"consortia.membership.{move}",
            row,
            {"state": [old, row.state]},
            before=before,
            after=audit.snapshot(row),
        )
    return row


def pay_fee(*, actor: Actor, membership_id: int, year: int) -> FeePayment:
    """Pay a member's fee for ``year`` (its role's fee in the charter) from the member's
    account into the alliance's fund; only who may pay for the member can."""
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not this_year - 5 <= year <= this_year + 1:
        raise ValidationFailed.single("year", f"a year from {this_year - 5} to {this_year + 1}")
    with transaction.atomic():
        row = get_visible(
            AllianceMembership.objects.select_for_update(of=("self",)).select_related(
                "alliance", "organization"
            ),
            membership_id,
            "membership",
        )
        require_member(actor, row.organization, "pay")
        if row.state != "member":
            raise ValidationFailed.single("membership", f"is {row.state}, not a current member")
        amount = row.alliance.fee_for(row.role)
        if amount <= 0:
            raise ValidationFailed.single("role", f"the charter sets no fee for {row.role}")
        if FeePayment.objects.filter(membership=row, year=year).exists():
            raise ValidationFailed.single("year", f"the fee for {year} is paid already")
        fee = FeePayment.objects.create(
            membership=row, year=year, amount_fen=amount, transfer_key="-"
        )
        fee.transfer_key = money.pay_fee(actor, fee)
        fee.save(update_fields=["transfer_key"])
        audit.record(actor, "consortia.fee.pay", fee, after=audit.snapshot(fee))
    return fee


def _member_with_terms(alliance: OrgAlliance, org: Organization) -> AllianceMembership:
    row = AllianceMembership.objects.filter(
        alliance=alliance, organization=org, state="member"
    ).first()
    if row is None:
        raise ValidationFailed.single(
            "membership", f"{org.code} is not a member of {alliance.code}"
        )
    if row.role not in TERMS_ROLES:
        raise ValidationFailed.single("membership", "observers do not pool resources")
    return row


def pool(
    *,
    actor: Actor,
    alliance_code: str,
    item_id: int,
    terms: str = "",
    member_price_fen: int | None = None,
    synthetic: bool = False,
) -> PoolEntry:
    """Make a member's instrument, dataset or computing offer available to the alliance's
    members at member terms (its owner's managers). An instrument's member price is set
    on its booking policy (the booking ``member`` tier)."""
    with transaction.atomic():
        alliance = OrgAlliance.objects.filter(code=alliance_code, state="active").first()
        if alliance is None:
            raise NotFound(f"no active alliance {alliance_code}")
        item = get_visible(Item.objects.select_related("owner"), item_id, "item")
        require(actor, "manage", item)
        if item.kind not in POOL_KINDS or item.status != "active":
            raise ValidationFailed.single(
                "item", f"an active {', '.join(POOL_KINDS)} item is pooled, not {item.kind}"
            )
        _member_with_terms(alliance, item.owner)
        if item.kind == "instrument":
            from innofield.booking.terms import policy_of

            if member_price_fen is not None:
                facility_actions.set_policy(
                    actor=actor,
                    instrument_id=item.pk,
                    data={"price_member_fen": member_price_fen},
                )
            elif policy_of(item).price_member_fen is None:
                raise ValidationFailed.single(
                    "member_price_fen", "a pooled instrument names its member price per hour"
                )
        row, created = PoolEntry.objects.get_or_create(
            alliance=alliance,
            item=item,
            defaults={"terms": terms.strip(), "synthetic": synthetic},
        )
        if not created:
            if row.active and not terms:
                raise Conflict(f"item {item.pk} is already in the pool of {alliance.code}")
            row.active, row.terms = True, terms.strip() or row.terms
            row.save(update_fields=["active", "terms"])
        audit.record(actor, "consortia.pool.add", row, after=audit.snapshot(row))
    return row


def unpool(*, actor: Actor, entry_id: int) -> PoolEntry:
    """Take an item out of the pool (its owner's managers or the alliance's lead)."""
    with transaction.atomic():
        row = get_visible(
            PoolEntry.objects.select_related("alliance", "item"), entry_id, "pool entry"
        )
        try:
            require(actor, "manage", row.item)
        except PermissionDenied:
            require(actor, "manage", row.alliance)
        row.active = False
        row.save(update_fields=["active"])
        audit.record(actor, "consortia.pool.remove", row, {"active": [True, False]})
    return row


def params(data: dict[str, Any]) -> dict[str, Any]:
    """Resolve organisation and region codes of an alliance body to rows (422 if unknown)."""
    out = dict(data)
    lead = Organization.objects.filter(code=out.pop("lead", "")).first()
    if lead is None:
        raise ValidationFailed.single("lead", "no such organisation")
    out["lead"] = lead
    region_code = out.pop("region", "")
    out["region"] = None
    if region_code:
        out["region"] = Region.objects.filter(code=region_code).first()
        if out["region"] is None:
            raise ValidationFailed.single("region", f"no region {region_code!r}")
    return out
