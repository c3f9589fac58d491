"""Data-sharing fixtures: a lab dataset with a table and a by-agreement policy."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

CSV = "\n".join(
    ["province,sector,firm_id,revenue"]
    + [f"320000,materials,J{n},{100 + n}" for n in range(7)]
    + [f"330000,materials,Z{n},{200 + n}" for n in range(3)]
    + [f"320000,biotech,B{n},{50 + n}" for n in range(6)]
)


@pytest.fixture
def data(world: SimpleNamespace) -> SimpleNamespace:
    """LAB holds a 16-row firm table: by agreement, firm ids withheld, minimum cell 5."""
    from innofield.alliances import actions
    from innofield.catalog.models import Item

    item = Item.objects.create(
        kind="dataset", title="Firm innovation survey 2025", owner=world.lab, region=world.nj
    )
    actions.load_table(actor=world.labber, dataset_id=item.pk, csv_text=CSV)
    actions.set_policy(
        actor=world.labber,
        dataset_id=item.pk,
        data={
            "access": "agreement",
            "purposes": ["research", "policy evaluation"],
            "max_days": 90,
            "withheld": ["firm_id"],
            "min_cell": 5,
        },
    )
    return SimpleNamespace(**vars(world), item=item)


def agreed(d: Any, **kwargs: Any) -> Any:
    """An agreement of FIRM for research, agreed by the lab."""
    from innofield.alliances import actions

    row = actions.request_access(
        actor=d.firmer,
        dataset_id=d.item.pk,
        organization=d.firm,
        purpose="research",
        days=kwargs.get("days", 30),
    )
    return actions.decide(actor=d.labber, agreement_id=row.pk, transition="agree")
