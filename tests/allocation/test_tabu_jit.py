"""The compiled tabu search with ejection chains: brute-force optima on small instances,
repair from an infeasible start, a type D figure at a fixed iteration budget, refusal of
multi-row problems, and its use by the solver."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innofield.allocation import InnofieldSolver, Problem, read_orlib
from innofield.allocation.milp import recombine
from innofield.allocation.search import construct
from innofield.allocation.tabu_jit import CompiledTabu, ready, usable, warm

from .test_small import brute_force, random_instance

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("chains", [True, False])
def test_finds_the_brute_force_optimum_on_small_instances(seed: int, chains: bool) -> None:
    cost, use, cap = random_instance(seed)
    reference = brute_force(cost, use, cap)
    problem = Problem.from_matrices(cost, use, cap)
    search = CompiledTabu(problem, seed=seed, chains=chains)
    found = search.run(construct(problem, problem.cost), deadline=np.inf, max_iterations=400)
    if np.isinf(reference):
        assert found is None
        return
    assert found is not None and problem.feasible(found)
    assert search.best_cost == float(problem.cost[found].sum()) == reference


def test_starts_infeasible_and_repairs() -> None:
    cost = np.array([[1.0, 1.0, 1.0, 1.0], [5.0, 6.0, 7.0, 8.0]])
    use = np.array([[4.0, 4.0, 4.0, 4.0], [4.0, 4.0, 4.0, 4.0]])
    problem = Problem.from_matrices(cost, use, np.array([8.0, 8.0]))
    start = np.array([0, 2, 4, 6])
    assert not problem.feasible(start)
    search = CompiledTabu(problem)
    found = search.run(start, deadline=np.inf, max_iterations=200)
    assert found is not None and problem.feasible(found)
    assert search.best_cost == 5 + 6 + 1 + 1


def test_type_d_at_a_fixed_iteration_budget() -> None:
    inst = next(i for i in read_orlib(DATA / "gapd.txt.gz") if i.name == "d10100")
    problem = inst.problem
    search = CompiledTabu(problem, seed=0)
    found = search.run(construct(problem, problem.cost), deadline=np.inf, max_iterations=5000)
    assert found is not None and problem.feasible(found)
    assert search.iterations == 5000
    assert search.best_cost == float(problem.cost[found].sum())
    # Within 1.5 % of the best known value (6347) after 5,000 iterations.
    assert inst.best_known <= search.best_cost <= 6347 * 1.015


def test_refuses_problems_with_several_rows_per_pair() -> None:
    rows = np.array([[0, 1], [2, 3]])
    problem = Problem.build(
        ["j"], ["h1", "h2"], [0, 0], [0, 1], [1.0, 2.0], rows, np.ones((2, 2)), np.ones(4)
    )
    assert not usable(problem)
    with pytest.raises(ValueError, match="problem"):
        CompiledTabu(problem)


def test_solver_uses_the_compiled_search_on_orlib() -> None:
    warm()
    assert ready()
    inst = next(i for i in read_orlib(DATA / "gapd.txt.gz") if i.name == "d10100")
    solver = InnofieldSolver(time_limit=2.0).fit(inst.problem)
    assert solver.stats_["tabu_compiled"] is True
    assert solver.stats_["tabu_iterations"] > 0
    assert inst.problem.feasible(solver.assignment_)
    assert solver.bound_ <= inst.best_known <= solver.objective_


def test_recombine_finds_the_optimum_in_the_union_of_two_assignments() -> None:
    # Two hubs, two jobs, room for both anywhere: each pool assignment puts both jobs on
    # one hub (cost 6); the optimum (2) takes one pair from each.
    problem = Problem.from_matrices(
        np.array([[1.0, 5.0], [5.0, 1.0]]), np.ones((2, 2)), np.array([2.0, 2.0])
    )
    both_on_0 = np.array([0, 2])
    both_on_1 = np.array([1, 3])
    assert problem.cost[both_on_0].sum() == problem.cost[both_on_1].sum() == 6
    result = recombine(problem, [both_on_0, both_on_1], time_limit=5.0)
    assert result.assignment is not None and problem.feasible(result.assignment)
    assert list(result.assignment) == [0, 3] and result.objective == 2


def test_recombine_never_leaves_the_pairs_of_the_pool() -> None:
    cost, use, cap = random_instance(3)
    problem = Problem.from_matrices(cost, use, cap)
    search = CompiledTabu(problem, seed=1)
    search.run(construct(problem, problem.cost), deadline=np.inf, max_iterations=300)
    pool = search.pool()
    assert pool and all(problem.feasible(a) for a in pool)
    assert float(problem.cost[pool[0]].sum()) == search.best_cost
    result = recombine(problem, pool, time_limit=5.0)
    assert result.assignment is not None and problem.feasible(result.assignment)
    assert set(result.assignment) <= set(np.concatenate(pool))
    assert result.objective <= search.best_cost


def test_pool_of_a_type_d_search_is_feasible_distinct_and_best_first() -> None:
    inst = next(i for i in read_orlib(DATA / "gapd.txt.gz") if i.name == "d05100")
    problem = inst.problem
    search = CompiledTabu(problem, seed=0)
    search.run(construct(problem, problem.cost), deadline=np.inf, max_iterations=3000)
    pool = search.pool()
    assert len(pool) >= 2
    costs = [float(problem.cost[a].sum()) for a in pool]
    assert costs[0] == search.best_cost == min(costs)
    assert all(problem.feasible(a) for a in pool)
    assert len({a.tobytes() for a in pool}) == len(pool)
