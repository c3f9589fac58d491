"""Fixtures of the evaluation tests: ten provinces with a yearbook-like indicator whose
treated provinces gain a known amount after adoption, and a policy to evaluate."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from typing import Any

import pytest

#: Adoption years of the test's staggered policy (the rest are never treated).
ADOPTION = {"320000": 2016, "330000": 2016, "P03": 2018, "P04": 2018, "P05": 2020}
EFFECT = 0.5
YEARS = range(2012, 2023)


@pytest.fixture
def panel_world(world: SimpleNamespace) -> SimpleNamespace:
    """The world plus eight more provinces and ``TEST_Y``: unit level + trend + noise, plus
    ``EFFECT`` from each treated province's adoption year on."""
    from innofield.policies import actions
    from innofield.registry.models import Region
    from innofield.stats.models import Indicator, StatValue

    provinces = [world.js, world.zj]
    for k in range(3, 11):
        provinces.append(
            Region.objects.create(
                code=f"P{k:02d}",
                level="province",
                parent=world.cn,
                name_zh=f"测试省{k}",
                name_en=f"Province {k}",
            )
        )
    ind = Indicator.objects.create(code="TEST_Y", name_zh="测试指标", name_en="test outcome")
    rng = random.Random(7)
    values = []
    for region in provinces:
        level = rng.uniform(5, 10)
        for year in YEARS:
            treated = region.code in ADOPTION and year >= ADOPTION[region.code]
            y = level + 0.1 * (year - 2012) + (EFFECT if treated else 0.0) + rng.gauss(0, 0.02)
            values.append(StatValue(region=region, year=year, indicator=ind, value=y))
    StatValue.objects.bulk_create(values)
    world.policy = actions.create_policy(
        actor=world.officer,
        code="EVAL-1",
        title="Innovation vouchers",
        issuer=world.gov,
        region=world.js,
        issued_on=dt.date(2016, 1, 1),
        effective_from=dt.date(2016, 1, 1),
    )
    world.provinces = provinces
    return world


def evaluation_body(**changes: Any) -> dict[str, Any]:
    """The API body of a CS-DiD evaluation of the test policy."""
    return {
        "policy": "EVAL-1",
        "title": "Vouchers and the test outcome",
        "unit_kind": "province",
        "outcome": "stats:TEST_Y",
        "design": "did",
        "control": "never",
        "treated": [{"unit": u, "adoption": str(y)} for u, y in ADOPTION.items()],
        "start": "2012",
        "end": "2022",
        "source_note": "test adoption years",
    } | changes
