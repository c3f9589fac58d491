"""The consortia demo loader on a small world shaped like the demo data set: real
alliances with their public source, synthetic members and projects, a clean ledger."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD

from innofield.consortia import demo
from innofield.consortia.models import AllianceMembership, JointProject, OrgAlliance
from innofield.ledger import queries as ledger
from innofield.registry.models import Organization, Region


def test_demo_alliances_are_sourced_and_the_rest_synthetic(world: Any) -> None:
    get_user_model().objects.create_user("demo-admin", password=PASSWORD, is_superuser=True)
    for code, zh in (("310000", "上海市"), ("340000", "安徽省")):
        Region.objects.create(code=code, level="province", parent=world.cn, name_zh=zh)
    Organization.objects.create(
        code="SKL-0001", name_zh="实验室", type="state_key_lab", region=world.nj
    )
    Organization.objects.create(code="GOV-320000", name_zh="厅", type="government", region=world.js)
    for n in range(1, 16):
        Organization.objects.create(
            code=f"FIRM-{n:04d}",
            name_zh=f"公司{n}",
            type="sme",
            region=world.js if n % 2 else world.zj,
            synthetic=True,
        )
    counts = demo.load_demo(seed=3)
    assert counts["org_alliances"] == 4 and counts["joint_projects"] == 4
    assert all(a.source.startswith("China National Radio") for a in OrgAlliance.objects.all())
    assert not AllianceMembership.objects.filter(synthetic=False).exists()
    assert not JointProject.objects.filter(synthetic=False).exists()
    states = set(JointProject.objects.values_list("state", flat=True))
    assert states == {"draft", "active", "completed"}
    assert ledger.check_invariants() == []
