"""Openness indicators from the shipped yearbook panels, checked against the raw numbers.

Every expected value is arithmetic on numbers read by eye from the CSV files in
``../shared/data/china_provinces`` (line numbers count the header as line 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import Framework
from innofield.observatory.china import (
    build_china_index,
    china_imeta,
    china_uncertainty,
    china_years,
    load_china_panel,
)
from innofield.observatory.openness import (
    foreign_funding_share,
    new_product_export_share,
    openness_indicators,
    rd_spending_abroad,
    technology_import_spending,
)

from .asem_data import CHINA, require

pytestmark = pytest.mark.usefixtures("china_files")

# RDSource.csv: (合计 v4_zh_nbzc_hj, 国外资金 v4_zh_nbzc_gwzj), 万元
FOREIGN = {
    ("北京", 2022): 146522 / 28433394,  # lines 165 and 168
    ("北京", 2023): 268966 / 29470733,  # lines 7 and 10
    ("广东", 2022): 56080 / 44118955,  # lines 255 and 258
    ("广东", 2023): 92107 / 48026161,  # lines 97 and 100
    ("贵州", 2022): 85 / 1993394,  # lines 280 and 283
    ("贵州", 2023): 284 / 2113776,  # lines 122 and 125
}
# IndustryRD.csv: 出口 v4_cy_xcp_ck / 销售收入 v4_cy_xcp_xssr, 万元
EXPORTS = {
    ("北京", 2022): 8370751 / 29261987,  # lines 463 and 462
    ("北京", 2023): 7843952 / 25712804,  # lines 15 and 14
    ("广东", 2022): 81708410 / 220368327,  # lines 589 and 588
    ("广东", 2023): 79566321 / 236011008,  # lines 141 and 140
    ("贵州", 2022): 107267 / 3435195,  # lines 624 and 623
    ("贵州", 2023): 200970 / 2006250,  # lines 176 and 175
}
# IndustryRD.csv: 技术引进经费支出 v4_cy_jsgz_yjzc / 经费内部支出 v4_cy_RDhd_nbzc, 万元
TECH_IMPORT = {
    ("北京", 2022): 1484 / 2209862,  # lines 686 and 459
    ("北京", 2023): 10677 / 3036250,  # lines 238 and 11
    ("广东", 2022): 230484 / 18354795,  # lines 812 and 585
    ("广东", 2023): 269312 / 20217151,  # lines 364 and 137
    ("贵州", 2022): 712 / 473671,  # lines 847 and 620
}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return load_china_panel(require(CHINA, "China S&T yearbook panels"))


def _lookup(table: pd.DataFrame, col: str) -> dict[tuple[str, int], float]:
    return {(p, int(y)): float(v) for p, y, v in table[["province", "year", col]].to_numpy()}


def test_foreign_funding_share_by_hand(panel: pd.DataFrame) -> None:
    got = _lookup(foreign_funding_share(panel), "foreign_share")
    for key, want in FOREIGN.items():
        assert got[key] == pytest.approx(want, rel=1e-12), key
    # 宁夏 2022 has a total (RDSource line 308) but lines 308-311 hold no 国外资金 row: missing
    assert np.isnan(got[("宁夏", 2022)])
    # Tibet never reports foreign funds
    assert all(np.isnan(v) for (p, _), v in got.items() if p == "西藏")


def test_high_tech_openness_by_hand(panel: pd.DataFrame) -> None:
    exports = _lookup(new_product_export_share(panel), "export_share")
    for key, want in EXPORTS.items():
        assert exports[key] == pytest.approx(want, rel=1e-12), key
    imports = _lookup(technology_import_spending(panel), "tech_import_ratio")
    for key, want in TECH_IMPORT.items():
        assert imports[key] == pytest.approx(want, rel=1e-12), key
    # IndustryRD line 399: 贵州,2023,技术引进经费支出,,万元 — blank, so missing, not zero
    assert np.isnan(imports[("贵州", 2023)])
    wide = openness_indicators(panel).set_index(["province", "year"])
    assert wide.loc[("广东", 2023), "export_share"] == pytest.approx(EXPORTS[("广东", 2023)])
    assert wide.loc[("北京", 2022), "foreign_share"] == pytest.approx(FOREIGN[("北京", 2022)])


def test_spending_abroad_needs_its_variable(panel: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="v4_zh_wbzc_jwjg"):
        rd_spending_abroad(panel)
    small = pd.DataFrame(
        {
            "province": ["甲", "甲", "乙"],
            "year": [2020, 2020, 2020],
            "variables": ["v4_zh_wbzc_jwjg", "v4_zh_nbzc_hj", "v4_zh_nbzc_hj"],
            "value": [30.0, 1200.0, 500.0],
        }
    )
    out = rd_spending_abroad(small).set_index("province")
    assert out.loc["甲", "abroad_ratio"] == 30 / 1200 and np.isnan(out.loc["乙", "abroad_ratio"])
    with pytest.raises(ValueError, match="variables"):
        foreign_funding_share(small.drop(columns="variables"))


def test_openness_pillar_goes_through_the_index_pipeline(panel: pd.DataFrame) -> None:
    fw = Framework.from_imeta(china_imeta(openness=True))
    assert fw.codes_by_level[2] == ["Inputs", "Outputs", "Diffusion", "Openness"]
    assert fw.children("Openness") == ["ForeignFunds", "NewProductExports"]
    assert china_years(panel, openness=True) == list(range(2016, 2023))
    built, results = build_china_index(panel, years=[2022], openness=True)
    index = built[2022]
    den = index.datasets_["Denominated"]
    assert den.loc["BJ", "ForeignFunds"] == pytest.approx(FOREIGN[("北京", 2022)], rel=1e-12)
    assert den.loc["GZ", "NewProductExports"] == pytest.approx(EXPORTS[("贵州", 2022)], rel=1e-12)
    # 宁夏 (NX) is imputed by the west-region mean, like any other missing value
    assert np.isnan(den.loc["NX", "ForeignFunds"])
    assert not np.isnan(index.datasets_["Imputed"].loc["NX", "ForeignFunds"])
    agg = index.datasets_["Aggregated"]
    norm = index.datasets_["Normalised"]
    assert agg.loc["SH", "Openness"] == pytest.approx(
        norm.loc["SH", ["ForeignFunds", "NewProductExports"]].mean()
    )
    pillars = ["Inputs", "Outputs", "Diffusion", "Openness"]
    assert np.allclose(agg["Index"], agg[pillars].mean(axis=1))
    assert {"Openness", "Openness_Rank"} <= set(results.columns)
    band = china_uncertainty(index, n_runs=60, seed=3)
    assert len(band) == 31 and (band["Q5"] <= band["Q95"]).all()
    # without the flag the index is the three-pillar one the dashboards use
    plain, _ = build_china_index(panel, years=[2022])
    assert "Openness" not in plain[2022].datasets_["Aggregated"].columns
