"""The talent demo loader on a small world shaped like the demo data set."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.registry.models import Membership, Organization
from innofield.talent import demo, flows, queries
from innofield.talent.models import Consultation, Move, Profile, TalentDemand


def test_demo_is_synthetic_and_consistent(world: Any) -> None:
    users = get_user_model().objects
    users.create_user("demo-admin", password=PASSWORD, is_superuser=True)
    lab_user = users.create_user("demo-lab", password=PASSWORD)
    for n in range(12):
        Organization.objects.create(
            code=f"SKL-{n:04d}",
            name_zh=f"海洋涂料{n}国家重点实验室",
            type="state_key_lab",
            region=world.nj if n % 2 else world.zj,
            fields=["materials"],
            attributes={"area_zh": "材料"},
        )
    Membership.objects.create(
        user=lab_user, organization=Organization.objects.get(code="SKL-0000"), role="manager"
    )
    for n in range(1, 4):
        Organization.objects.create(
            code=f"FIRM-{n:04d}", name_zh=f"公司{n}", type="sme", region=world.zj
        )
    counts = demo.load_demo(seed=7)  # 12 labs here and the world's LAB
    assert counts["talent_profiles"] == 13 and counts["talent_demands"] == 3
    assert Profile.objects.filter(synthetic=False).count() == 0
    assert Move.objects.filter(synthetic=False).count() == 0
    assert TalentDemand.objects.filter(synthetic=False).count() == 0
    assert Move.objects.count() == counts["talent_moves"]
    published = Profile.objects.filter(state="published")
    assert 0 < published.count() < Profile.objects.count()  # some did not consent
    assert all({"fields", "skills"} <= set(p.shown) for p in published)
    assert Consultation.objects.get().state == "requested"
    data = flows.flows(dt.date(2000, 1, 1), dt.date.today())
    assert data["moves"] == counts["talent_moves"]
    demand = TalentDemand.objects.get(code="TD-DEMO-1")
    assert all(m["profile"].state == "published" for m in queries.matches(demand))
