"""Audit tools: statistics, correlations, Cronbach's alpha, PCA, ranks, strengths/weaknesses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import (
    CompositeIndex,
    compare_ranks,
    correlations,
    cronbach_alpha,
    effective_weights,
    pca,
    pca_weights,
    strengths_weaknesses,
    summary_stats,
)

from .asem_data import ASEM, SPEC, asem_inputs, needs_asem


@needs_asem
def test_audit_on_asem() -> None:
    idata, imeta = asem_inputs()
    index = CompositeIndex(SPEC).fit(idata, imeta)
    stats = summary_stats(index.datasets_["Raw"])
    ref = pd.read_csv(ASEM / "coin_dsets" / "stats_Raw.csv")
    assert (stats["Flag.SkewKurt"] == ref["Flag.SkewKurt"]).all()
    assert np.allclose(stats["Skew"], ref["Skew"], rtol=5e-3, atol=1e-3)  # 3 significant figures
    pillars = index.datasets_["Aggregated"][index.framework_.children("Conn")]
    alpha = cronbach_alpha(pillars)
    cov = pillars.cov().to_numpy()
    k = cov.shape[0]
    assert alpha == pytest.approx(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))
    r, p = correlations(index.datasets_["Aggregated"][["Conn", "Sust", "Index"]], pval=0)
    assert r.loc["Conn", "Index"] > 0.5 and p.loc["Conn", "Index"] < 0.05
    res = pca(index.datasets_["Normalised"][index.framework_.children("Physical")])
    assert res["explained"].sum() == pytest.approx(1)
    w = pca_weights(index.datasets_["Normalised"], index.framework_)
    assert set(w) == set(index.framework_.indicators)
    sw = strengths_weaknesses(index.datasets_["Normalised"], "CHE", index.framework_)
    assert (
        len(sw["strengths"]) == 5
        and (sw["strengths"]["Rank"] <= sw["weaknesses"]["Rank"].min()).all()
    )
    eff = effective_weights(index.framework_)
    assert eff.groupby("Level")["EffWeight"].sum().round(12).eq(1).all()


def test_correlation_pvalue_mask_and_rank_compare() -> None:
    rng = np.random.default_rng(0)
    x = rng.random(40)
    frame = pd.DataFrame({"a": x, "b": x + rng.random(40) * 0.1, "c": rng.random(40)})
    r, p = correlations(frame)
    assert r.loc["a", "b"] > 0.9
    assert np.isnan(r.loc["a", "c"]) == (p.loc["a", "c"] > 0.05)
    cmp = compare_ranks(
        pd.Series([3.0, 2, 1], index=list("xyz")), pd.Series([1.0, 2, 3], index=list("xyz"))
    )
    assert cmp.loc["x", "change"] == 2
