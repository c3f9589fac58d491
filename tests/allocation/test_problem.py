"""The Problem model: validation, objectives, loads and feasibility."""

from __future__ import annotations

import numpy as np
import pytest

from innofield.allocation import Problem


def two_by_two(**metrics: np.ndarray) -> Problem:
    return Problem.build(
        ["a", "b"],
        ["H", "K"],
        [1, 0, 0, 1],
        [0, 0, 1, 1],
        [4.0, 1.0, 2.0, 3.0],
        np.array([[0], [0], [1], [1]]),
        np.array([[1.0], [2.0], [3.0], [4.0]]),
        [5.0, 5.0],
        metrics=metrics or None,
    )


def test_pairs_are_sorted_by_job_with_their_data() -> None:
    p = two_by_two()
    assert p.pair_job.tolist() == [0, 0, 1, 1]
    assert p.cost.tolist() == [1.0, 2.0, 4.0, 3.0]
    assert p.starts.tolist() == [0, 2]
    assert p.load(np.array([0, 3])).tolist() == [2.0, 4.0]
    assert p.feasible(np.array([0, 3]))
    assert not p.feasible(np.array([0, 1]))  # both pairs belong to job a


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pair_job": [0, 0, 2, 1]}, "pair_job out of range"),
        ({"pair_hub": [0, 0, 1, 5]}, "pair_hub out of range"),
        ({"cost": [1.0, np.nan, 1.0, 1.0]}, "finite"),
        ({"capacity": [5.0, -1.0]}, "non-negative"),
        ({"cost": [1.0, 2.0]}, "differ in length"),
    ],
)
def test_invalid_arrays_are_refused(change: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "jobs": ["a", "b"],
        "hubs": ["H", "K"],
        "pair_job": [0, 0, 1, 1],
        "pair_hub": [0, 1, 0, 1],
        "cost": [1.0, 2.0, 3.0, 4.0],
        "rows": np.array([[0], [1], [0], [1]]),
        "use": np.ones((4, 1)),
        "capacity": [5.0, 5.0],
    }
    args.update(change)
    with pytest.raises(ValueError, match=message):
        Problem.build(**args)  # type: ignore[arg-type]


def test_objectives_come_from_the_metrics() -> None:
    carbon = np.array([10.0, 30.0, 20.0, 40.0])
    latency = np.array([1.0, 1.0, 1.0, 5.0])
    p = two_by_two(cost=np.array([4.0, 1.0, 2.0, 3.0]), carbon=carbon, latency_ms=latency)
    assert p.with_objective("carbon").cost.tolist() == [30.0, 20.0, 10.0, 40.0]
    weighted = p.with_objective("weighted", {"latency": 0.0}).cost
    expected = p.metrics["cost"] / 2.5 + p.metrics["carbon"] / 25.0
    assert np.allclose(weighted, expected)
    with pytest.raises(ValueError, match="no latency_ms"):
        two_by_two().with_objective("latency")
    with pytest.raises(ValueError, match="objective must be one of"):
        p.with_objective("speed")
