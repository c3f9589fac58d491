"""Demo cross-border technology contracts (synthetic): a registered export, a registered
import, a restricted export waiting for an officer and a refused prohibited export.

Each gets its own agreement listing of a demo technology, a deal driven to agreed or
signed through the actions, and cross-border terms filed and submitted as ``demo-admin``.
Counterparts abroad, contract numbers and rates are invented (marked synthetic); the
rates are plausible round figures, not official published rates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from innofield.ledger.funding import fund_from_outside
from innofield.registry.models import Organization

from . import actions
from .models import Listing

#: (label, direction, counterpart, country, category, technology code, currency, amount,
#:  rate, target deal state)
CASES: tuple[tuple[str, ...], ...] = (
    (
        "export",
        "export",
        "Nordlicht Technik GmbH",
        "DE",
        "patent_license",
        "3985",
        "EUR",
        "180000.00",
        "7.6543",
        "signed",
    ),
    (
        "import",
        "import",
        "Sakura Precision K.K.",
        "JP",
        "know_how_license",
        "3562",
        "JPY",
        "25000000",
        "0.048321",
        "signed",
    ),
    (
        "restricted",
        "export",
        "Pacific Compute LLC",
        "US",
        "technical_service",
        "083915X",
        "USD",
        "95000.00",
        "7.1012",
        "agreed",
    ),
    (
        "prohibited",
        "export",
        "Lion City Biotech Pte. Ltd.",
        "SG",
        "know_how_license",
        "050304J",
        "USD",
        "40000.00",
        "7.1000",
        "agreed",
    ),
)


def _deal(admin: Any, item: Any, buyer: Organization, target: str) -> Any:
    """A synthetic agreement listing of ``item`` and a deal of ``buyer`` on it, agreed or signed."""
    listing = actions.create_listing(
        actor=admin,
        data={
            "item": item.pk,
            "mode": "agreement",
            "contract_types": ["license", "service"],
            "technology_field": "information technology",
            "synthetic": True,
            "description": f"Synthetic cross-border demo listing of: {item.title}",
        },
    )
    listing = actions.publish_listing(actor=admin, listing_id=listing.pk)
    deal = actions.make_inquiry(
        actor=admin,
        listing_id=listing.pk,
        buyer_code=buyer.code,
        message="Synthetic inquiry from a partner abroad.",
    )
    deal = actions.transition_deal(actor=admin, deal_id=deal.pk, transition="negotiate")
    deal = actions.transition_deal(
        actor=admin,
        deal_id=deal.pk,
        transition="agree",
        data={"contract_type": "license", "price_fen": 1_000_000_00},
    )
    if target == "signed":
        past = timezone.now() - dt.timedelta(days=1)
        Listing.objects.filter(pk=listing.pk).update(notice_starts_at=past, notice_ends_at=past)
        deal = actions.transition_deal(actor=admin, deal_id=deal.pk, transition="sign")
    return deal


def load_cross_border(admin: Any, items: list[Any], firms: list[Organization]) -> int:
    """Create the four demo contracts; returns how many were created (0 without items/firms)."""
    if len(items) < len(CASES) or not firms:
        return 0
    today = timezone.localdate()
    for n, (
        label,
        direction,
        name,
        country,
        category,
        code,
        currency,
        amount,
        rate,
        target,
    ) in enumerate(CASES):
        owner_ids = {items[n].owner_id}
        buyer = next(f for f in firms if f.pk not in owner_ids)
        deal = _deal(admin, items[n], buyer, target)
        row = actions.file_cross_border(
            actor=admin,
            deal_id=deal.pk,
            data={
                "direction": direction,
                "counterpart_name": f"{name} (synthetic)",
                "counterpart_country": country,
                "contract_category": category,
                "technology_category": code,
                "currency": currency,
                "amount": amount,
                "rate_cny_per_unit": rate,
                "rate_date": (today - dt.timedelta(days=3 + n)).isoformat(),
                "contract_no": f"SYN-XB-{today:%Y}-{n + 1:03d}",
                "signed_on": (today - dt.timedelta(days=2)).isoformat(),
                "valid_until": (today + dt.timedelta(days=3 * 365)).isoformat(),
                "payment_method": "instalments" if label == "export" else "lump_sum",
                "synthetic": True,
            },
        )
        row = actions.submit_cross_border(actor=admin, contract_id=row.pk)
        if label in ("export", "import") and row.state == "registered":
            deal = actions.transition_deal(
                actor=admin,
                deal_id=deal.pk,
                transition="register",
                data={"technology_field": "information technology"},
            )
            first = row.amount_cny_fen * 3 // 10
            ms = actions.plan_milestone(
                actor=admin, deal_id=deal.pk, title="on registration", amount_fen=first
            )
            actions.transition_milestone(actor=admin, milestone_id=ms.pk, transition="fall_due")
            fund_from_outside(
                actor=admin, org=deal.buyer, amount=first, key=f"demo:fund:xborder:{row.pk}"
            )
            actions.transition_milestone(actor=admin, milestone_id=ms.pk, transition="pay")
    return len(CASES)
