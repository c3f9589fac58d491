"""Pairs from job and hub tables: every hard constraint, windows and temporal shifting."""

from __future__ import annotations

from innofield.allocation import (
    GreedyNearest,
    Hub,
    InnofieldSolver,
    Job,
    candidate_problem,
    synthetic_platform,
)

FLAT = [1.0] * 4


def hubs() -> list[Hub]:
    dirty = [800.0, 800.0, 200.0, 800.0]
    return [
        Hub("east", "shanghai", "east", 10, 1.0, 0.1, dirty, FLAT, frozenset({"gpu", "cpu"})),
        Hub("west", "gansu", "west", 10, 0.7, 0.5, dirty, FLAT, frozenset({"cpu"})),
    ]


LATENCY = {("sh", "east"): 3.0, ("sh", "west"): 40.0}


def pairs_of(job: Job) -> set[tuple[str, int]]:
    problem = candidate_problem([job], hubs(), LATENCY, windows=4)
    assert problem.pair_window is not None
    return {
        (problem.hubs[h], int(w))
        for h, w in zip(problem.pair_hub, problem.pair_window, strict=True)
    }


def test_hard_constraints_remove_pairs() -> None:
    base = Job("j", "sh", 1.0, release=1, deadline=1)
    assert pairs_of(base) == {("east", 1), ("west", 1)}
    assert pairs_of(Job("j", "sh", 1.0, 1, 1, residency=frozenset({"east"}))) == {("east", 1)}
    assert pairs_of(Job("j", "sh", 1.0, 1, 1, latency_slo_ms=10)) == {("east", 1)}
    assert pairs_of(Job("j", "sh", 1.0, 1, 1, hardware="gpu")) == {("east", 1)}
    assert pairs_of(Job("j", "sh", 1.0, 1, 1, green_min=0.3)) == {("west", 1)}
    assert pairs_of(Job("j", "sh", 1.0, 1, 1, hardware="gpu", green_min=0.3)) == set()


def test_delay_tolerant_jobs_shift_to_the_clean_hour() -> None:
    job = Job("j", "sh", 2.0, release=0, deadline=3, delay_tolerant=True)
    assert pairs_of(job) == {(h, w) for h in ("east", "west") for w in range(4)}
    problem = candidate_problem([job], hubs(), LATENCY, windows=4).with_objective("carbon")
    solver = InnofieldSolver(time_limit=2).fit(problem)
    assert solver.status_ == "optimal"
    assert problem.pair_window is not None
    assert (
        problem.hubs[problem.pair_hub[solver.assignment_[0]]],
        int(problem.pair_window[solver.assignment_[0]]),
    ) == ("west", 2)
    urgent = Job("u", "sh", 2.0, release=0, deadline=3)
    assert pairs_of(urgent) == {("east", 0), ("west", 0)}


def test_window_capacity_is_per_hour() -> None:
    jobs = [
        Job(
            f"j{k}",
            "sh",
            6.0,
            release=0,
            deadline=1,
            delay_tolerant=True,
            residency=frozenset({"east"}),
        )
        for k in range(2)
    ]
    problem = candidate_problem(jobs, hubs(), LATENCY, windows=4)
    solver = InnofieldSolver(time_limit=2).fit(problem)
    assert solver.status_ == "optimal"
    assert problem.pair_window is not None
    assert sorted(int(problem.pair_window[q]) for q in solver.assignment_) == [0, 1]


def test_small_synthetic_platform_beats_nearest_greedy() -> None:
    jobs, hub_list, latency = synthetic_platform(n_jobs=400, n_hubs=6, windows=24, seed=3)
    problem = candidate_problem(jobs, hub_list, latency).with_objective("weighted", {"latency": 0})
    assert problem.unservable() == []
    ours = InnofieldSolver(time_limit=4).fit(problem)
    greedy = GreedyNearest().fit(problem)
    assert ours.status_ in ("optimal", "feasible") and ours.gap_ < 0.01
    assert problem.feasible(ours.assignment_)
    if greedy.status_ != "infeasible":
        assert ours.objective_ <= greedy.objective_
