"""``innofield allocate`` end to end through the platform's typer app."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innofield.cli import app

runner = CliRunner()
HUBS = "hub,capacity\nA,10\nB,5\n"
PAIRS = (
    "job,hub,cost,use,carbon,latency_ms\n"
    "j1,A,3,6,1,5\nj1,B,4,4,2,9\nj2,A,2,5,1,5\nj2,B,6,4,1,9\nj3,A,5,4,3,5\n"
)


def run(tmp_path: Path, hubs: str, pairs: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "hubs.csv").write_text(hubs)
    (tmp_path / "pairs.csv").write_text(pairs)
    result = runner.invoke(
        app,
        [
            "allocate",
            "--hubs",
            str(tmp_path / "hubs.csv"),
            "--pairs",
            str(tmp_path / "pairs.csv"),
            "--out",
            str(tmp_path / "plan.csv"),
            "--time-limit",
            "5",
            *extra,
        ],
    )
    return result.exit_code, result.stdout, result.stderr


def test_plan_and_summary(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, HUBS, PAIRS)
    assert code == 0
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["objective"] == 11 and summary["bound"] == 11
    assert summary["status"] == "optimal" and summary["jobs"] == 3 and summary["hubs"] == 2
    assert summary["seconds"] >= 0 and summary["greedy_objective"] == 14
    with (tmp_path / "plan.csv").open() as handle:
        assert list(csv.reader(handle)) == [["job", "hub"], ["j1", "B"], ["j2", "A"], ["j3", "A"]]


def test_carbon_objective_and_extra_resource(tmp_path: Path) -> None:
    hubs = "hub,capacity,capacity_gpu\nA,10,1\nB,10,1\n"
    pairs = (
        "job,hub,cost,use,use_gpu,carbon\nj1,A,1,1,1,9\nj1,B,2,1,1,1\nj2,A,1,1,1,5\nj2,B,1,1,1,2\n"
    )
    code, out, _ = run(tmp_path, hubs, pairs, "--objective", "carbon")
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == 0 and summary["objective"] == 6  # one GPU per hub: j1->B (1) and j2->A (5)


def test_infeasible_names_the_jobs(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, HUBS, PAIRS + "j4,B,1,50,1,1\n")
    assert code == 1
    assert "j4" in err and "cannot be placed" in err
    assert json.loads(out.strip().splitlines()[-1])["status"] == "infeasible"


@pytest.mark.parametrize(
    ("hubs", "pairs", "expected"),
    [
        (HUBS, PAIRS.replace("j2,A,2,5", "j2,A,two,5"), "pairs.csv: row 4, column cost"),
        ("hub,capacity\nA,10\nB,x\n", PAIRS, "hubs.csv: row 3, column capacity"),
        (HUBS, PAIRS.replace("j3,A,", "j3,C,"), "pairs.csv: row 6, column hub"),
        (HUBS, "job,hub,use\nj1,A,1\n", "pairs.csv: row 1, column cost"),
        (HUBS, PAIRS + "j5,A,1\n", "pairs.csv: row 7, column"),
        ("hub,capacity\nA,-1\n", PAIRS, "hubs.csv: row 2, column capacity"),
    ],
)
def test_malformed_files_exit_2_naming_row_and_column(
    tmp_path: Path, hubs: str, pairs: str, expected: str
) -> None:
    code, _, err = run(tmp_path, hubs, pairs)
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1


def test_the_cli_names_the_same_objectives_as_the_library() -> None:
    from innofield.allocation import cli, problem

    assert cli.OBJECTIVES == problem.OBJECTIVES


def test_unknown_objective_and_absent_column_exit_2(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, HUBS, PAIRS, "--objective", "speed")
    assert code == 2 and "--objective must be one of" in err
    plain = "job,hub,cost,use\nj1,A,1,1\n"
    code, _, err = run(tmp_path, HUBS, plain, "--objective", "carbon")
    assert code == 2 and "pairs.csv" in err and "carbon" in err


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "allocate",
            "--hubs",
            str(tmp_path / "nope.csv"),
            "--pairs",
            str(tmp_path / "p.csv"),
            "--out",
            str(tmp_path / "plan.csv"),
        ],
    )
    assert result.exit_code == 2
    assert "nope.csv" in result.stderr
