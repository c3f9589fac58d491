"""Checking delivery evidence against the apps that hold it.

Evidence is text: ``booking:<id>`` (an instrument booking), ``milestone:<id>`` (a
technology-market contract milestone) or ``usage:<ref>`` (any other usage record, e.g.
compute metering, kept as a reference only). When the booking or market app is
installed, the referenced row must exist and fit the redemption:

* a booking must be ``completed`` (checked in and out: its usage log exists), made by
  the firm, on an instrument the provider owns;
* a milestone must be ``paid``, in a deal whose buyer is the firm and whose listing
  the provider sells.

Should another app's models lack the fields used here, the evidence is kept as text
unverified rather than refused (the apps are built in parallel).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldError


def _row(label: str, ref: str, related: list[str]) -> object | None:
    model = apps.get_model(label)
    if not ref.isdigit():
        return None
    return model._default_manager.select_related(*related).filter(pk=int(ref)).first()


def problem(evidence: str, *, firm_id: int, provider_id: int) -> str | None:
    """Why ``evidence`` does not prove delivery by the provider to the firm, or ``None``."""
    kind, _, ref = evidence.partition(":")
    try:
        if kind == "booking":
            b = _row("booking.Booking", ref, ["instrument"])
            if b is None:
                return f"there is no booking {ref}"
            if getattr(b, "status", None) != "completed":
                return f"booking {ref} is {getattr(b, 'status', '?')}, not completed"
            if b.organization_id != firm_id or b.instrument.owner_id != provider_id:  # type: ignore[attr-defined]
                return f"booking {ref} is not this firm's booking at this provider"
        elif kind == "milestone":
            m = _row("market.Milestone", ref, ["deal__listing"])
            if m is None:
                return f"there is no contract milestone {ref}"
            if getattr(m, "state", None) != "paid":
                return f"milestone {ref} is {getattr(m, 'state', '?')}, not paid"
            deal = m.deal  # type: ignore[attr-defined]
            if deal.buyer_id != firm_id or deal.listing.seller_id != provider_id:
                return f"milestone {ref} is not of a contract between this firm and provider"
    except (LookupError, FieldError, AttributeError):
        return None  # the other app cannot be read this way (yet): keep the text reference
    return None
