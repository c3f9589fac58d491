"""The settlement and ledger-check CLI functions, called through typer's runner."""

from __future__ import annotations

import json
from types import SimpleNamespace as NS
from typing import Any

import typer
from tests.vouchers.conftest import delivered
from typer.testing import CliRunner

from innofield.vouchers import actions, commands


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("settle")(commands.settle)
    app.command("ledger-check")(commands.ledger_check)
    return app


def test_settle_command(world: NS, scheme: NS, granted: Any) -> None:
    evidence = delivered(world.rival, scheme.zju, world.rivaler, 100_000)
    actions.redeem(
        actor=world.rivaler,
        key="r",
        grant_id=granted.pk,
        provider=scheme.zju,
        price=100_000,
        service_kind="testing",
        evidence=evidence,
        mode="direct",
        today=scheme.today,
    )
    result = CliRunner().invoke(_app(), ["settle", "--expire"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output.strip().splitlines()[-1])
    assert out["claims"] == 1 and out["net"][0]["amount"] == 50_000
    again = json.loads(CliRunner().invoke(_app(), ["settle"]).output.strip())
    assert again["batch"] is None
    check = CliRunner().invoke(_app(), ["ledger-check"])
    assert check.exit_code == 0 and json.loads(check.output)["invariants_hold"] is True


def test_ledger_check_fails_on_a_broken_ledger(world: NS, scheme: NS) -> None:
    from innofield.ledger.models import Account

    Account.objects.filter(code="PROG-JS-2026").update(credits_posted=1)  # corrupt it
    result = CliRunner().invoke(_app(), ["ledger-check"])
    assert result.exit_code == 1
    assert '"invariants_hold": false' in result.output
