"""China provincial index and dashboard helpers on the yearbook panels."""

from __future__ import annotations

import numpy as np
import pytest

from innofield.observatory import Framework
from innofield.observatory.china import (
    build_china_index,
    china_idata,
    china_imeta,
    china_uncertainty,
    china_years,
    innovation_ccd,
    load_china_panel,
    rd_inequality,
    tech_market_flows,
)

from .asem_data import CHINA, require

pytestmark = pytest.mark.usefixtures("china_files")


@pytest.fixture(scope="module")
def panel():  # type: ignore[no-untyped-def]
    return load_china_panel(require(CHINA, "China S&T yearbook panels"))


def test_framework_is_valid() -> None:
    fw = Framework.from_imeta(china_imeta())
    assert fw.codes_by_level[2] == ["Inputs", "Outputs", "Diffusion"]
    assert len(fw.indicators) == 11 and set(fw.denominator.values()) <= set(fw.denominators)


def test_build_every_year(panel) -> None:  # type: ignore[no-untyped-def]
    years = china_years(panel)
    assert years[0] <= 2012 and years[-1] >= 2022
    built, results = build_china_index(panel, years=[2021, 2022])
    latest = results[results["year"] == 2022]
    assert len(latest) == 31 and latest["Index_Rank"].min() == 1
    assert latest.iloc[0]["uCode"] == "BJ"
    idata = china_idata(panel, 2022)
    gdp_bj = idata.set_index("uCode").loc["BJ", "D_GDP"]
    assert 35000 < gdp_bj < 50000  # Beijing's 2022 GDP was about 41,600 亿元
    band = china_uncertainty(built[2022], n_runs=100)
    assert (band["Q5"] <= band["Q95"]).all() and band.index[0] == "BJ"
    ccd = innovation_ccd(built[2022])
    assert ccd["D"].between(0, 1).all() and ccd.loc["BJ", "grade"] == "high-quality coordination"


def test_inequality_and_flows(panel) -> None:  # type: ignore[no-untyped-def]
    ineq = rd_inequality(panel)
    assert ineq["year"].min() == 2010 and ineq["gini"].between(0.3, 0.8).all()
    assert np.allclose(ineq["theil_between"] + ineq["theil_within"], ineq["theil"])
    flows = tech_market_flows(panel, 2023)
    assert flows.loc["北京", "role"] == "net exporter" and len(flows) == 31
    with pytest.raises(ValueError, match="no technology-market data"):
        tech_market_flows(panel, 1990)
