"""The observatory CLI functions, run through a tiny typer app."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
import yaml
from typer.testing import CliRunner

from innofield.observatory.cli import ccd, index_build

from .asem_data import ASEM, SHARED, SPEC, needs_asem, require


@pytest.fixture()
def app() -> typer.Typer:
    app = typer.Typer()
    index_app = typer.Typer()
    index_app.command("build")(index_build)
    app.add_typer(index_app, name="index")
    app.command("ccd")(ccd)
    return app


@needs_asem
def test_index_build_asem(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app,
        [
            "index",
            "build",
            "--data",
            str(ASEM / "ASEM_iData.csv"),
            "--meta",
            str(ASEM / "ASEM_iMeta.csv"),
            "--spec",
            str(SPEC),
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    results = pd.read_csv(out / "results.csv")
    assert results.columns[0] == "uCode" and results.columns[1] == "Index"
    ranks = [c for c in results.columns if c.endswith("_Rank")]
    assert len(ranks) == 11 and results.columns[-11:].tolist() == ranks
    ref = pd.read_csv(ASEM / "reference_results.csv").set_index("uCode")
    mine = results.set_index("uCode").loc[ref.index]
    assert np.max(np.abs(mine["Index"] - ref["Index"])) <= 1e-9
    assert (mine["Index_Rank"] == ref["Index_Rank"]).all()
    for name in [
        "Raw",
        "Denominated",
        "Imputed",
        "Screened",
        "Treated",
        "Normalised",
        "Aggregated",
    ]:
        assert (out / f"{name}.csv").exists()
    assert yaml.safe_load((out / "spec.yaml").read_text())["steps"][1]["group"] == "EurAsia_group"


def test_index_build_bad_meta(app: typer.Typer, tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    meta = tmp_path / "m.csv"
    pd.DataFrame({"uCode": ["A", "B"], "x": [1, 2]}).to_csv(data, index=False)
    pd.DataFrame(
        {
            "Level": [1, 2],
            "iCode": ["x", "x"],
            "Direction": [1, 1],
            "Weight": [1, 1],
            "Parent": ["I", None],
            "Type": ["Indicator", "Aggregate"],
        }
    ).to_csv(meta, index=False)
    res = CliRunner().invoke(
        app,
        ["index", "build", "--data", str(data), "--meta", str(meta), "--out", str(tmp_path / "o")],
    )
    assert res.exit_code != 0
    assert "x: duplicate code" in res.output
    res = CliRunner().invoke(
        app,
        [
            "index",
            "build",
            "--data",
            str(tmp_path / "nope.csv"),
            "--meta",
            str(meta),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code != 0 and "file not found" in res.output


def test_ccd_prints_csv(app: typer.Typer, tmp_path: Path) -> None:
    src = SHARED / "ccd" / "li_he_bi_2022_lanzhou.csv"
    u = pd.read_csv(require(src, "published CCD table (Li, He & Bi 2022)"))[
        ["year", "U1_ecology", "U2_development"]
    ]
    path = tmp_path / "u.csv"
    u.to_csv(path, index=False)
    res = CliRunner().invoke(app, ["ccd", "--data", str(path)])
    assert res.exit_code == 0, res.output
    out = pd.read_csv(io.StringIO(res.stdout))
    assert out.columns.tolist() == ["id", "C", "T", "D", "grade"]
    assert out["id"].tolist() == u["year"].tolist()
    assert out.loc[0, "grade"] == "mild disorder"
    for variant in ("wang2021", "k2"):
        res = CliRunner().invoke(
            app, ["ccd", "--data", str(path), "--variant", variant, "--alpha", "0.4,0.6"]
        )
        assert res.exit_code == 0, res.output


def test_ccd_bad_input(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    pd.DataFrame({"id": ["a", "b"], "U1": [0.2, "x"], "U2": [0.3, 0.4]}).to_csv(path, index=False)
    res = CliRunner().invoke(app, ["ccd", "--data", str(path)])
    assert res.exit_code != 0 and "U1: non-numeric" in res.output
    pd.DataFrame({"id": ["a"], "U1": [0.2], "U2": [0.3]}).to_csv(path, index=False)
    res = CliRunner().invoke(app, ["ccd", "--data", str(path), "--variant", "bogus"])
    assert res.exit_code != 0 and "--variant" in res.output
    res = CliRunner().invoke(app, ["ccd", "--data", str(path), "--alpha", "1"])
    assert res.exit_code != 0 and "alpha" in res.output
