"""The data-sharing demo loader on a small world shaped like the demo data set: every
usage-policy kind and clause, agreements in every state of the machine, all synthetic,
enforcement consistent with the states, a clean ledger."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.demo_cast import demo_cast

from innofield.alliances import demo, release
from innofield.alliances.lifecycle import AGREEMENT
from innofield.alliances.models import Agreement, DataPolicy
from innofield.catalog.models import Item
from innofield.core.errors import PermissionDenied
from innofield.core.models import AuditLog
from innofield.ledger import queries as ledger


@pytest.fixture
def loaded(world: Any) -> dict[str, Any]:
    """The demo's organisations and logins, then the data-sharing demo."""
    demo_cast(world, firms=6, labs=2)
    return demo.load_demo(seed=7)


def test_every_policy_kind_and_clause(loaded: dict[str, Any]) -> None:
    assert loaded == {"datasets": 5, "data_agreements": 8, "data_policy_kinds": 4}
    policies = list(DataPolicy.objects.select_related("dataset"))
    assert {p.access for p in policies} == set(DataPolicy.Access.values)
    assert all(p.dataset.synthetic and p.dataset.kind == "dataset" for p in policies)
    clauses = {
        "purposes": [p for p in policies if p.purposes],
        "duration": [p for p in policies if p.max_days != 365],
        "no onward transfer": [p for p in policies if not p.onward_transfer],
        "onward transfer": [p for p in policies if p.onward_transfer],
        "attribution": [p for p in policies if p.attribution],
        "fields withheld": [p for p in policies if p.withheld],
        "minimum cell size": [p for p in policies if p.min_cell != 5],
        "cross border": [p for p in policies if p.cross_border],
    }
    assert all(clauses.values()), [k for k, v in clauses.items() if not v]
    survey = next(p for p in policies if p.access == "aggregate")
    assert survey.min_cell == 10 and "firm_name" in survey.withheld
    # every dataset has a table with the withheld columns in it
    for p in policies:
        assert set(p.withheld) <= set(p.dataset.data_table.columns)
        assert p.dataset.data_table.rows


def test_agreements_in_every_state(loaded: dict[str, Any]) -> None:
    states = set(Agreement.objects.values_list("state", flat=True))
    assert states == set(AGREEMENT.states())
    assert not Agreement.objects.filter(synthetic=False).exists()
    # what each state allows is what the platform enforces
    lab = get_user_model().objects.get(username="demo-lab")
    firm = get_user_model().objects.get(username="demo-firm")
    trials = Item.objects.get(owner__code="FIRM-0001", kind="dataset")
    wafers = Item.objects.get(title__contains="SiC wafer")
    assert "farm_contact" not in release.download(lab, trials.pk)  # agreed, column withheld
    with pytest.raises(PermissionDenied) as exc:  # demo-firm terminated its agreement
        release.download(firm, wafers.pk)
    assert "terminated" in str(exc.value)
    ended = Agreement.objects.filter(state__in=("expired", "revoked", "terminated"))
    assert all(a.ends_at is not None and a.starts_at is not None for a in ended)
    # the demo's uses, and every transition, are in the audit log
    uses = AuditLog.objects.filter(action__startswith="alliances.data.")
    assert sorted(uses.values_list("action", flat=True)) == [
        "alliances.data.aggregate",
        "alliances.data.download",
        "alliances.data.download",  # the test's own download above
    ]
    moves = set(
        AuditLog.objects.filter(action__startswith="alliances.agreement.").values_list(
            "action", flat=True
        )
    )
    assert moves == {f"alliances.agreement.{t}" for t in AGREEMENT.transitions()}
    assert ledger.check_invariants() == []


def test_without_the_demo_world_it_loads_nothing(world: Any) -> None:
    assert demo.load_demo(seed=1) == {"datasets": 0, "data_agreements": 0}
    assert not Item.objects.filter(kind="dataset").exists()
