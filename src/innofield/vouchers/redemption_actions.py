"""Redeeming vouchers at providers, clawing them back, and clearing between regions.

Money flows (all on the ledger, in one transaction with the redemption row):

* ``reimburse`` — the firm paid the provider in full; the voucher share goes
  ``PROG-x-G → ORG-<firm>``.
* ``direct``, provider in the issuing province — ``PROG-x-G → ORG-<provider>``.
* ``direct``, provider in another province — the provider's province advances the
  share (``CLR-<provider province> → ORG-<provider>``) and the programme parks it with
  its own province (``PROG-x-G → CLR-<issuer province>``); a :class:`ClearingClaim`
  records the debt, and :func:`settle` moves ``CLR-<issuer> → CLR-<provider>``.

A clawback reverses the payee's leg back into the programme budget and, across
regions, records a negative claim; in ``direct`` mode the evidence kind puts the share
back on the bill it paid, due by the firm again (see :func:`.evidence.clawed_back`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from innofield.catalog.models import Item
from innofield.core import audit
from innofield.core.errors import Conflict, FieldError, PermissionDenied, ValidationFailed
from innofield.core.lookup import get_visible
from innofield.core.money import format_yuan
from innofield.core.permissions import Actor, is_platform_admin, organization_ids
from innofield.ledger import engine
from innofield.ledger.models import Transfer
from innofield.registry.models import Organization

from . import evidence as delivery
from . import lifecycle, parties, rules
from .models import ClearingClaim, Grant, Redemption, SettlementBatch
from .programme_actions import require_officer


def _replay(
    existing: Redemption, grant_id: int, provider: Organization, price: int | None
) -> Redemption:
    for field, old, new in (
        ("grant_id", existing.grant_id, grant_id),
        ("provider", existing.provider_id, provider.pk),
        ("price", existing.price, existing.price if price is None else price),
    ):
        if old != new:
            raise Conflict(
                f"{field}: key {existing.key!r} was already used for redemption "
                f"#{existing.pk} with a different {field}"
            )
    return existing


def redeem(
    *,
    actor: Actor,
    key: str,
    grant_id: int,
    provider: Organization,
    price: int | None,
    service_kind: str,
    evidence: str,
    mode: str,
    item_id: int | None = None,
    today: dt.date | None = None,
    synthetic: bool = False,
) -> Redemption:
    """Redeem a grant at ``provider`` against delivery ``evidence``, once per ``key``.

    The evidence must be a record the platform checks (see :mod:`.evidence`): a
    completed booking or a paid contract milestone of the firm at the provider. The
    price is the evidence's value (``price=None``) or less, never more; one piece of
    evidence backs one redemption. The firm's members may redeem in both modes; in
    ``direct`` mode the provider's members may too — the evidence proves the delivery.
    Every programme rule is checked (see :mod:`.rules`); a refusal names the field and
    the reason and writes nothing.
    """
    today = today or timezone.localdate()
    if not isinstance(key, str) or not key.strip() or len(key) > 150:
        raise ValidationFailed.single("key", "must be a non-empty text of at most 150 characters")
    with transaction.atomic():
        g = get_visible(
            Grant.objects.select_for_update().select_related("programme", "firm__region"),
            grant_id,
            "grant",
        )
        acting_for = set(organization_ids(actor, "create"))
        if not (
            is_platform_admin(actor)
            or g.firm_id in acting_for
            or (mode == "direct" and provider.pk in acting_for)
        ):
            raise PermissionDenied(
                _(
                    "only members of the granted firm (or, in direct mode, of "
                    "the provider) may redeem this voucher"
                )
            )
        existing = Redemption.objects.filter(key=key).first()
        if existing is not None:
            return _replay(existing, grant_id, provider, price)
        item = None
        if item_id is not None:
            item = Item.objects.filter(pk=item_id, owner=provider).first()
            if item is None:
                raise ValidationFailed.single(
                    "item_id",
                    _("no item %(id)s offered by %(code)s")
                    % {"id": item_id, "code": provider.code},
                )
            service_kind = service_kind or item.kind
        try:
            proof = delivery.prove(evidence, firm_id=g.firm_id, provider_id=provider.pk)
        except delivery.Unproven as exc:
            raise ValidationFailed.single("evidence", str(exc)) from None
        if price is None:
            price = proof.value_fen
        elif price > proof.value_fen:
            raise ValidationFailed.single(
                "price",
                _("%(price)s is more than %(what)s is worth (%(value)s)")
                % {
                    "price": format_yuan(price),
                    "what": proof.description,
                    "value": format_yuan(proof.value_fen),
                },
            )
        p = g.programme
        t = p.terms
        since = today - dt.timedelta(days=t.split_window_days)
        recent = (
            Redemption.objects.filter(
                grant__firm_id=g.firm_id,
                provider=provider,
                status=Redemption.Status.PAID,
                created__date__gte=since,
            ).aggregate(s=Sum("subsidy"))["s"]
            or 0
        )
        problems = rules.redemption_errors(
            t,
            firm=parties.party(g.firm),
            provider=parties.party(provider),
            price=price,
            mode=mode,
            service_kind=service_kind,
            evidence=evidence,
            today=today,
            expires_on=g.expires_on,
            grant_active=g.status == Grant.Status.ACTIVE,
            remaining=g.remaining,
            recent_subsidies=[recent],
        )
        if not problems and Redemption.objects.filter(evidence=evidence).exists():
            problems.append(("evidence", f"{evidence} was already used for a redemption"))
        if problems:
            raise ValidationFailed([FieldError(f, r) for f, r in problems])
        share = rules.subsidy(t, price=price, remaining=g.remaining)
        issuer = parties.province_of(p.issuer_region).code
        where = parties.province_of(provider.region).code
        row = Redemption.objects.create(
            key=key,
            grant=g,
            provider=provider,
            item=item,
            service_kind=service_kind,
            mode=mode,
            price=price,
            subsidy=share,
            evidence=evidence,
            issuer_region=issuer,
            provider_region=where,
            actor_id=actor.pk if actor and actor.is_authenticated else None,
            synthetic=synthetic,
        )
        legs = _legs(actor, row, g)
        engine.lock_accounts([code for _, d, c in legs for code in (d, c)])
        moved = [
            engine.transfer(
                actor=actor,
                key=f"vouchers:redeem:{key}:{n}",
                debit=d,
                credit=c,
                amount=share,
                memo=f"voucher redemption #{row.pk} {memo}",
            )
            for n, (memo, d, c) in enumerate(legs)
        ]
        ids = [t.pk for t in moved]
        delivery.settled(evidence, actor=actor, mode=mode, subsidy_fen=share, transfers=moved)
        if row.cross_region and mode == "direct":
            ClearingClaim.objects.create(
                issuer_region=issuer, provider_region=where, amount=share, redemption=row
            )
        g.redeemed += share
        g.save(update_fields=["redeemed"])
        row.transfers = ids
        row.save(update_fields=["transfers"])
        audit.record(actor, "vouchers.redemption.create", row, audit.snapshot(row))
    return row


def _legs(actor: Actor, row: Redemption, g: Grant) -> list[tuple[str, str, str]]:
    """The ``(memo, debit, credit)`` transfers of a redemption."""
    granted = g.programme.granted_account.code
    if row.mode == "reimburse":
        return [("reimbursement", granted, parties.ensure_org_account(actor, g.firm))]
    provider_acct = parties.ensure_org_account(actor, row.provider)
    if not row.cross_region:
        return [("paid to provider", granted, provider_acct)]
    issuer_clr = parties.ensure_clearing_account(actor, row.issuer_region)
    provider_clr = parties.ensure_clearing_account(actor, row.provider_region)
    return [
        ("parked for clearing", granted, issuer_clr),
        ("advanced by provider region", provider_clr, provider_acct),
    ]


def clawback(*, actor: Actor, redemption_id: int, reason: str) -> Redemption:
    """Take back a redemption's subsidy into the programme budget (programme officers).

    Refused if the payee's account cannot cover it; the grant is not replenished and the
    evidence stays claimed (it cannot back another redemption). In ``direct`` mode the
    evidence kind's unsettler (see :mod:`.evidence`) puts the share back on the bill it
    paid, due by the firm again — a booking's invoice, a consultation's fee, a computing
    usage — in the same transaction: all of it happens, or nothing does."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationFailed.single("reason", _("a clawback needs a reason"))
    with transaction.atomic():
        row = get_visible(
            Redemption.objects.select_for_update().select_related(
                "grant__programme", "grant__firm", "provider"
            ),
            redemption_id,
            "redemption",
        )
        p = row.grant.programme
        require_officer(actor, p.officer_org_id, "claw back a redemption")
        clawed_back = lifecycle.REDEMPTION.advance(row.status, "claw_back")
        budget = p.account.code
        if row.mode == "reimburse":
            legs = [(parties.org_account_code(row.grant.firm), budget)]
        elif not row.cross_region:
            legs = [(parties.org_account_code(row.provider), budget)]
        else:
            legs = [
                (
                    parties.org_account_code(row.provider),
                    parties.clearing_code(row.provider_region),
                ),
                (parties.clearing_code(row.issuer_region), budget),
            ]
            ClearingClaim.objects.create(
                issuer_region=row.issuer_region,
                provider_region=row.provider_region,
                amount=-row.subsidy,
                redemption=row,
            )
        # the bill first (as paying it does: bill, then accounts), then the ledger legs
        delivery.clawed_back(
            row.evidence,
            actor=actor,
            mode=row.mode,
            subsidy_fen=row.subsidy,
            transfers=list(
                Transfer.objects.filter(pk__in=row.transfers).select_related("debit", "credit")
            ),
        )
        engine.lock_accounts([code for leg in legs for code in leg])
        returned = [
            engine.transfer(
                actor=actor,
                key=f"vouchers:clawback:{row.key}:{n}",
                debit=debit,
                credit=credit,
                amount=row.subsidy,
                memo=f"clawback of #{row.pk}",
            )
            for n, (debit, credit) in enumerate(legs)
        ]
        row.status, row.clawback_reason = clawed_back, reason.strip()
        row.save(update_fields=["status", "clawback_reason"])
        audit.record(
            actor,
            "vouchers.redemption.clawback",
            row,
            {"reason": reason.strip(), "transfers": [t.pk for t in returned]},
        )
    return row


def settle(*, actor: Actor) -> SettlementBatch | None:
    """Clear every unsettled claim: per pair of provinces the net debtor's clearing account
    pays the creditor's. Platform admins (or the CLI, as system). ``None`` if nothing is due."""
    if actor is not None and not is_platform_admin(actor):  # None: the system (CLI)
        raise PermissionDenied("only platform admins run settlements")
    with transaction.atomic():
        claims = list(ClearingClaim.objects.select_for_update().filter(batch__isnull=True))
        if not claims:
            return None
        batch = SettlementBatch.objects.create(
            actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
            claims=len(claims),
            gross=sum(abs(c.amount) for c in claims),
        )
        net = rules.net_positions((c.issuer_region, c.provider_region, c.amount) for c in claims)
        engine.lock_accounts([parties.clearing_code(r) for pair in net for r in pair])
        out = []
        for (payer, payee), amount in sorted(net.items()):
            t = engine.transfer(
                actor=actor,
                key=f"vouchers:settle:{batch.pk}:{payer}:{payee}",
                debit=parties.clearing_code(payer),
                credit=parties.clearing_code(payee),
                amount=amount,
                memo=f"settlement #{batch.pk}",
            )
            out.append({"payer": payer, "payee": payee, "amount": amount, "transfer": t.pk})
        batch.net = out
        batch.save(update_fields=["net"])
        ClearingClaim.objects.filter(pk__in=[c.pk for c in claims]).update(batch=batch)
        audit.record(
            actor,
            "vouchers.settlement.run",
            batch,
            {"claims": len(claims), "gross": batch.gross, "net": out},
        )
    return batch
