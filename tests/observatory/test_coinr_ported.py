"""COINr's own small hand-computed test cases (tests/testthat), ported."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innofield.observatory import (
    aggregate_matrix,
    check_skew_kurt,
    copeland,
    impute,
    impute_panel,
    normalise,
    outrank_matrix,
    treat,
    treat_vector,
)
from innofield.observatory.normalise import normalise_vector


def test_treat_winsorises_single_outlier() -> None:
    x = np.array([*range(1, 11), 100], dtype=float)
    assert check_skew_kurt(x)["Pass"] is False
    out, dets, _ = treat_vector(x, winmax=5)
    assert out[-1] == 10
    assert np.array_equal(out[:10], x[:10])
    assert check_skew_kurt(out)["Pass"] is True
    assert dets["winsorise.nwin"] == 1


def test_treat_winmax_one_still_fails_then_log() -> None:
    x = np.array([*range(1, 21), 100, 200], dtype=float)
    out, _, _ = treat_vector(x, winmax=1, f2=None)
    assert check_skew_kurt(out)["Pass"] is False
    out, dets, _ = treat_vector(x, winmax=1)
    mn, mx = x.min(), x.max()
    assert np.allclose(out, np.log(x - mn + 0.01 * (mx - mn)))
    assert "check_SkewKurt2.Pass" in dets


def test_treat_force_win_counts_points() -> None:
    x = np.array([*range(1, 21), 100, 200], dtype=float)
    _, _, marks = treat_vector(x, winmax=3, force_win=True, f2=None)
    assert sum(m != "" for m in marks) == 3


def test_treat_frame_equals_columnwise() -> None:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"a": rng.random(11), "b": [*range(1, 11), 100], "c": [*range(1, 11), -100]}, dtype=float
    )
    treated, table, _ = treat(frame, winmax=2)
    for col in frame:
        assert np.allclose(treated[col], treat_vector(frame[col].to_numpy(), winmax=2)[0])
    assert list(table["iCode"]) == ["a", "b", "c"]


def test_aggregation_functions() -> None:
    x = np.array([[1.0, 2.0, 3.0]])
    assert aggregate_matrix(x, np.ones(3), "geometric")[0] == pytest.approx(6 ** (1 / 3))
    assert aggregate_matrix(x, np.array([1, 1, 2.0]), "geometric")[0] == pytest.approx(18**0.25)
    hm = aggregate_matrix(x, np.array([2, 1, 1.0]), "harmonic")[0]
    assert hm == pytest.approx(4 / (2 / 1 + 1 / 2 + 1 / 3))
    assert aggregate_matrix(x, np.array([2, 1, 1.0]), "generalised", p=-1)[0] == pytest.approx(hm)
    assert aggregate_matrix(x, np.ones(3), "generalised", p=1)[0] == pytest.approx(2)
    for bad in ([1.0, 2.0, -1.0], [1.0, 2.0, 0.0]):
        with pytest.raises(ValueError, match="geometric"):
            aggregate_matrix(np.array([bad]), np.ones(3), "geometric")


def test_arithmetic_weights_and_dat_thresh() -> None:
    rng = np.random.default_rng(2)
    x = rng.random((20, 5))
    w = np.arange(1, 6, dtype=float)
    full = aggregate_matrix(x, w)
    assert np.allclose(full, x @ w / w.sum())
    x[0, :4] = np.nan
    thr = aggregate_matrix(x, w, dat_thresh=0.5)
    assert np.isnan(thr[0]) and np.allclose(thr[1:], full[1:])


def test_outranking_and_copeland() -> None:
    x = pd.DataFrame({"x1": [1, 2, 3, 4], "x2": [3, 2, 1, 5], "x3": [2, 3, 1, 4]}).to_numpy(float)
    orm = outrank_matrix(x, np.ones(3))
    assert orm.shape == (4, 4) and np.all(np.diag(orm) == 0)
    assert orm[1, 0] == pytest.approx(2 / 3)
    assert orm[2, 0] == pytest.approx(1 / 3)
    assert orm[3, 0] == 1
    iu = np.triu_indices(4, 1)
    assert np.sum(np.concatenate([orm[iu], orm.T[iu]]) == 1) == 3
    assert copeland(x, np.ones(3)).tolist() == [-1.0, 1.0, -3.0, 3.0]


def test_normalise_numbers() -> None:
    x = np.arange(1, 11, dtype=float)
    xn = normalise_vector(x, "minmax", l_u=[2, 7])
    assert xn.min() == 2 and xn.max() == 7
    xn = normalise_vector(x, "zscore", m_sd=[5, 2])
    assert xn.mean() == pytest.approx(5) and xn.std(ddof=1) == pytest.approx(2)
    xn = normalise_vector(x, "dist2targ", targ=8, cap_max=True)
    assert xn.min() == 0 and xn.max() == 1 and np.all(xn[x >= 8] == 1)
    assert np.allclose(
        normalise_vector(np.array([0, 5, 11.0]), "dist2targ", targ=10), [0, 0.5, 1.1]
    )
    y = normalise_vector(np.array([-1, 1, 10.0]), "dist2targ", targ=0, direction=-1, cap_max=True)
    assert np.allclose(y, [1, 0.9, 0])


def test_normalise_functions() -> None:
    x = np.random.default_rng(3).random(10)
    x[0] = 0.5 * (x.min() + x.max())
    idx = pd.Index(list("abcdefghij"))
    assert np.allclose(normalise_vector(x, "scaled", npara=[1, 10]), (x - 1) / 9 * 100)
    assert np.allclose(normalise_vector(x, "dist2max"), 1 - (x.max() - x) / (x.max() - x.min()))
    ref = 1 - (x[0] - x) / (x[0] - x.min())
    assert np.allclose(normalise_vector(x, "dist2ref", index=idx, ref="a"), ref)
    assert np.allclose(
        normalise_vector(x, "dist2ref", index=idx, ref="a", cap_max=True), np.minimum(ref, 1)
    )
    assert np.allclose(normalise_vector(x, "fracmax"), x / x.max())
    g = np.clip((x - 0.2) / 0.6, 0, 1) * 10
    assert np.allclose(normalise_vector(x, "goalposts", gposts=[0.2, 0.8, 10]), g)
    gp = [0, 10, 1]
    assert normalise_vector(np.array([1.0]), "goalposts", gposts=gp)[0] == pytest.approx(0.1)
    assert normalise_vector(np.array([11.0]), "goalposts", gposts=gp)[0] == 1
    assert normalise_vector(np.array([-1.0]), "goalposts", gposts=gp)[0] == 0
    assert normalise_vector(np.array([1.0]), "goalposts", gposts=gp, direction=-1)[
        0
    ] == pytest.approx(0.9)


def test_normalise_frame_directions_and_overrides() -> None:
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"v1": rng.random(10), "v2": rng.random(10)})
    out = normalise(
        frame,
        {"v1": 1, "v2": 1},
        per_indicator={"v1": {"method": "minmax", "l_u": [1, 10]}, "v2": {"method": "borda"}},
    )
    assert out["v1"].min() == 1 and out["v1"].max() == 10
    assert sorted(out["v2"]) == list(range(10))
    out = normalise(frame, {"v1": -1, "v2": 1})
    assert out.loc[frame["v1"].idxmin(), "v1"] == 100 and out.loc[frame["v1"].idxmax(), "v1"] == 0


def test_impute_median_and_mean() -> None:
    x = pd.DataFrame({"a": [1.0, 2, np.nan, 4, 5, 6, 7, 8, 9, 10]})
    assert impute(x, "median")["a"].iloc[2] == x["a"].median()
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(rng.random((10, 5)))
    frame.iloc[[1, 4], 0] = np.nan
    frame.iloc[[2, 7], 2] = np.nan
    out = impute(frame, "mean")
    assert out.iloc[1, 0] == pytest.approx(frame[0].mean())
    rows = impute(frame, "median", by="row", directions=None)
    assert not rows.isna().any().any()


def test_impute_group_mean_skips_missing_groups() -> None:
    rng = np.random.default_rng(6)
    x = pd.DataFrame({"v": rng.random(20)})
    f = pd.Series(rng.choice(["a", "b"], 20))
    x.iloc[[0, 4, 9], 0] = np.nan
    out = impute(x, "mean_group", groups=f)
    for i in (0, 4, 9):
        assert out.iloc[i, 0] == pytest.approx(x["v"][f == f[i]].mean())
    f[[1, 4]] = None
    out = impute(x, "mean_group", groups=f)
    assert np.isnan(out.iloc[4, 0])
    keep = f.notna()
    assert out.iloc[0, 0] == pytest.approx(x["v"][keep & (f == f[0])].mean())


def test_impute_panel_linear_and_constant() -> None:
    frame = pd.DataFrame(
        {"i1": [1.0, 2, 3], "i2": [3, np.nan, 5], "i3": [np.nan, 5, 6], "i4": [7, 8, np.nan]}
    )
    units, time = pd.Series(["A"] * 3), pd.Series([2020, 2021, 2022])
    lin = impute_panel(frame, units, time, "linear")
    assert lin["i2"].tolist() == [3, 4, 5] and lin["i3"].tolist() == [5, 5, 6]
    assert lin["i4"].tolist() == [7, 8, 8]
    const = impute_panel(frame, units, time, "constant")
    assert const["i2"].tolist() == [3, 3, 5] and const["i3"].tolist() == [5, 5, 6]
    latest = impute_panel(frame, units, time, "latest")
    assert latest["i2"].tolist() == [3, 3, 5] and np.isnan(latest["i3"].iloc[0])
