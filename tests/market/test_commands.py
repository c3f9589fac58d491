"""The registration export command, run as a function through typer's test runner."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import typer
from typer.testing import CliRunner

from innofield.market.commands import registrations

from .conftest import make_deal


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(registrations)
    return app


def test_export_registrations(market: SimpleNamespace, tmp_path: Path) -> None:
    make_deal(market, "registered")
    runner = CliRunner()
    result = runner.invoke(_app(), ["--user", "admin"])
    assert result.exit_code == 0 and result.stdout.count("\n") == 2
    out = tmp_path / "reg.csv"
    result = runner.invoke(_app(), ["--user", "labber", "--out", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("registration_no,")
    bad = runner.invoke(_app(), ["--user", "nobody"])
    assert bad.exit_code == 1 and "--user: no user named 'nobody'" in bad.output
    bad = runner.invoke(_app(), ["--user", "admin", "--out", str(tmp_path / "no" / "x.csv")])
    assert bad.exit_code == 1 and "--out: cannot write" in bad.output
