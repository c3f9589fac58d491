"""OR-Library instances: the files read as documented and small ones solve to their optima."""

from __future__ import annotations

from pathlib import Path

import pytest

from innofield.allocation import InnofieldSolver, read_orlib

DATA = Path(__file__).parent / "data"


def test_files_have_the_documented_shapes() -> None:
    sizes = [(len(i.problem.hubs), i.problem.n_jobs) for i in read_orlib(DATA / "gapd.txt.gz")]
    assert sizes == [(5, 100), (5, 200), (10, 100), (10, 200), (20, 100), (20, 200)]
    first = read_orlib(DATA / "gap1.txt.gz")
    assert [i.name for i in first] == [f"c515-{k}" for k in range(1, 6)]
    assert all(i.maximise for i in first)
    assert len(read_orlib(DATA / "gap12.txt.gz")) == 5


def test_gap1_is_solved_to_the_published_optimum() -> None:
    for instance in read_orlib(DATA / "gap1.txt.gz")[:2]:
        solver = InnofieldSolver(time_limit=10).fit(instance.problem)
        assert solver.status_ == "optimal"
        assert instance.reported(solver.objective_) == instance.best_known


@pytest.mark.parametrize("letter", ["a", "b"])
def test_gapa_and_gapb_5x100_are_proved_optimal(letter: str) -> None:
    instance = read_orlib(DATA / f"gap{letter}.txt.gz")[0]
    solver = InnofieldSolver(time_limit=20).fit(instance.problem)
    assert solver.status_ == "optimal"
    assert solver.objective_ == instance.best_known
    assert solver.bound_ == solver.objective_
    assert instance.problem.feasible(solver.assignment_)
