"""The tabu search on its own: feasible results, brute-force optima on small instances,
improvement over its start on an OR-Library type D instance, and its use in the solver."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innofield.allocation import InnofieldSolver, Problem, read_orlib
from innofield.allocation.search import construct
from innofield.allocation.tabu import TabuSearch

from .test_small import brute_force, random_instance

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("seed", range(6))
def test_finds_the_brute_force_optimum_on_small_instances(seed: int) -> None:
    cost, use, cap = random_instance(seed)
    reference = brute_force(cost, use, cap)
    problem = Problem.from_matrices(cost, use, cap)
    search = TabuSearch(problem, seed=seed)
    found = search.run(construct(problem, problem.cost), deadline=np.inf, max_iterations=400)
    if np.isinf(reference):
        assert found is None
        return
    assert found is not None and problem.feasible(found)
    assert search.best_cost == float(problem.cost[found].sum()) == reference


def test_starts_infeasible_and_repairs() -> None:
    # Everything on hub 1 overloads it; the search must leave infeasible space.
    cost = np.array([[1.0, 1.0, 1.0, 1.0], [5.0, 6.0, 7.0, 8.0]])
    use = np.array([[4.0, 4.0, 4.0, 4.0], [4.0, 4.0, 4.0, 4.0]])
    problem = Problem.from_matrices(cost, use, np.array([8.0, 8.0]))
    start = np.array([0, 2, 4, 6])  # pairs of hub 1 (pairs are job-major: job j -> 2j + hub)
    assert not problem.feasible(start)
    search = TabuSearch(problem)
    found = search.run(start, deadline=np.inf, max_iterations=200)
    assert found is not None and problem.feasible(found)
    assert search.best_cost == 5 + 6 + 1 + 1  # the cheapest two move to hub 2


def test_improves_a_type_d_start_within_an_iteration_budget() -> None:
    inst = next(i for i in read_orlib(DATA / "gapd.txt.gz") if i.name == "d05100")
    problem = inst.problem
    start = construct(problem, problem.cost)
    search = TabuSearch(problem, seed=0)
    found = search.run(start, deadline=np.inf, max_iterations=1500)
    assert found is not None and problem.feasible(found)
    assert search.iterations == 1500
    # Within 1.5 % of the best known value (6353) after 1,500 iterations.
    assert search.best_cost <= 6353 * 1.015


def test_solver_reports_the_tabu_stage_on_a_hard_instance() -> None:
    inst = next(i for i in read_orlib(DATA / "gapd.txt.gz") if i.name == "d10100")
    solver = InnofieldSolver(time_limit=2.0).fit(inst.problem)
    assert solver.status_ == "feasible"
    assert solver.stats_["tabu_iterations"] > 0
    assert inst.problem.feasible(solver.assignment_)
    assert solver.bound_ <= inst.best_known <= solver.objective_
