"""The demo's policies: the real case (National Independent Innovation Demonstration Zones
on the yearbook's invention patents, 2010-2021) and the synthetic voucher panel whose
true effect (+1 booking a month) the evaluation must recover. The load only queues."""

from __future__ import annotations

from typing import Any

import pytest
from tests.dashboards.conftest import provinces  # noqa: F401 - fixture

from innofield.jobs.runner import run_inline
from innofield.policies import demo
from innofield.policies.models import Evaluation


def test_demo_policies_queue_real_and_synthetic_evaluations(provinces: Any) -> None:  # noqa: F811
    from django.contrib.auth import get_user_model

    from innofield.registry.models import Membership, Organization

    gov = Organization.objects.create(
        code="GOV-320000", name_zh="江苏省科学技术厅", type="government", region=provinces.js
    )
    user = get_user_model().objects.create_user("demo-gov")
    Membership.objects.create(user=user, organization=gov, role="officer")
    for k in range(1, 41):
        Organization.objects.create(
            code=f"FIRM-{k:04d}", name_zh=f"企业{k}", type="sme", region=provinces.js
        )
    counts = demo.load_demo(seed=20261124)
    assert counts == {"policies": 2, "policy evaluations": 2}
    real, vouchers = Evaluation.objects.order_by("id")
    assert real.state == vouchers.state == "queued"  # the load stays fast: runs are jobs
    assert not real.synthetic and "国函" in real.source_note and len(real.treated) == 19
    assert vouchers.synthetic and vouchers.policy.synthetic
    for row in (real, vouchers):
        run_inline(row.job_id)
        row.refresh_from_db()
        assert row.state == "done", row.error
    r = real.result
    assert r["n_units"] == 31 and r["dropped_always_treated"] == 2  # Beijing 2009, Hubei 2010
    assert r["estimate"]["lower"] < r["estimate"]["att"] < r["estimate"]["upper"]
    assert "发明专利授权数" in r["summary"]["zh"]
    v = vouchers.result
    assert v["estimate"]["att"] == pytest.approx(1.0, abs=0.3)
    assert v["estimate"]["lower"] < 1.0 < v["estimate"]["upper"]
