"""Coupling coordination degree against a published table and hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory.ccd import (
    coupling_coordination,
    coupling_degree,
    coupling_stage,
    entropy_weights,
    grade,
    lagging_type,
    subsystem_scores,
)

from .asem_data import SHARED, require

LANZHOU = SHARED / "ccd" / "li_he_bi_2022_lanzhou.csv"


def test_lanzhou_table_reproduces_to_paper_rounding() -> None:
    t = pd.read_csv(require(LANZHOU, "published CCD table (Li, He & Bi 2022)"))
    res = coupling_coordination(t[["U1_ecology", "U2_development"]])
    # inputs are rounded to 4 places, so C and D can differ by about 1e-4
    assert np.max(np.abs(res["C"] - t["C_published"])) < 1.5e-4
    assert np.max(np.abs(res["D"] - t["D_published"])) < 1e-4
    assert np.allclose(res["T"], t[["U1_ecology", "U2_development"]].mean(axis=1))


def test_coupling_forms() -> None:
    u = np.array([[0.2, 0.8], [0.5, 0.5]])
    std = coupling_degree(u)
    assert std[0] == pytest.approx(2 * np.sqrt(0.16) / 1.0) and std[1] == pytest.approx(1)
    k2 = coupling_degree(u, "k2")
    assert k2[0] == pytest.approx((4 * 0.16 / 1.0) ** 2)
    assert coupling_degree(u, "k2", k=0.5)[0] == pytest.approx(std[0])
    w = coupling_degree(u, "wang2021")
    assert w[0] == pytest.approx(np.sqrt((1 - 0.6) * 0.25)) and w[1] == pytest.approx(1)
    u3 = np.array([[0.2, 0.5, 0.8]])
    assert coupling_degree(u3)[0] == pytest.approx(3 * (0.08) ** (1 / 3) / 1.5)
    gap = (0.3 + 0.6 + 0.3) / 3
    ratio = 0.25 * 0.625
    assert coupling_degree(u3, "wang2021")[0] == pytest.approx(np.sqrt((1 - gap) * ratio**0.5))
    assert coupling_degree(u3, "wang2021", wang_exponent=False)[0] == pytest.approx(
        np.sqrt((1 - gap) * ratio)
    )
    with pytest.raises(ValueError, match="non-negative"):
        coupling_degree(np.array([[0.1, -0.2]]))


def test_grades_and_stages() -> None:
    assert grade([0.05, 0.1, 0.45, 0.99, 1.0]) == [
        "extreme disorder",
        "serious disorder",
        "on the verge of disorder",
        "high-quality coordination",
        "high-quality coordination",
    ]
    assert grade(0.55, "zh") == ["勉强协调"]
    assert coupling_stage(0.25) == "low-level" and coupling_stage(0.9) == "high-level"
    assert lagging_type(1, 0.5) == "subsystem 2 lags" and lagging_type(1, 1) == "synchronous"


def test_entropy_weights() -> None:
    x = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 1, 1, 4], "c": [4.0, 3, 2, 1]})
    w = entropy_weights(x, {"c": -1})
    assert w.sum() == pytest.approx(1)
    assert w["a"] == pytest.approx(w["c"])
    assert w["b"] > w["a"]  # the more concentrated column carries more information
    scores, used = subsystem_scores(x, {"S1": ["a", "b"], "S2": ["c"]}, {"c": -1})
    assert scores.shape == (4, 2) and scores["S2"].tolist() == [0, 1 / 3, 2 / 3, 1]
    assert used[["a", "b"]].sum() == pytest.approx(1)
    with pytest.raises(ValueError, match="b: constant column"):
        entropy_weights(pd.DataFrame({"a": [1.0, 2], "b": [3.0, 3]}))
