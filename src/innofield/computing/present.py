"""Jobs, offers and placements as plain values for the API."""

from __future__ import annotations

from typing import Any

from . import actions, queries
from .models import ComputeJob, Offer, Placement, Usage


def offer(o: Offer) -> dict[str, Any]:
    """An offer as the API shows it."""
    return {
        "id": o.pk,
        "provider": o.provider.code,
        "cluster": o.cluster.code,
        "resource": o.resource,
        "units_per_hour": o.units_per_hour,
        "price_fen": int(o.price_fen),
        "green_pct": o.green_pct,
        "starts_at": o.starts_at,
        "ends_at": o.ends_at,
        "offpeak_price_fen": None if o.offpeak_price_fen is None else int(o.offpeak_price_fen),
        "offpeak_start": o.offpeak_start,
        "offpeak_end": o.offpeak_end,
        "state": o.state,
        "synthetic": o.synthetic,
    }


def job(j: ComputeJob) -> dict[str, Any]:
    """A job with its placement and usage."""
    p = queries.placement(j)
    u = queries.usage(j)
    return {
        "id": j.pk,
        "organization": j.organization.code,
        "title": j.title,
        "hardware": j.hardware,
        "units": j.units,
        "data_province": j.data_province,
        "residency": j.residency,
        "deadline": j.deadline,
        "delay_tolerant": j.delay_tolerant,
        "max_latency_ms": j.max_latency_ms,
        "voucher": j.voucher_id,
        "state": j.state,
        "note": j.note,
        "moves": actions.user_moves(j.state),
        "placement": None
        if p is None
        else {
            "run": p.run_id,
            "offer": p.offer_id,
            "cluster": p.offer.cluster.code,
            "provider": p.offer.provider.code,
            "window_start": p.window_start,
            "units": p.units,
            "price_fen": int(p.price_fen),
            "offpeak": p.offpeak,
            "amount_fen": int(p.amount_fen),
            "carbon_g": int(p.carbon_g),
            "latency_ms": p.latency_ms,
            "active": p.active,
            "explanation": p.explanation,
        },
        "usage": None if u is None else _usage(u),
    }


def _usage(u: Usage) -> dict[str, Any]:
    """A job's metered usage and its settlement (voucher share, what a clawback left due)."""
    return {
        "id": u.pk,
        "units": u.units,
        "amount_fen": int(u.amount_fen),
        "carbon_g": int(u.carbon_g),
        "metered_at": u.metered_at,
        "settled_at": u.settled_at,
        "transfer_key": u.transfer_key,
        "redemption_id": u.redemption_id,
        "subsidy_fen": int(u.subsidy_fen),
        "due_fen": int(u.due_fen),
    }


def provider_placement(p: Placement) -> dict[str, Any]:
    """A job placed on a provider's offer, as its provider sees it: the customer's job and
    state, the placement, and the usage with its settlement (``None`` until metered)."""
    j = p.compute_job
    u = getattr(j, "usage", None) if hasattr(j, "usage") else None
    if u is not None and u.placement_id != p.pk:
        u = None
    return {
        "placement": p.pk,
        "job": j.pk,
        "title": j.title,
        "organization": j.organization.code,
        "state": j.state,
        "hardware": j.hardware,
        "offer": p.offer_id,
        "cluster": p.offer.cluster.code,
        "cluster_zh": p.offer.cluster.name_zh,
        "cluster_en": p.offer.cluster.name_en,
        "window_start": p.window_start,
        "units": p.units,
        "price_fen": int(p.price_fen),
        "offpeak": p.offpeak,
        "amount_fen": int(p.amount_fen),
        "carbon_g": int(p.carbon_g),
        "usage": None if u is None else _usage(u),
    }
