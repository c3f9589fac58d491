"""The challenges demo loader on a small world shaped like the demo data set: an awarded,
a returned and an open challenge, all marked synthetic, a clean ledger."""

from __future__ import annotations

from typing import Any

from tests.demo_cast import demo_cast

from innofield.challenges import demo
from innofield.challenges.models import Award, Challenge, Submission
from innofield.ledger import queries as ledger


def test_demo_challenges(world: Any) -> None:
    lab = demo_cast(world, firms=5).lab
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
