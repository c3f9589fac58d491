"""Policies and agreements as the API and pages show them."""

from __future__ import annotations

from typing import Any

from .models import Agreement, DataPolicy


def policy(row: DataPolicy) -> dict[str, Any]:
    """A usage policy."""
    return {
        "dataset": row.dataset_id,
        "access": row.access,
        "purposes": row.purposes,
        "max_days": row.max_days,
        "onward_transfer": row.onward_transfer,
        "attribution": row.attribution,
        "withheld": row.withheld,
        "min_cell": row.min_cell,
        "cross_border": row.cross_border,
    }


def agreement(row: Agreement) -> dict[str, Any]:
    """An agreement."""
    return {
        "id": row.pk,
        "dataset": row.dataset_id,
        "requester": row.requester.code,
        "purpose": row.purpose,
        "days": row.days,
        "state": row.state,
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "note": row.note,
    }
