"""Actions of programme officers: region accounts, programmes, grants, expiry.

Who may: platform admins open a region's budget and clearing accounts; managers,
officers and admins of the government organization that runs a programme create it,
grant from it and expire its grants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor, is_platform_admin
from innofield.ledger import engine
from innofield.ledger.actions import may_pay
from innofield.ledger.models import Account
from innofield.ledger.rules import CODE_PATTERN
from innofield.registry.models import Alliance, Organization, Region

from . import lifecycle, parties, rules
from .models import Grant, Programme


def _fail(problems: rules.Problems) -> None:
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])


def require_officer(actor: Actor, org_id: int, what: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` runs the government organization."""
    if not may_pay(actor, org_id):
        raise PermissionDenied(
            f"only a manager, officer or admin of the issuing organization "
            f"or a platform admin may {what}"
        )


def open_region_accounts(*, actor: Actor, region: Region, government: Organization) -> str:
    """Open a region's voucher budget account (owned by ``government``) and its province's
    clearing account; platform admins only. Returns the budget account code."""
    if not is_platform_admin(actor):
        raise PermissionDenied("only platform admins may open a region's accounts")
    with transaction.atomic():
        code = parties.budget_code(region)
        if not Account.objects.filter(code=code).exists():
            engine.open_account(
                actor=actor,
                code=code,
                name=f"voucher budget {region.code}",
                kind="programme",
                owner=government,
                debits_must_not_exceed_credits=True,
            )
        parties.ensure_clearing_account(actor, parties.province_of(region).code)
    return code


PROGRAMME_FIELDS = (
    "co_funding_bp",
    "cap_per_firm_year",
    "max_per_contract",
    "split_window_days",
    "valid_from",
    "valid_to",
    "eligible_org_types",
    "max_employees",
    "eligible_regions",
    "provider_regions",
    "service_kinds",
    "modes",
)


def create_programme(
    *,
    actor: Actor,
    code: str,
    name: str,
    issuer_region: Region,
    officer_org: Organization,
    budget: int,
    issuer_alliance: Alliance | None = None,
    synthetic: bool = False,
    **terms: Any,
) -> Programme:
    """Create a programme and move ``budget`` fen from the region's budget account into it.

    ``terms`` are the :class:`~.rules.Terms` fields; ``eligible_regions`` defaults to
    the issuer (or the alliance's regions).
    """
    require_officer(actor, officer_org.pk, "create a voucher programme")
    unknown = set(terms) - set(PROGRAMME_FIELDS)
    if unknown:
        raise ValidationFailed([FieldError(f, "unknown programme term") for f in sorted(unknown)])
    if not terms.get("eligible_regions"):
        terms["eligible_regions"] = (
            [r.code for r in issuer_alliance.regions.all()]
            if issuer_alliance
            else [issuer_region.code]
        )
    terms.setdefault("modes", list(rules.MODES))
    terms.setdefault("split_window_days", 30)
    terms.setdefault("max_per_contract", None)
    problems: rules.Problems = []
    if not isinstance(budget, int) or isinstance(budget, bool) or not 0 < budget <= rules.MAX_FEN:
        problems.append(
            ("budget", f"must be a positive integer number of fen, at most {rules.MAX_FEN}")
        )
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        problems.append(("name", "must be a non-empty text of at most 200 characters"))
    if not isinstance(code, str) or len(code) > 40 or not CODE_PATTERN.match(code):
        problems.append(("code", "must be 1-40 letters, digits or _ . : -"))
    missing = [
        (f, "is required")
        for f in ("co_funding_bp", "cap_per_firm_year", "valid_from", "valid_to")
        if terms.get(f) is None
    ]
    _fail(problems + missing)
    _fail(problems + rules.terms_errors(rules.Terms(**terms)))
    funding = parties.budget_code(issuer_region)
    with transaction.atomic():
        if Programme.objects.filter(code=code).exists():
            raise ValidationFailed.single("code", f"a programme {code!r} already exists")
        acct = engine.open_account(
            actor=actor,
            code=f"PROG-{code}",
            name=f"programme {code}",
            kind="programme",
            owner=officer_org,
            debits_must_not_exceed_credits=True,
        )
        granted = engine.open_account(
            actor=actor,
            code=f"PROG-{code}-G",
            name=f"programme {code} granted",
            kind="programme",
            owner=officer_org,
            debits_must_not_exceed_credits=True,
        )
        if not Account.objects.filter(code=funding, owner=officer_org).exists():
            raise ValidationFailed.single(
                "issuer_region",
                f"no budget account {funding} owned "
                f"by {officer_org.code}; a platform admin opens it",
            )
        try:
            engine.transfer(
                actor=actor,
                key=f"vouchers:fund:{code}",
                debit=funding,
                credit=acct.code,
                amount=budget,
                memo=f"budget of programme {code}",
            )
        except ValidationFailed as exc:
            raise ValidationFailed.single(
                "budget", f"the region's budget is short: {exc.errors[0].reason}"
            ) from exc
        programme = Programme.objects.create(
            code=code,
            name=name,
            issuer_region=issuer_region,
            issuer_alliance=issuer_alliance,
            officer_org=officer_org,
            budget=budget,
            account=acct,
            granted_account=granted,
            synthetic=synthetic,
            **terms,
        )
        audit.record(actor, "vouchers.programme.create", programme, audit.snapshot(programme))
    return programme


def grant(
    *,
    actor: Actor,
    key: str,
    programme_id: int,
    firm: Organization,
    amount: int,
    today: dt.date | None = None,
    synthetic: bool = False,
) -> Grant:
    """Grant ``amount`` fen to ``firm``; the same ``key`` grants once. Refused when the firm
    is not eligible, the programme is not valid today, the yearly cap would be exceeded
    or the programme's unallocated budget is short."""
    today = today or timezone.localdate()
    if not isinstance(key, str) or not key.strip() or len(key) > 150:
        raise ValidationFailed.single("key", "must be a non-empty text of at most 150 characters")
    with transaction.atomic():
        programme = get_visible(Programme.objects.select_for_update(), programme_id, "programme")
        require_officer(actor, programme.officer_org_id, "grant vouchers")
        existing = Grant.objects.filter(key=key).first()
        if existing is not None:
            for field, old, new in (
                ("programme", existing.programme_id, programme_id),
                ("firm", existing.firm_id, firm.pk),
                ("amount", existing.amount, amount),
            ):
                if old != new:
                    raise Conflict(
                        f"{field}: key {key!r} was already used for grant "
                        f"#{existing.pk} with a different {field}"
                    )
            return existing
        if programme.status != Programme.Status.OPEN:
            raise ValidationFailed.single("programme", "the programme is closed")
        t = programme.terms
        so_far = (
            Grant.objects.filter(programme=programme, firm=firm, year=today.year).aggregate(
                s=Sum("amount")
            )["s"]
            or 0
        )
        _fail(
            rules.eligibility_errors(t, parties.party(firm))
            + rules.grant_errors(t, amount=amount, granted_this_year=so_far, today=today)
        )
        row = Grant.objects.create(
            key=key,
            programme=programme,
            firm=firm,
            amount=amount,
            year=today.year,
            expires_on=t.valid_to,
            synthetic=synthetic,
        )
        try:
            engine.transfer(
                actor=actor,
                key=f"vouchers:grant:{key}",
                debit=programme.account.code,
                credit=programme.granted_account.code,
                amount=amount,
                memo=f"grant #{row.pk} to {firm.code}",
            )
        except ValidationFailed as exc:
            raise ValidationFailed.single(
                "amount", f"the programme's budget is short: {exc.errors[0].reason}"
            ) from exc
        audit.record(actor, "vouchers.grant.create", row, audit.snapshot(row))
    return row


def expire_grants(*, actor: Actor, programme_id: int, today: dt.date | None = None) -> int:
    """Expire the programme's grants past their date and return what is left on them to
    the programme budget; returns the number of grants expired."""
    today = today or timezone.localdate()
    with transaction.atomic():
        programme = get_visible(Programme.objects.all(), programme_id, "programme")
        if actor is not None:  # None: the system (CLI or a scheduled run)
            require_officer(actor, programme.officer_org_id, "expire grants")
        rows = list(
            Grant.objects.select_for_update().filter(
                programme=programme, status=Grant.Status.ACTIVE, expires_on__lt=today
            )
        )
        for g in rows:
            left = g.remaining
            if left > 0:
                engine.transfer(
                    actor=actor,
                    key=f"vouchers:expire:{g.key}",
                    debit=programme.granted_account.code,
                    credit=programme.account.code,
                    amount=left,
                    memo=f"expiry of grant #{g.pk}",
                )
            g.released, g.status = g.released + left, lifecycle.GRANT.advance(g.status, "expire")
            g.save(update_fields=["released", "status"])
            audit.record(actor, "vouchers.grant.expire", g, {"released": left})
    return len(rows)
