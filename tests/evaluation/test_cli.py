"""``innofield evaluate did|synth`` through the platform's real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from innofield.cli import app

DATA = Path(__file__).parent / "data"
DID = [
    "evaluate",
    "did",
    "--data",
    str(DATA / "mpdta.csv"),
    "--unit",
    "countyreal",
    "--time",
    "year",
    "--group",
    "first.treat",
    "--outcome",
    "lemp",
]


def _last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_did_writes_the_files_and_a_json_summary(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app, [*DID, "--method", "reg", "--seed", "5", "--n-boot", "499", "--out", str(tmp_path)]
    )
    assert res.exit_code == 0, res.output
    summary = _last_json(res.stdout)
    assert round(summary["dynamic"]["att"], 4) == -0.0772
    assert round(summary["pretest"]["p_value"], 5) == 0.16812
    assert summary["groups"] == [2004, 2006, 2007]
    table = pd.read_csv(tmp_path / "att_gt.csv")
    assert list(table.columns) == ["group", "time", "att", "se", "lower", "upper"]
    assert (
        round(table.loc[(table.group == 2004) & (table.time == 2006), "att"].iloc[0], 4) == -0.1373
    )
    aggregates = json.loads((tmp_path / "aggregates.json").read_text())
    assert set(aggregates) == {"simple", "dynamic", "group", "calendar"}
    assert [r["event_time"] for r in aggregates["dynamic"]["rows"]] == [-3, -2, -1, 0, 1, 2, 3]
    assert all("att" in aggregates[k] and "se" in aggregates[k] for k in aggregates)
    png = (tmp_path / "event_study.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_did_is_reproducible_with_a_seed(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        res = CliRunner().invoke(
            app,
            [
                *DID,
                "--covariates",
                "lpop",
                "--control",
                "notyet",
                "--base",
                "universal",
                "--n-boot",
                "99",
                "--seed",
                "9",
                "--out",
                str(tmp_path / name),
            ],
        )
        assert res.exit_code == 0, res.output
        outs.append((tmp_path / name / "att_gt.csv").read_text())
    assert outs[0] == outs[1]


@pytest.mark.parametrize(
    ("edit", "extra", "column"),
    [
        (lambda d: pd.concat([d, d.iloc[[0]]]), [], "countyreal"),
        (
            lambda d: d.assign(**{"first.treat": d["first.treat"].where(d.index != 0, 2005)}),
            [],
            "first.treat",
        ),
        (lambda d: d.loc[d["first.treat"] > 0], [], "first.treat"),
        (lambda d: d.drop(columns="lemp"), [], "lemp"),
        (lambda d: d, ["--covariates", "nope"], "nope"),
        (lambda d: d, ["--method", "ols"], "method"),
    ],
)
def test_did_bad_panels_exit_2_naming_the_column(tmp_path: Path, edit, extra, column) -> None:
    data = edit(pd.read_csv(DATA / "mpdta.csv"))
    path = tmp_path / "panel.csv"
    data.to_csv(path, index=False)
    args = [a if a != str(DATA / "mpdta.csv") else str(path) for a in DID]
    res = CliRunner().invoke(app, [*args, *extra, "--n-boot", "0", "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {column}:"), res.stderr
    assert not (tmp_path / "o").exists()


def test_synth_writes_weights_gaps_chart_and_summary(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app,
        [
            "evaluate",
            "synth",
            "--data",
            str(DATA / "germany.csv"),
            "--unit",
            "country",
            "--time",
            "year",
            "--outcome",
            "gdp",
            "--treated",
            "West Germany",
            "--treat-time",
            "1990",
            "--predictors",
            "gdp,trade,infrate,industry",
            "--no-placebos",
            "--out",
            str(tmp_path),
        ],
    )
    assert res.exit_code == 0, res.output
    summary = _last_json(res.stdout)
    assert summary["att"] < -1000 and summary["rmspe_pre"] < 200
    weights = pd.read_csv(tmp_path / "weights.csv")
    assert list(weights.columns) == ["country", "weight"]
    assert weights["weight"].sum() == pytest.approx(1.0)
    gaps = pd.read_csv(tmp_path / "gaps.csv")
    assert list(gaps.columns) == ["year", "treated", "synthetic", "gap"]
    assert (tmp_path / "synth.png").read_bytes()[:4] == b"\x89PNG"


def test_synth_unknown_treated_unit(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app,
        [
            "evaluate",
            "synth",
            "--data",
            str(DATA / "germany.csv"),
            "--unit",
            "country",
            "--time",
            "year",
            "--outcome",
            "gdp",
            "--treated",
            "Atlantis",
            "--treat-time",
            "1990",
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2
    assert res.stderr.strip().startswith("error: country:")
