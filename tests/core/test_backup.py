"""Backup and restore through the CLI: back up a small world with ledger transfers, damage
the database (rows deleted, a table dropped, on SQLite the file overwritten), restore,
and the ledger check and every table's row count agree again."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.db import connection, connections
from typer.testing import CliRunner

from innofield.cli import app
from innofield.core.backup import database_rows
from innofield.core.models import AuditLog
from innofield.ledger import actions
from innofield.ledger.models import Transfer
from innofield.ledger.queries import balance, check_invariants

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump and sqlite3 see committed rows

runner = CliRunner()


def _invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    connections.close_all()  # the command may have replaced the database under us
    return result


def _said(result: Any) -> str:
    """The command's output on one line (the console wraps long messages)."""
    return " ".join(result.output.split())


def _trade(world: NS) -> None:
    admin = world.admin
    actions.open_account(actor=admin, code="EXT", name="outside", kind="external")
    actions.open_account(
        actor=admin,
        code="FIRM-CNY",
        name="firm",
        kind="org",
        owner=world.firm,
        debits_must_not_exceed_credits=True,
    )
    actions.open_account(
        actor=admin,
        code="LAB-CNY",
        name="lab",
        kind="org",
        owner=world.lab,
        debits_must_not_exceed_credits=True,
    )
    actions.transfer(actor=admin, key="seed", debit="EXT", credit="FIRM-CNY", amount=100_000)
    for n in range(5):
        actions.transfer(
            actor=world.firmer, key=f"pay-{n}", debit="FIRM-CNY", credit="LAB-CNY", amount=1_000 + n
        )
    actions.transfer(
        actor=world.firmer, key="held", debit="FIRM-CNY", credit="LAB-CNY", amount=777, pending=True
    )


def _damage() -> None:
    audit = AuditLog._meta.db_table
    cascade = " CASCADE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cur:
        cur.execute(
            f"DELETE FROM {Transfer._meta.db_table} WHERE key LIKE '%%:pay-%%'"
            if connection.vendor == "postgresql"
            else f"DELETE FROM {Transfer._meta.db_table} WHERE key LIKE '%:pay-%'"
        )
        if connection.vendor == "sqlite":
            cur.execute("PRAGMA foreign_keys = OFF")  # as a careless hand at the shell would
        cur.execute(f"DROP TABLE {audit}{cascade}")


def _corrupt_sqlite_file() -> None:
    path = Path(str(connection.settings_dict["NAME"]))
    connections.close_all()
    with path.open("r+b") as f:
        f.write(b"this is no longer an SQLite database" * 200)


def test_backup_damage_restore_and_the_ledger_checks(
    world: NS, settings: Any, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    (settings.DATA_DIR / "uploads").mkdir(parents=True)
    (settings.DATA_DIR / "uploads" / "report.pdf").write_bytes(b"%PDF-1.4 tiny")
    (settings.DATA_DIR / "cache").mkdir()
    (settings.DATA_DIR / "cache" / "x.djcache").write_bytes(b"not backed up")
    _trade(world)
    with connection.cursor() as cursor:  # planner statistics (load demo makes them) are no data
        cursor.execute("ANALYZE")
    before = database_rows()
    assert not any(t.startswith("sqlite_") for t in before)
    firm_balance = balance("FIRM-CNY")

    out = _invoke("backup", str(settings.DATA_DIR / "bk"))  # inside the data folder: fine
    assert out.exit_code == 0, out.output
    (settings.DATA_DIR / "bk").rename(tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["tables"] == before and manifest["database"]["vendor"] == connection.vendor
    assert manifest["ledger"]["transfers_posted"] == 6
    assert manifest["ledger"]["amount_pending"] == 777
    assert manifest["files"] == ["uploads/report.pdf"]  # the cache stays behind
    assert manifest["versions"]["migrations"]["ledger"].startswith("00")

    _damage()
    assert check_invariants() != []  # the damage is real: accounts no longer match transfers
    (settings.DATA_DIR / "uploads" / "report.pdf").unlink()
    if connection.vendor == "sqlite":
        _corrupt_sqlite_file()

    refused = _invoke("restore", str(tmp_path / "bk"))
    assert refused.exit_code == 1 and "--force" in _said(refused)
    assert ("cannot be read" if connection.vendor == "sqlite" else "rows in") in _said(refused)

    out = _invoke("restore", str(tmp_path / "bk"), "--force")
    assert out.exit_code == 0, out.output
    assert "restored and verified" in _said(out)
    assert json.loads(out.stdout.splitlines()[-1])["mismatches"] == 0
    assert check_invariants() == []
    assert database_rows() == before
    assert balance("FIRM-CNY") == firm_balance
    assert (settings.DATA_DIR / "uploads" / "report.pdf").read_bytes() == b"%PDF-1.4 tiny"
    assert _invoke("ledger", "check").exit_code == 0


def test_restore_says_when_the_counts_disagree(world: NS, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    _trade(world)
    assert _invoke("backup", str(tmp_path / "bk")).exit_code == 0
    path = tmp_path / "bk" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"][Transfer._meta.db_table] += 1  # a manifest that promises one row too many
    path.write_text(json.dumps(manifest))
    out = _invoke("restore", str(tmp_path / "bk"), "--force")
    assert out.exit_code == 1
    assert f"{Transfer._meta.db_table}: 7 rows, the backup had 8" in _said(out)


def test_refusals_name_the_problem(world: NS, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    out = _invoke("backup", str(tmp_path / "full"))
    assert out.exit_code == 1 and "is not empty" in _said(out)
    (tmp_path / "empty").mkdir()
    out = _invoke("restore", str(tmp_path / "empty"), "--force")
    assert out.exit_code == 1 and "no manifest.json" in _said(out)
    assert _invoke("backup", str(tmp_path / "bk")).exit_code == 0
    path = tmp_path / "bk" / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["database"]["vendor"] = "oracle"
    path.write_text(json.dumps(manifest))
    out = _invoke("restore", str(tmp_path / "bk"), "--force")
    assert out.exit_code == 1 and "the backup is of oracle" in _said(out)


def test_a_backup_taken_while_transfers_run_restores_to_a_consistent_ledger(
    world: NS, settings: Any, tmp_path: Path
) -> None:
    import threading
    import time

    settings.DATA_DIR = tmp_path / "data"
    _trade(world)
    stop = threading.Event()
    done: list[int] = []

    def pay() -> None:
        try:
            n = 0
            while not stop.is_set() and n < 2_000:
                actions.transfer(
                    actor=world.firmer,
                    key=f"live-{n}",
                    debit="FIRM-CNY",
                    credit="LAB-CNY",
                    amount=1,
                )
                n += 1
            done.append(n)
        finally:
            connections.close_all()

    writer = threading.Thread(target=pay)
    writer.start()
    deadline = time.monotonic() + 60
    while Transfer.objects.filter(key__contains=":live-").count() < 20:
        assert writer.is_alive() and time.monotonic() < deadline, "the writer stopped early"
        time.sleep(0.01)  # the backup starts in the middle of the writes
    out = _invoke("backup", str(tmp_path / "bk"))
    stop.set()
    writer.join()
    assert out.exit_code == 0, out.output
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    copied = manifest["ledger"]["transfers_posted"] - 6
    assert 20 <= copied <= done[0]
    out = _invoke("restore", str(tmp_path / "bk"), "--force")
    assert out.exit_code == 0, out.output
    assert check_invariants() == []
    assert Transfer.objects.filter(key__contains=":live-").count() == copied
    assert balance("LAB-CNY")["balance"] == sum(1_000 + n for n in range(5)) + copied
