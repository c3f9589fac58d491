"""Small hand-checked instances against brute-force enumeration; baselines; infeasibility."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from innofield.allocation import GreedyNearest, InnofieldSolver, Problem, SolverOnly


def brute_force(cost: np.ndarray, use: np.ndarray, cap: np.ndarray) -> float:
    """The optimum by trying every assignment (inf when none is feasible)."""
    m, n = cost.shape
    best = np.inf
    jobs = np.arange(n)
    for choice in itertools.product(range(m), repeat=n):
        hubs = np.array(choice)
        load = np.bincount(hubs, weights=use[hubs, jobs], minlength=m)
        if (load <= cap).all():
            best = min(best, float(cost[hubs, jobs].sum()))
    return best


def random_instance(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    cost = rng.integers(1, 30, size=(3, 7)).astype(float)
    use = rng.integers(1, 10, size=(3, 7)).astype(float)
    cap = np.floor(use.sum(axis=1) / 3 * rng.uniform(1.1, 1.5, 3))
    return cost, use, cap


def test_hand_checked_instance() -> None:
    # Two hubs; j1 and j2 both prefer A but only one fits there: the optimum is 11
    # (j1->B 4, j2->A 2, j3->A 5); greedy by cost takes j1->A and pays 3+6+... more.
    cost = np.array([[3.0, 2.0, 5.0], [4.0, 6.0, 99.0]])
    use = np.array([[6.0, 5.0, 4.0], [4.0, 4.0, 99.0]])
    problem = Problem.from_matrices(cost, use, np.array([10.0, 5.0]))
    solver = InnofieldSolver(time_limit=5).fit(problem)
    assert solver.status_ == "optimal"
    assert solver.objective_ == 11.0
    assert solver.bound_ == 11.0 and solver.gap_ == 0.0
    assert solver.plan() == [("j1", "h2"), ("j2", "h1"), ("j3", "h1")]


@pytest.mark.parametrize("seed", range(8))
def test_matches_brute_force(seed: int) -> None:
    cost, use, cap = random_instance(seed)
    reference = brute_force(cost, use, cap)
    problem = Problem.from_matrices(cost, use, cap)
    ours = InnofieldSolver(time_limit=5).fit(problem)
    raw = SolverOnly(time_limit=5).fit(problem)
    if np.isinf(reference):
        assert ours.status_ == raw.status_ == "infeasible"
        return
    assert ours.status_ == "optimal" and ours.objective_ == reference
    assert raw.status_ == "optimal" and raw.objective_ == reference
    assert problem.feasible(ours.assignment_)


@pytest.mark.parametrize("seed", range(5))
def test_greedy_respects_capacities(seed: int) -> None:
    cost, use, cap = random_instance(seed)
    problem = Problem.from_matrices(cost, use, cap)
    greedy = GreedyNearest().fit(problem)
    placed = greedy.assignment_[greedy.assignment_ >= 0]
    assert (problem.load(placed) <= cap + 1e-9).all()
    if greedy.status_ != "infeasible":
        assert problem.feasible(greedy.assignment_)
        assert greedy.objective_ >= brute_force(cost, use, cap)


def test_infeasible_names_jobs_without_room() -> None:
    # j2 is bigger than any hub; j3 has no allowed pair at all.
    problem = Problem.build(
        ["j1", "j2", "j3"],
        ["A", "B"],
        [0, 0, 1, 1],
        [0, 1, 0, 1],
        [1, 2, 1, 2],
        np.array([[0], [1], [0], [1]]),
        np.array([[1.0], [1.0], [9.0], [9.0]]),
        [5.0, 5.0],
    )
    for solver in (InnofieldSolver(time_limit=2), SolverOnly(time_limit=2)):
        solver.fit(problem)
        assert solver.status_ == "infeasible"
    assert InnofieldSolver(time_limit=2).fit(problem).unplaced_ == ["j2", "j3"]


def test_infeasible_by_total_capacity_names_jobs() -> None:
    # Every job fits alone, but three jobs of size 4 do not fit two hubs of 5.
    problem = Problem.from_matrices(np.ones((2, 3)), np.full((2, 3), 4.0), np.array([5.0, 5.0]))
    solver = InnofieldSolver(time_limit=2).fit(problem)
    assert solver.status_ == "infeasible"
    assert solver.unplaced_ == ["j3"]


def test_time_limit_reports_gap_and_bound() -> None:
    rng = np.random.default_rng(1)
    cost = rng.integers(10, 50, size=(10, 150)).astype(float)
    use = rng.integers(5, 25, size=(10, 150)).astype(float)
    cap = np.floor(use.sum(axis=1) / 10 * 0.8)
    solver = InnofieldSolver(time_limit=1.0).fit(Problem.from_matrices(cost, use, cap))
    assert solver.status_ in ("optimal", "feasible")
    assert solver.bound_ <= solver.objective_
    assert solver.gap_ == pytest.approx((solver.objective_ - solver.bound_) / solver.objective_)
    assert solver.seconds_ < 3.0
