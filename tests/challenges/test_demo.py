"""The challenges demo loader on a small world shaped like the demo data set: an awarded,
a returned and an open challenge, all marked synthetic, a clean ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.challenges import demo
from innofield.challenges.models import Award, Challenge, Submission
from innofield.ledger import queries as ledger
from innofield.registry.models import Membership, Organization


def test_demo_challenges(world: Any) -> None:
    users = get_user_model().objects
    users.create_user("demo-admin", password=PASSWORD, is_superuser=True)
    lab = Organization.objects.create(
        code="SKL-0001", name_zh="实验室", type="state_key_lab", region=world.nj
    )
    gov = Organization.objects.create(
        code="GOV-320000", name_zh="厅", type="government", region=world.js
    )
    firms = [
        Organization.objects.create(
            code=f"FIRM-{n:04d}", name_zh=f"公司{n}", type="sme", region=world.js, synthetic=True
        )
        for n in range(1, 6)
    ]
    for name, org, role in (
        ("demo-firm", firms[0], "manager"),
        ("demo-lab", lab, "manager"),
        ("demo-gov", gov, "officer"),
    ):
        Membership.objects.create(
            user=users.create_user(name, password=PASSWORD), organization=org, role=role
        )
    assert demo.load_demo(seed=1) == {"challenges": 3}
    states = dict(Challenge.objects.values_list("poster__code", "state").order_by("pk"))
    assert sorted(Challenge.objects.values_list("state", flat=True)) == [
        "awarded",
        "open",
        "returned",
    ]
    assert states["FIRM-0001"] == "open"
    assert not Challenge.objects.filter(synthetic=False).exists()
    assert not Submission.objects.filter(synthetic=False).exists()
    assert sum(Award.objects.values_list("amount_fen", flat=True)) == 80_000_000
    assert Award.objects.filter(submission__solver=lab).exists()  # demo-lab's lab won
    assert ledger.check_invariants() == []
