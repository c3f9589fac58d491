"""Property tests (hypothesis): normalisation range, monotone aggregation, renormalised weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from innofield.observatory import Framework, aggregate_matrix, normalise, renormalise
from innofield.observatory.normalise import normalise_vector

finite = st.floats(-1e6, 1e6, allow_nan=False)
positive = st.floats(0.1, 1e3, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.integers(2, 30), elements=finite), st.floats(-50, 50), st.floats(1, 100))
def test_minmax_range(x: np.ndarray, lo: float, width: float) -> None:
    if np.ptp(x) <= 1e-9 * max(1.0, np.abs(x).max()):
        return
    y = normalise_vector(x, "minmax", l_u=[lo, lo + width])
    assert np.isclose(y.min(), lo) and np.isclose(y.max(), lo + width)
    assert np.all(np.diff(y[np.argsort(x, kind="stable")]) >= -1e-9)


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, (5, 4), elements=positive),
    arrays(float, 4, elements=positive),
    st.integers(0, 4),
    st.integers(0, 3),
    st.floats(0.01, 10),
    st.sampled_from(["arithmetic", "geometric", "harmonic", "generalised"]),
)
def test_aggregation_monotone(
    x: np.ndarray, w: np.ndarray, i: int, j: int, bump: float, method: str
) -> None:
    before = aggregate_matrix(x, w, method, p=2.0)
    x2 = x.copy()
    x2[i, j] += bump
    after = aggregate_matrix(x2, w, method, p=2.0)
    assert after[i] >= before[i] - 1e-9
    assert np.allclose(np.delete(after, i), np.delete(before, i))


@settings(max_examples=60, deadline=None)
@given(arrays(float, 4, elements=positive), st.lists(st.booleans(), min_size=4, max_size=4))
def test_missing_values_renormalise(w: np.ndarray, drop: list[bool]) -> None:
    x = np.array([[10.0, 20.0, 30.0, 40.0]])
    if all(drop):
        return
    x[0, np.array(drop)] = np.nan
    keep = ~np.array(drop)
    expected = np.sum(w[keep] * x[0, keep]) / w[keep].sum()
    assert np.isclose(aggregate_matrix(x, w)[0], expected)


@settings(max_examples=40, deadline=None)
@given(st.lists(positive, min_size=3, max_size=3), st.lists(positive, min_size=2, max_size=2))
def test_renormalised_weights_sum_to_one(wi: list[float], wp: list[float]) -> None:
    meta = pd.DataFrame(
        {
            "Level": [1, 1, 1, 2, 2, 3],
            "iCode": ["a", "b", "c", "P", "Q", "I"],
            "Direction": [1] * 6,
            "Weight": [*wi, *wp, 1],
            "Parent": ["P", "P", "Q", "I", "I", None],
            "Type": ["Indicator"] * 3 + ["Aggregate"] * 3,
        }
    )
    fw = Framework.from_imeta(meta)
    rel = renormalise(fw.weight, fw)
    assert np.isclose(rel["a"] + rel["b"], 1) and np.isclose(rel["c"], 1)
    assert np.isclose(rel["P"] + rel["Q"], 1)


@settings(max_examples=30, deadline=None)
@given(arrays(float, (6, 3), elements=st.floats(0, 100)))
def test_normalise_direction_flips(x: np.ndarray) -> None:
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    if (frame.max() - frame.min() < 1e-6).any():
        return
    up = normalise(frame, {"a": 1, "b": 1, "c": 1})
    down = normalise(frame, {"a": -1, "b": -1, "c": -1})
    assert np.allclose(up + down, 100)
