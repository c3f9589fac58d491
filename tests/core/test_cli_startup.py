"""``innofield --help`` stays fast: building the whole command tree loads no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("django", "ninja", "numpy", "pandas", "scipy", "torch", "sentence_transformers")


def test_the_command_tree_builds_without_django_or_numerics() -> None:
    code = (
        "import json, sys, typer.main, innofield.cli as c\n"
        "group = typer.main.get_command(c.app)\n"
        "names = sorted(group.commands)\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(json.dumps([names, heavy]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    names, heavy = json.loads(out)
    assert {"booking", "ccd", "eval", "index", "ledger", "market", "vouchers"} <= set(names)
    assert heavy == [], f"loaded at start-up: {heavy}"


def test_help_lists_the_mounted_groups_and_their_commands() -> None:
    from typer.testing import CliRunner

    from innofield.cli import app

    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "ledger" in top.output and "vouchers" in top.output
    for group, command in (("ledger", "check"), ("vouchers", "settle"), ("index", "rebuild")):
        result = runner.invoke(app, [group, "--help"])
        assert result.exit_code == 0 and command in result.output, result.output
