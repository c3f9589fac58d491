"""Expert consultations as innovation-voucher evidence ``consultation:<id>``.

Registered with :mod:`innofield.vouchers.evidence` when the app is ready, like booking
bills: the checker proves a consultation the firm asked for, delivered (``billed`` or
``done``) by an expert of the provider (the payee of its fee), worth its fee — a
redemption may claim that much or less, never more, and the vouchers' rule that one piece
of evidence backs one redemption holds across programmes. The settler records the
redemption's money against the consultation (:func:`.consultations.voucher_paid`):
``direct`` lowers what a billed consultation still owes, ``reimburse`` needs the firm to
have paid. The candidate source offers the firm's consultations in the redeem form.
"""

from __future__ import annotations

from typing import Any

from innofield.core.money import format_yuan
from innofield.vouchers import evidence as vouchers_evidence
from innofield.vouchers.evidence import Candidate, Proof, Unproven

KIND = "consultation"
#: Service kind of a consultation in a voucher programme's terms (the catalog's kind).
SERVICE_KIND = "expert"
DELIVERED = ("billed", "done")
#: a waived consultation was delivered too: a redemption made before the waiver stays valid
CHECKED = (*DELIVERED, "waived")


def check(ref: str, firm_id: int, provider_id: int) -> Proof:
    """A delivered consultation of the firm with an expert of the provider, worth its fee."""
    from .models import Consultation

    row = Consultation.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
    if row is None:
        raise Unproven(f"there is no expert consultation {ref}")
    if row.state not in CHECKED:
        raise Unproven(f"consultation {ref} is {row.state}, not delivered (billed or done)")
    if row.organization_id != firm_id or row.payee_id != provider_id:
        raise Unproven(f"consultation {ref} is not this firm's consultation with this provider")
    if not row.fee_fen:
        raise Unproven(f"consultation {ref} had no fee")
    return Proof(int(row.fee_fen), f"consultation {ref} ({format_yuan(row.fee_fen)})")


def settle(ref: str, **money: Any) -> None:
    """A redemption against a consultation pays (part of) its fee, or needs it paid."""
    from . import consultations

    consultations.voucher_paid(consultation_id=int(ref), **money)


def unsettle(ref: str, **money: Any) -> None:
    """A clawed-back ``direct`` redemption leaves its share of the fee due again."""
    from . import consultations

    consultations.voucher_clawed_back(consultation_id=int(ref), **money)


def delivered(firm_id: int, limit: int) -> list[Candidate]:
    """The firm's delivered consultations with a fee, newest first, as redeem-form
    candidates."""
    from .models import Consultation

    rows = (
        Consultation.objects.filter(
            organization_id=firm_id, state__in=DELIVERED, fee_fen__gt=0, payee__isnull=False
        )
        .select_related("profile", "payee")
        .order_by("-wanted_on", "-id")[:limit]
    )
    return [
        Candidate(
            f"{KIND}:{c.pk}",
            f"{c.topic[:60]} · {c.wanted_on:%Y-%m-%d} · {c.payee.code}",  # type: ignore[union-attr]
            int(c.fee_fen or 0),
            int(c.payee_id or 0),
            SERVICE_KIND,
        )
        for c in rows
    ]


def register_all() -> None:
    """Register the evidence kind, its settler and the candidate source (idempotent)."""
    vouchers_evidence.register(KIND, check, settle, unsettle)
    vouchers_evidence.register_candidates(delivered)
