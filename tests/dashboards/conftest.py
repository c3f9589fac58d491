"""Fixtures of the dashboards tests: all 31 provinces with the real yearbook panels loaded."""

from __future__ import annotations

import csv
from types import SimpleNamespace
from typing import Any

import pytest
from tests.shared_data import SHARED_DATA, require

from innofield.demo.load import DATA

#: The yearbook files as shipped in the shared data folder: the independent path of the tests.
FILES = SHARED_DATA / "china_provinces"


_PANEL: list[tuple[str, int, str, float, str]] = []


@pytest.fixture
def provinces(world: SimpleNamespace) -> SimpleNamespace:
    """The world plus the other 29 provinces of the demo's province list, panels loaded.

    The first use in a session loads every panel with the platform's loader
    (``load_china_panels``); later uses re-insert only the values of the variables the
    dashboards read, as that load stored them, which saves seconds per test.
    """
    from innofield.dashboards.queries import VARIABLES
    from innofield.registry.models import Region
    from innofield.stats.loaders import load_china_panels
    from innofield.stats.models import Indicator, StatValue

    with open(DATA / "provinces.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["code"] in ("320000", "330000"):
                continue
            Region.objects.create(
                code=row["code"],
                level="province",
                parent=world.cn,
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                zone=row["zone"],
                attributes={"short_zh": row["short_zh"]},
            )
    if not _PANEL:
        load_china_panels(DATA / "china_provinces", actor=None)
        _PANEL.extend(
            StatValue.objects.filter(indicator__code__in=VARIABLES).values_list(
                "region__code", "year", "indicator__code", "value", "unit"
            )
        )
        return world
    regions = dict(Region.objects.values_list("code", "pk"))
    indicators = {code: Indicator.objects.create(code=code, name_zh=code).pk for code in VARIABLES}
    StatValue.objects.bulk_create(
        StatValue(region_id=regions[r], year=y, indicator_id=indicators[i], value=v, unit=u)
        for r, y, i, v, u in _PANEL
    )
    return world


_REFRESHED: list[dict[str, Any]] = []


@pytest.fixture
def observatory(request: pytest.FixtureRequest, world: SimpleNamespace) -> SimpleNamespace:
    """The dashboards as a real refresh by the platform admin computed them.

    The first use in a session loads the panels and runs ``refresh_dashboards``; its result
    rows are kept and later uses restore exactly those rows (the API and pages only read
    them), which saves seconds per test. The refresh itself is tested in
    test_refresh.py.
    """
    from innofield.dashboards.actions import refresh_dashboards
    from innofield.dashboards.models import DashboardResult

    if not _REFRESHED:
        refresh_dashboards(actor=request.getfixturevalue("provinces").admin)
        _REFRESHED.extend(
            DashboardResult.objects.values("key", "params", "params_hash", "computed_at", "payload")
        )
    else:
        DashboardResult.objects.bulk_create(DashboardResult(**row) for row in _REFRESHED)
    return world


@pytest.fixture(scope="session")
def from_files() -> Any:
    """The yearbook panel read by the observatory library straight from the CSV files."""
    require(FILES, "the China S&T yearbook panels")
    from innofield.observatory.china import load_china_panel

    return load_china_panel(FILES)


@pytest.fixture(scope="session")
def built_from_files(from_files: Any) -> Any:
    """(index per year, long results) built by the library from the files."""
    from innofield.observatory.china import build_china_index

    return build_china_index(from_files)
