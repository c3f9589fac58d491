"""Callaway & Sant'Anna ATT(g, t) against the values R's ``did`` documents for ``mpdta``.

References (bcallaway11/did at commit 71ba8a564eada94d710d65ec0d4f64041351de96):
- README.md: ``att_gt(yname="lemp", tname="year", idname="countyreal", gname="first.treat",
  xformla=~1, data=mpdta, est_method="reg")``, its ``aggte(type="dynamic")`` and
  ``aggte(type="group")`` summaries (bootstrap standard errors, 999 draws);
- docs/articles/did-basics.md: the same call with the default ``est_method="dr"``
  (a second, independent bootstrap run of the same standard errors).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innofield.evaluation import CallawaySantAnna, PanelError

DATA = Path(__file__).parent / "data" / "mpdta.csv"

# (group, time): (ATT, bootstrap SE in README.md, bootstrap SE in did-basics.md)
R_ATT_GT = {
    (2004, 2004): (-0.0105, 0.0246, 0.0243),
    (2004, 2005): (-0.0704, 0.0332, 0.0331),
    (2004, 2006): (-0.1373, 0.0397, 0.0412),
    (2004, 2007): (-0.1008, 0.0357, 0.0358),
    (2006, 2004): (0.0065, 0.0229, 0.0230),
    (2006, 2005): (-0.0028, 0.0197, 0.0210),
    (2006, 2006): (-0.0046, 0.0179, 0.0175),
    (2006, 2007): (-0.0412, 0.0192, 0.0196),
    (2007, 2004): (0.0305, 0.0154, 0.0147),
    (2007, 2005): (-0.0027, 0.0164, 0.0156),
    (2007, 2006): (-0.0311, 0.0184, 0.0179),
    (2007, 2007): (-0.0261, 0.0170, 0.0175),
}
# event time: (estimate, SE README.md, SE did-basics.md)
R_DYNAMIC = {
    -3: (0.0305, 0.0154, 0.0157),
    -2: (-0.0006, 0.0132, 0.0136),
    -1: (-0.0245, 0.0153, 0.0144),
    0: (-0.0199, 0.0123, 0.0124),
    1: (-0.0510, 0.0167, 0.0163),
    2: (-0.1373, 0.0413, 0.0402),
    3: (-0.1008, 0.0351, 0.0354),
}
R_DYNAMIC_OVERALL = (-0.0772, 0.0219, 0.0203)
R_GROUP = {2004: (-0.0797, 0.0291), 2006: (-0.0229, 0.0176), 2007: (-0.0261, 0.0175)}
R_GROUP_OVERALL = (-0.031, 0.0126)  # README prints -0.031 (3 decimals)
R_PRETEST_P = 0.16812


@pytest.fixture(scope="module")
def mpdta() -> pd.DataFrame:
    return pd.read_csv(DATA)


@pytest.fixture(scope="module")
def fitted(mpdta: pd.DataFrame) -> CallawaySantAnna:
    # many draws so that our own bootstrap noise is small next to the 10 % tolerance
    return CallawaySantAnna(
        "countyreal", "year", "first.treat", "lemp", method="reg", n_boot=20000, seed=11
    ).fit(mpdta)


def _r_se(pair: tuple[float, float]) -> float:
    return (pair[0] + pair[1]) / 2  # two documented R bootstrap runs


def test_data_is_mpdta(mpdta: pd.DataFrame) -> None:
    assert mpdta.shape == (2500, 6)
    assert mpdta["countyreal"].nunique() == 500
    assert sorted(mpdta["year"].unique()) == [2003, 2004, 2005, 2006, 2007]


def test_att_gt_equals_r_did(fitted: CallawaySantAnna) -> None:
    table = fitted.att_gt_.set_index(["group", "time"])
    assert len(table) == len(R_ATT_GT)
    for (g, t), (att, *ses) in R_ATT_GT.items():
        row = table.loc[(g, t)]
        assert round(row["att"], 4) == pytest.approx(att, abs=1e-12), (g, t)
        assert row["se"] == pytest.approx(_r_se(tuple(ses)), rel=0.10), (g, t)
        assert row["lower"] < row["att"] < row["upper"]


def test_dynamic_aggregation_equals_r_did(fitted: CallawaySantAnna) -> None:
    dyn = fitted.aggregate("dynamic")
    assert round(dyn.att, 4) == R_DYNAMIC_OVERALL[0]
    assert dyn.se == pytest.approx(_r_se(R_DYNAMIC_OVERALL[1:]), rel=0.10)
    table = dyn.table.set_index("event_time")
    assert list(table.index) == sorted(R_DYNAMIC)
    for e, (att, *ses) in R_DYNAMIC.items():
        assert round(table.loc[e, "att"], 4) == pytest.approx(att, abs=1e-12), e
        assert table.loc[e, "se"] == pytest.approx(_r_se(tuple(ses)), rel=0.10), e


def test_group_aggregation_equals_r_did(fitted: CallawaySantAnna) -> None:
    grp = fitted.aggregate("group")
    assert round(grp.att, 3) == R_GROUP_OVERALL[0]
    assert grp.se == pytest.approx(R_GROUP_OVERALL[1], rel=0.10)
    table = grp.table.set_index("group")
    for g, (att, se) in R_GROUP.items():
        assert round(table.loc[g, "att"], 4) == pytest.approx(att, abs=1e-12)
        assert table.loc[g, "se"] == pytest.approx(se, rel=0.10)


def test_pretest_equals_r_did(fitted: CallawaySantAnna) -> None:
    assert fitted.pretest_["df"] == 5
    assert round(fitted.pretest_["p_value"], 5) == R_PRETEST_P


def test_simultaneous_band_is_wider_than_pointwise(fitted: CallawaySantAnna) -> None:
    assert 2.2 < fitted.crit_val_ < 3.2  # R's bands above imply about 2.6-2.8
    assert fitted.crit_val_ > 1.96


def test_unconditional_estimators_agree(mpdta: pd.DataFrame) -> None:
    """With no covariates reg, IPW and DR are the same estimator (R gives the same ATT)."""
    fits = {
        m: CallawaySantAnna("countyreal", "year", "first.treat", "lemp", method=m, n_boot=0).fit(
            mpdta
        )
        for m in ("reg", "ipw", "dr")
    }
    for m in ("ipw", "dr"):
        np.testing.assert_allclose(fits[m].att_gt_["att"], fits["reg"].att_gt_["att"], atol=1e-12)
        np.testing.assert_allclose(fits[m].influence_, fits["reg"].influence_, atol=1e-10)


def test_bootstrap_is_reproducible_with_a_seed(mpdta: pd.DataFrame) -> None:
    def run(seed: int) -> np.ndarray:
        est = CallawaySantAnna("countyreal", "year", "first.treat", "lemp", n_boot=200, seed=seed)
        return est.fit(mpdta).att_gt_["se"].to_numpy()

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_universal_base_period(mpdta: pd.DataFrame) -> None:
    est = CallawaySantAnna(
        "countyreal", "year", "first.treat", "lemp", base="universal", n_boot=0
    ).fit(mpdta)
    table = est.att_gt_.set_index(["group", "time"])
    assert len(table) == 15  # every period, the base period g-1 included at zero
    assert table.loc[(2006, 2005), "att"] == 0.0 and np.isnan(table.loc[(2006, 2005), "se"])
    # post-treatment cells do not depend on the base-period choice
    assert table.loc[(2004, 2006), "att"] == pytest.approx(-0.1373, abs=5e-5)
    # pre-period cells are long differences to g-1: ATT(2007, 2004) = y04 - y06 contrast
    assert table.loc[(2007, 2004), "att"] == pytest.approx(-(-0.0027 - 0.0311 + 0.0000), abs=1e-3)


def test_not_yet_treated_controls(mpdta: pd.DataFrame) -> None:
    never = CallawaySantAnna("countyreal", "year", "first.treat", "lemp", n_boot=0).fit(mpdta)
    notyet = CallawaySantAnna(
        "countyreal", "year", "first.treat", "lemp", control="notyet", n_boot=0
    ).fit(mpdta)
    a = never.att_gt_.set_index(["group", "time"])["att"]
    b = notyet.att_gt_.set_index(["group", "time"])["att"]
    # 2007 is the last cohort: in 2007 only never-treated units are "not yet treated"
    assert b.loc[(2007, 2007)] == pytest.approx(a.loc[(2007, 2007)], abs=1e-12)
    # earlier cells borrow the later cohorts as controls, so they differ
    assert abs(b.loc[(2004, 2004)] - a.loc[(2004, 2004)]) > 1e-4


def test_covariates_dr_close_to_unconditional(mpdta: pd.DataFrame) -> None:
    """did-basics.md: with ``xformla=~lpop`` "the results turn out to be nearly identical"."""
    plain = CallawaySantAnna("countyreal", "year", "first.treat", "lemp", n_boot=0).fit(mpdta)
    for method in ("reg", "ipw", "dr"):
        cov = CallawaySantAnna(
            "countyreal",
            "year",
            "first.treat",
            "lemp",
            covariates=["lpop"],
            method=method,
            n_boot=0,
        ).fit(mpdta)
        diff = cov.att_gt_["att"] - plain.att_gt_["att"]
        assert 0 < np.abs(diff).max() < 0.01, method
        assert np.all(np.abs(cov.influence_.mean(axis=0)) < 1e-10)


def test_bad_panels_name_the_column(mpdta: pd.DataFrame) -> None:
    est = CallawaySantAnna("countyreal", "year", "first.treat", "lemp", n_boot=0)
    dup = pd.concat([mpdta, mpdta.iloc[[0]]])
    with pytest.raises(PanelError) as e:
        est.fit(dup)
    assert e.value.column == "countyreal" and "duplicate" in str(e.value)
    changed = mpdta.copy()
    changed.loc[0, "first.treat"] = 2006
    with pytest.raises(PanelError) as e:
        est.fit(changed)
    assert e.value.column == "first.treat" and "changes" in str(e.value)
    with pytest.raises(PanelError) as e:
        est.fit(mpdta.loc[mpdta["first.treat"] > 0])
    assert e.value.column == "first.treat" and "never-treated" in str(e.value)
    with pytest.raises(PanelError) as e:
        est.fit(mpdta.drop(columns="lemp"))
    assert e.value.column == "lemp"
