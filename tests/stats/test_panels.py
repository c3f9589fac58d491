"""Loading the China provincial panels shipped with the demo (real yearbook data)."""

from __future__ import annotations

import pytest

from innofield.core.errors import PermissionDenied, ValidationFailed
from innofield.demo.load import DATA
from innofield.stats.loaders import load_china_panels, read_panels
from innofield.stats.models import Indicator, StatValue


def test_read_panels_reads_the_long_format():
    panels, names = read_panels(DATA / "china_provinces")
    assert {"province", "year", "variables", "value", "panel"} <= set(panels.columns)
    assert not panels.duplicated(["province", "year", "variables"]).any()
    assert "v4_zh_nbzc_hj" in set(names["variables"])


def test_load_panels_matches_the_yearbook(world, api):
    counts = load_china_panels(DATA / "china_provinces", actor=None)
    # the fixture only has Jiangsu, Zhejiang and the country, so other provinces are skipped
    assert counts["values"] == StatValue.objects.count() > 0 and counts["skipped_rows"] > 0
    total = StatValue.objects.get(region__code="CN", year=2023, indicator__code="v4_zh_nbzc_hj")
    assert total.value == 333570688.0 and total.unit == "万元"  # yearbook: national R&D 2023
    assert Indicator.objects.get(code="v4_zh_nbzc_hj").group in {"RDActivity", "RDSource"}
    response = api().get("/api/stats/values", indicator="v4_zh_nbzc_hj", region="320000", year=2023)
    assert response.json()["count"] == 1 and response.json()["items"][0]["value"] > 0
    again = load_china_panels(
        DATA / "china_provinces", actor=None
    )  # reloading replaces, not duplicates
    assert again["values"] == counts["values"] == StatValue.objects.count()


def test_only_admins_load_panels_and_bad_folders_are_clear(world, tmp_path):
    with pytest.raises(PermissionDenied):
        load_china_panels(DATA / "china_provinces", actor=world.labber)
    with pytest.raises(ValidationFailed, match="holds no panel"):
        load_china_panels(tmp_path, actor=world.admin)
    assert not StatValue.objects.exists()


@pytest.mark.parametrize("year", ["9999", "0001", "99999999999"])
def test_a_year_out_of_range_is_refused_naming_year(world, api, year):
    response = api().get("/api/stats/values", year=year)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["year"], response.content
