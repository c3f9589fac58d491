"""TWFE against statsmodels, a hand-computed 2×2 DiD, the Bacon identity and the trend model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from innofield.evaluation import (
    BaconDecomposition,
    BeforeAfterTrend,
    CallawaySantAnna,
    PanelError,
    TwoWayFixedEffects,
)

DATA = Path(__file__).parent / "data" / "mpdta.csv"

# Two treated and two control units, two periods. By hand:
# treated change: ((14 - 10) + (17 - 12)) / 2 = 4.5; control change: ((11 - 9) + (13 - 12)) / 2
# = 1.5; DiD = 4.5 - 1.5 = 3.0.
HAND = pd.DataFrame(
    {
        "id": [1, 1, 2, 2, 3, 3, 4, 4],
        "t": [1, 2] * 4,
        "g": [2, 2, 2, 2, 0, 0, 0, 0],
        "y": [10.0, 14.0, 12.0, 17.0, 9.0, 11.0, 12.0, 13.0],
    }
)


def test_two_by_two_by_hand() -> None:
    cs = CallawaySantAnna("id", "t", "g", "y", n_boot=0).fit(HAND)
    assert cs.att_gt_["att"].tolist() == pytest.approx([3.0], abs=1e-12)
    twfe = TwoWayFixedEffects("id", "t", "y", group="g").fit(HAND)
    assert twfe.att_ == pytest.approx(3.0, abs=1e-12)
    # influence function by hand: treated (dy_i - 4.5) / p, controls -(dy_j - 1.5) / (1 - p),
    # p = 1/2: [-1, 1, 1, -1] → SE = sqrt(mean(inf²) / n) = sqrt(1 / 4) = 0.5
    assert cs.att_gt_["se"].iloc[0] == pytest.approx(0.5, abs=1e-12)


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return pd.read_csv(DATA)


def test_twfe_equals_statsmodels_with_dummies(mpdta: pd.DataFrame) -> None:
    est = TwoWayFixedEffects("countyreal", "year", "lemp", group="first.treat").fit(mpdta)
    d = mpdta.assign(
        D=((mpdta["first.treat"] > 0) & (mpdta["year"] >= mpdta["first.treat"])).astype(float)
    )
    ref = smf.ols("lemp ~ D + C(countyreal) + C(year)", data=d).fit(
        cov_type="cluster", cov_kwds={"groups": d["countyreal"]}
    )
    assert abs(est.att_ - ref.params["D"]) < 1e-8
    assert abs(est.att_se_ - ref.bse["D"]) < 1e-8
    assert est.n_clusters_ == 500 and est.n_obs_ == 2500


def test_twfe_with_covariate_and_unbalanced_panel(mpdta: pd.DataFrame) -> None:
    rng = np.random.default_rng(0)
    d = mpdta.sample(frac=0.9, random_state=1).reset_index(drop=True)
    d["x"] = rng.normal(size=len(d))
    d["D"] = ((d["first.treat"] > 0) & (d["year"] >= d["first.treat"])).astype(float)
    est = TwoWayFixedEffects("countyreal", "year", "lemp", treatment="D", covariates=["x"]).fit(d)
    ref = smf.ols("lemp ~ D + x + C(countyreal) + C(year)", data=d).fit(
        cov_type="cluster", cov_kwds={"groups": d["countyreal"]}
    )
    np.testing.assert_allclose(est.coef_.to_numpy(), ref.params[["D", "x"]], atol=1e-8)
    np.testing.assert_allclose(est.se_.to_numpy(), ref.bse[["D", "x"]], atol=1e-8)


def test_twfe_refuses_bad_input(mpdta: pd.DataFrame) -> None:
    with pytest.raises(PanelError) as e:
        TwoWayFixedEffects("countyreal", "year", "lemp").fit(mpdta)
    assert e.value.column == "group"
    with pytest.raises(PanelError) as e:
        TwoWayFixedEffects("countyreal", "year", "lemp", group="first.treat").fit(
            mpdta.assign(**{"first.treat": 0})
        )
    assert e.value.column == "first.treat"


def test_bacon_decomposition_reproduces_twfe(mpdta: pd.DataFrame) -> None:
    bacon = BaconDecomposition("countyreal", "year", "first.treat", "lemp").fit(mpdta)
    comp = bacon.components_
    assert len(comp) == 3 + 2 * 3  # three cohorts vs never, two timing comparisons per pair
    assert comp["weight"].sum() == pytest.approx(1.0, abs=1e-10)
    assert float(np.sum(comp["weight"] * comp["estimate"])) == pytest.approx(
        TwoWayFixedEffects("countyreal", "year", "lemp", group="first.treat").fit(mpdta).att_,
        abs=1e-10,
    )
    # the treated-vs-never 2×2 for the 2004 cohort is CS's group-2004 average (long vs short
    # differences coincide when the control is the same and the base is the whole pre-period)
    row = comp[(comp["type"] == "treated vs never") & (comp["treated"] == 2004)].iloc[0]
    assert row["estimate"] == pytest.approx(-0.0797, abs=5e-5)
    assert set(bacon.summary_.index) == {"treated vs never", "earlier vs later", "later vs earlier"}


def test_bacon_refuses_unbalanced(mpdta: pd.DataFrame) -> None:
    with pytest.raises(PanelError) as e:
        BaconDecomposition("countyreal", "year", "first.treat", "lemp").fit(mpdta.iloc[1:])
    assert e.value.column == "countyreal"


def test_before_after_trend_recovers_a_level_shift() -> None:
    t = np.arange(2000, 2016)
    noise = np.array([0.1, -0.1] * 8)
    y = 5 + 0.5 * (t - 2000) + noise + np.where(t >= 2010, 2.0, 0.0)
    est = BeforeAfterTrend("year", "y", 2010).fit(pd.DataFrame({"year": t, "y": y}))
    assert est.slope_ == pytest.approx(0.5, abs=0.02)
    assert est.att_ == pytest.approx(2.0, abs=0.1)
    assert est.p_value_ < 0.001
    flat = BeforeAfterTrend("year", "y", 2010).fit(
        pd.DataFrame({"year": t, "y": 5 + 0.5 * (t - 2000) + noise})
    )
    assert abs(flat.att_) < 0.1 and flat.p_value_ > 0.05
    with pytest.raises(PanelError):
        BeforeAfterTrend("year", "y", 2001).fit(pd.DataFrame({"year": t, "y": y}))
