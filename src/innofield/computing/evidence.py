"""Computing vouchers (算力券): settled metered usage is voucher evidence ``computing:<id>``.

Registered with :mod:`innofield.vouchers.evidence` when the app is ready: the checker
proves a usage that is settled, of the firm, at the provider, worth its amount; the
candidate source lists the firm's settled usage in the voucher redeem form.
"""

from __future__ import annotations

from typing import Any

from innofield.core.errors import ValidationFailed, gettext
from innofield.core.money import format_yuan
from innofield.vouchers import evidence as vouchers_evidence
from innofield.vouchers.evidence import Candidate, Proof, Unproven

KIND = "computing"


def check(ref: str, firm_id: int, provider_id: int) -> Proof:
    """A settled metered usage of the firm at the provider, worth its amount."""
    from .models import Usage

    usage = Usage.objects.filter(pk=int(ref)).first() if ref.isdigit() else None
    if usage is None:
        raise Unproven(f"there is no computing usage {ref}")
    if usage.settled_at is None:
        raise Unproven(f"computing usage {ref} is not settled yet")
    if usage.organization_id != firm_id or usage.provider_id != provider_id:
        raise Unproven(f"computing usage {ref} is not this firm's usage at this provider")
    if usage.amount_fen <= 0:
        raise Unproven(f"computing usage {ref} cost nothing")
    return Proof(int(usage.amount_fen), f"computing usage {ref} ({format_yuan(usage.amount_fen)})")


def settle(ref: str, *, mode: str, **_money: Any) -> None:
    """A ``direct`` voucher pays the provider only while the usage is being settled with it
    (:func:`.actions.transition` ``settle``); a usage the firm already paid in full can only
    be reimbursed."""
    from .models import Usage

    usage = Usage.objects.get(pk=int(ref))
    if mode == "direct" and (usage.voucher_mode != "direct" or usage.transfer_key):
        raise ValidationFailed.single(
            "mode",
            gettext(
                "the firm paid computing usage %(id)s in full; a voucher can only reimburse "
                "the firm for it (mode reimburse)"
            )
            % {"id": ref},
        )


def unsettle(ref: str, **money: Any) -> None:
    """A clawed-back ``direct`` redemption leaves its share of the usage due again."""
    from . import usage_actions

    usage_actions.voucher_clawed_back(usage_id=int(ref), **money)


def settled_usage(firm_id: int, limit: int) -> list[Candidate]:
    """The firm's settled usage, newest first, as redeem-form candidates."""
    from .models import Usage

    rows = (
        Usage.objects.filter(organization_id=firm_id, settled_at__isnull=False, amount_fen__gt=0)
        .select_related("compute_job", "provider", "placement__offer__cluster")
        .order_by("-settled_at")[:limit]
    )
    return [
        Candidate(
            f"{KIND}:{u.pk}",
            f"{u.compute_job.title[:60]} · {u.placement.offer.cluster.code} · {u.provider.code}",
            int(u.amount_fen),
            u.provider_id,
            KIND,
        )
        for u in rows
    ]


def register_all() -> None:
    """Register the evidence kind, its settler and unsettler and the candidate source
    (idempotent)."""
    vouchers_evidence.register(KIND, check, settle, unsettle)
    vouchers_evidence.register_candidates(settled_usage)
