"""Joint credit actions: open a line shared by a lead and partner banks, draw on it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError as DjangoFieldError
from django.db import transaction

from innofield.catalog.models import Item
from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.permissions import Actor
from innofield.ledger import engine
from innofield.ledger.actions import may_pay
from innofield.ledger.models import Transfer
from innofield.registry.models import Organization

from . import credit, parties
from .models import CreditLine, CreditShare, Redemption


def _count(label: str, **filters: Any) -> int:
    """Rows of another app's model (0 if that app has no such model or field yet)."""
    try:
        model = apps.get_model(label)
        return int(model._default_manager.filter(**filters).count())
    except (LookupError, DjangoFieldError):
        return 0


def platform_facts(firm: Organization) -> dict[str, int]:
    """What the platform knows about ``firm`` for scoring."""
    return {
        "technology_items": Item.objects.filter(owner=firm, kind="technology").count(),
        "market_deals": _count(
            "market.Deal", buyer=firm, state__in=["signed", "registered", "completed"]
        ),
        "bookings": _count("booking.Booking", organization=firm, status="completed"),
        "voucher_redemptions": Redemption.objects.filter(grant__firm=firm, status="paid").count(),
        "clawbacks": Redemption.objects.filter(grant__firm=firm, status="clawed_back").count(),
    }


def open_credit_line(
    *,
    actor: Actor,
    code: str,
    firm: Organization,
    lead_bank: Organization,
    limit: int,
    shares: dict[str, int],
    min_score: int = credit.MIN_SCORE,
    synthetic: bool = False,
) -> CreditLine:
    """Open a joint credit line led by ``lead_bank``; ``shares`` maps bank codes (the lead
    included) to basis points summing to 10000. Refused below ``min_score``."""
    if not may_pay(actor, lead_bank.pk):
        raise PermissionDenied(
            f"only a manager, officer or admin of {lead_bank.code} or a "
            "platform admin may open its credit lines"
        )
    problems = credit.share_errors(list(shares.values()))
    if lead_bank.code not in shares:
        problems.append(("shares", f"the lead bank {lead_bank.code} must hold a share"))
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= 10**15:
        problems.append(("limit", "must be a positive integer number of fen, at most 10**15"))
    if not isinstance(code, str) or not 0 < len(code.strip()) <= 60:
        problems.append(("code", "must be a non-empty text of at most 60 characters"))
    banks = {o.code: o for o in Organization.objects.filter(code__in=list(shares))}
    for bank_code in shares:
        bank = banks.get(bank_code)
        if bank is None or bank.type != Organization.Type.FINANCIAL_INSTITUTION:
            problems.append(("shares", f"{bank_code} is not a financial institution"))
    if firm.type not in ("sme", "specialized_sme"):
        problems.append(("firm", f"joint credit is for tech SMEs, not {firm.type}"))
    value, why = credit.score(platform_facts(firm))
    if not problems and value < min_score:
        problems.append(("firm", f"score {value} is below the minimum {min_score}"))
    if problems:
        raise ValidationFailed([FieldError(f, r) for f, r in problems])
    with transaction.atomic():
        if CreditLine.objects.filter(code=code).exists():
            raise Conflict(f"code: a credit line {code!r} already exists")
        line = CreditLine.objects.create(
            code=code,
            firm=firm,
            lead_bank=lead_bank,
            limit=limit,
            score=value,
            explanation=why,
            synthetic=synthetic,
        )
        for bank_code, bp in shares.items():
            CreditShare.objects.create(
                line=line, bank=banks[bank_code], share_bp=bp, lead=bank_code == lead_bank.code
            )
        audit.record(
            actor, "vouchers.credit.open", line, {"limit": limit, "score": value, "shares": shares}
        )
    return line


def draw_credit(*, actor: Actor, line_id: int, amount: int, key: str) -> list[Transfer]:
    """Draw ``amount`` fen: each bank pays its share from ``ORG-<bank>`` to the firm's
    account, all or nothing, once per ``key`` of this line."""
    if not isinstance(key, str) or not key.strip() or len(key) > 150 or ":" in key:
        raise ValidationFailed.single(
            "key", "must be a non-empty text of at most 150 characters without ':'"
        )
    with transaction.atomic():
        line = get_visible(
            CreditLine.objects.select_for_update().select_related("firm", "lead_bank"),
            line_id,
            "credit line",
        )
        if not may_pay(actor, line.lead_bank_id):
            raise PermissionDenied(f"only the lead bank {line.lead_bank.code} may draw")
        scope = f"vouchers:credit:{line.pk}:{key}:"  # a key is the line's own
        done = list(Transfer.objects.filter(key__startswith=scope))
        if done:
            if sum(t.amount for t in done) != amount:
                raise Conflict(
                    f"amount: key {key!r} was already used for a draw of "
                    f"{sum(t.amount for t in done)} fen"
                )
            return done
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationFailed.single("amount", "must be a positive integer number of fen")
        if line.drawn + amount > line.limit:
            raise ValidationFailed.single(
                "amount", f"exceeds the limit: {line.limit - line.drawn} fen left"
            )
        shares = list(line.shares.select_related("bank"))
        firm_acct = parties.ensure_org_account(actor, line.firm)
        legs = [
            (parties.ensure_org_account(actor, s.bank), part)
            for s, part in zip(
                shares, credit.split(amount, [s.share_bp for s in shares]), strict=True
            )
            if part > 0
        ]
        engine.lock_accounts([firm_acct] + [code for code, _ in legs])
        out = [
            engine.transfer(
                actor=actor,
                key=f"{scope}{n}",
                debit=code,
                credit=firm_acct,
                amount=part,
                memo=f"draw on {line.code}",
            )
            for n, (code, part) in enumerate(legs)
        ]
        line.drawn += amount
        line.save(update_fields=["drawn"])
        audit.record(actor, "vouchers.credit.draw", line, {"amount": amount, "key": key})
    return out
