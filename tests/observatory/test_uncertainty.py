"""Monte Carlo uncertainty: vectorised runs equal full rebuilds; sensitivity estimators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import CompositeIndex
from innofield.observatory.uncertainty import (
    UncertaintyAnalysis,
    saltelli_design,
    sensitivity_indices,
)

from .asem_data import SPEC, asem_inputs, needs_asem

FACTORS = [
    {"name": "winmax", "step": "treat", "param": "winmax", "values": [1, 2, 3, 4, 5]},
    {
        "name": "normalisation",
        "step": "normalise",
        "options": [{"method": "minmax", "l_u": [1, 100]}, {"method": "zscore", "m_sd": [10, 2]}],
    },
    {"name": "weights", "noise": {2: 0.25, 3: 0.25}, "n_sets": 10},
    {
        "name": "aggregation",
        "step": "aggregate",
        "param": "method",
        "values": ["arithmetic", "geometric"],
    },
]


@needs_asem
def test_runs_equal_full_rebuilds() -> None:
    idata, imeta = asem_inputs()
    index = CompositeIndex(SPEC).fit(idata, imeta)
    ua = UncertaintyAnalysis(FACTORS, n_runs=12, seed=3).fit(index)
    assert ua.failed_ == 0 and ua.scores_.shape == (51, 12)
    weight_sets = UncertaintyAnalysis._alternatives(FACTORS[2], index, np.random.default_rng(3))
    assert len(weight_sets) == 10
    for r in range(4):
        choice = ua.params_.iloc[r]
        alt = (
            index.with_step("treat", winmax=[1, 2, 3, 4, 5][choice["winmax"]])
            .with_step("normalise", replace=True, **FACTORS[1]["options"][choice["normalisation"]])  # type: ignore[index]
            .with_step("aggregate", method=FACTORS[3]["values"][choice["aggregation"]])
        )  # type: ignore[index]
        spec = alt.get_spec()
        spec["steps"][-1]["weights"] = ua_weights(ua, index, r)
        rebuilt = CompositeIndex(spec).fit(idata, imeta).results_.set_index("uCode")["Index"]
        got = ua.scores_[f"r_{r + 1}"].loc[rebuilt.index]
        assert np.max(np.abs(got - rebuilt)) <= 1e-9


def ua_weights(ua: UncertaintyAnalysis, index: CompositeIndex, run: int) -> dict[str, float]:
    """Recover the weights of one run by regenerating the same noisy sets."""
    rng = np.random.default_rng(ua.seed)
    alts = [ua._alternatives(f, index, rng) for f in ua.factors]
    return alts[2][ua.params_.iloc[run]["weights"]]["__weights__"]


@needs_asem
def test_rank_stats_and_sensitivity() -> None:
    idata, imeta = asem_inputs()
    index = CompositeIndex(SPEC).fit(idata, imeta)
    ua = UncertaintyAnalysis(FACTORS, n_runs=200, seed=1).fit(index)
    stats = ua.rank_stats_
    assert (stats["Q5"] <= stats["Median"]).all() and (stats["Median"] <= stats["Q95"]).all()
    assert stats.loc["CHE", "Nominal"] == 1
    sa = UncertaintyAnalysis(FACTORS, n_runs=50, kind="SA", seed=2).fit(index)
    assert sa.scores_.shape[1] == 50 * 6
    assert sa.sensitivity_["Variable"].tolist() == [f["name"] for f in FACTORS]
    with pytest.raises(ValueError, match="step 'bake'"):
        UncertaintyAnalysis([{"name": "x", "step": "bake", "param": "a", "values": [1]}]).fit(index)


def test_sensitivity_on_additive_function() -> None:
    rng = np.random.default_rng(0)
    n, d = 4000, 3
    x = saltelli_design(n, d, rng)
    y = 4 * x[:, 0] + 2 * x[:, 1] + 0 * x[:, 2]
    s = sensitivity_indices(y, n, d)
    assert s["Si"].iloc[0] == pytest.approx(0.8, abs=0.05)
    assert s["Si"].iloc[1] == pytest.approx(0.2, abs=0.05)
    assert abs(s["STi"].iloc[2]) < 0.01
    assert isinstance(s, pd.DataFrame)


def test_runs_keep_dat_thresh_and_copeland_like_the_build() -> None:
    # 6 units, two pillars of two indicators; u3 lacks half of pillar P1, u4 all of P2
    nan = np.nan
    idata = pd.DataFrame(
        {
            "uCode": [f"u{i}" for i in range(6)],
            "a": [1.0, 4, 2, 8, 5, 3],
            "b": [2.0, 2, 7, nan, 1, 6],
            "c": [5.0, 1, 1, 3, nan, 2],
            "d": [1.0, 6, 2, 2, nan, 9],
        }
    )
    imeta = pd.DataFrame(
        {
            "Level": [1, 1, 1, 1, 2, 2, 3],
            "iCode": ["a", "b", "c", "d", "P1", "P2", "Index"],
            "Direction": [1, 1, 1, 1, 1, 1, 1],
            "Weight": [1, 1, 1, 2, 1, 1, 1],
            "Parent": ["P1", "P1", "P2", "P2", "Index", "Index", None],
            "Type": ["Indicator"] * 4 + ["Aggregate"] * 3,
        }
    )
    spec = {
        "steps": [
            {"step": "normalise", "method": "minmax", "l_u": [1, 100]},
            {"step": "aggregate", "method": "arithmetic", "dat_thresh": 0.6},
        ]
    }
    index = CompositeIndex(spec).fit(idata, imeta)
    methods = ["arithmetic", "geometric", "harmonic", "copeland"]
    factor = {"name": "agg", "step": "aggregate", "param": "method", "values": methods}
    ua = UncertaintyAnalysis([factor], n_runs=16, seed=5).fit(index)
    seen = set()
    for r in range(16):
        method = methods[ua.params_.iloc[r]["agg"]]
        seen.add(method)
        rebuilt = index.with_step("aggregate", method=method).fit(idata, imeta)
        want = rebuilt.datasets_["Aggregated"]["Index"]
        got = ua.scores_[f"r_{r + 1}"].loc[want.index]
        assert np.allclose(got, want, rtol=0, atol=1e-9, equal_nan=True), method
    assert seen == set(methods)
    # dat_thresh 0.6 removes u3 (1 of 2 in P1) and u4 (0 of 2 in P2) from the means
    nominal = index.datasets_["Aggregated"]
    assert np.isnan(nominal.loc["u3", "P1"]) and np.isnan(nominal.loc["u4", "P2"])
