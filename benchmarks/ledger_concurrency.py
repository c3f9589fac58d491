"""Ledger under concurrency: grants, redemptions and transfers from many threads and
processes, with duplicate submissions and a worker killed mid-run (SIGKILL).

Afterwards an independent check in plain SQL: stored totals equal the sums of the
transfers, no limit is broken, debits equal credits, no key exists twice, every
acknowledged transfer, grant and redemption exists exactly once with the id that was
acknowledged, grants are never overspent and clearing accounts equal unsettled claims.

    .venv/bin/python benchmarks/ledger_concurrency.py [--db sqlite|postgres|both]
        [--mode threads|processes|both] [--seconds 8] [--workers 4] [--threads 4]

PostgreSQL: ``--pg-url postgres://postgres@127.0.0.1:5432/postgres`` (a scratch
database is created and dropped). Prints one table per run and a JSON line at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import random
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

N_FIRMS, N_SHARED = 20, 200
TODAY = "2026-06-01"


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    import django

    django.setup()


def seed_world() -> None:
    """Regions, firms, providers, accounts and one programme, through the actions."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from innofield.ledger import actions as ledger
    from innofield.registry.models import Organization, Region
    from innofield.vouchers import actions

    admin = get_user_model().objects.create_user("bench-admin", password="x", is_superuser=True)
    cn = Region.objects.create(code="CN", level="country", name_zh="中国")
    js = Region.objects.create(code="320000", level="province", parent=cn, name_zh="江苏")
    zj = Region.objects.create(code="330000", level="province", parent=cn, name_zh="浙江")
    gov = Organization.objects.create(
        code="GOV-JS", name_zh="江苏科技厅", type="government", region=js
    )
    ledger.open_account(actor=admin, code="EXT", name="treasury", kind="external")
    for i in range(N_FIRMS):
        firm = Organization.objects.create(
            code=f"F{i:02d}",
            name_zh=f"企业{i}",
            type="sme",
            region=js,
            attributes={"employees": 50},
        )
        ledger.open_account(
            actor=admin,
            code=f"ORG-{firm.code}",
            name=firm.code,
            kind="org",
            owner=firm,
            debits_must_not_exceed_credits=True,
        )
        ledger.transfer(
            actor=admin,
            key=f"seed-{firm.code}",
            debit="EXT",
            credit=f"ORG-{firm.code}",
            amount=200_000,
        )
    from innofield.catalog.models import Item

    for i in range(6):
        provider = Organization.objects.create(
            code=f"P{i}", name_zh=f"服务机构{i}", type="university", region=zj if i < 4 else js
        )
        Item.objects.create(
            kind="instrument",
            title=f"bench instrument {i}",
            owner=provider,
            region=provider.region,
            price_fen=10_000,
        )
    actions.open_region_accounts(actor=admin, region=js, government=gov)
    actions.open_region_accounts(actor=admin, region=zj, government=gov)
    ledger.transfer(actor=admin, key="fund", debit="EXT", credit="BUDGET-320000", amount=60_000_000)
    actions.create_programme(
        actor=admin,
        code="BENCH",
        name="bench",
        issuer_region=js,
        officer_org=gov,
        budget=50_000_000,
        co_funding_bp=5_000,
        cap_per_firm_year=10**12,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        eligible_org_types=["sme"],
        provider_regions=[],
        service_kinds=[],
    )


def _delivery(admin: Any, grant_id: int, provider: Any, fen: int, slot: int) -> str:
    """Evidence a redemption needs: a completed booking of the grant's firm at the
    provider's instrument, charged ``fen`` (a one-minute slot of its own)."""

    from innofield.booking.models import Booking
    from innofield.catalog.models import Item
    from innofield.vouchers.models import Grant

    firm_id = Grant.objects.values_list("firm_id", flat=True).get(pk=grant_id)
    instrument = Item.objects.get(owner=provider, kind="instrument")
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=2 * slot)
    end = start + dt.timedelta(minutes=1)
    b = Booking.objects.create(
        instrument=instrument,
        user=admin,
        organization_id=firm_id,
        start=start,
        end=end,
        hold_start=start,
        hold_end=end,
        status="completed",
        tier="industry",
        price_per_hour_fen=10_000,
        quoted_fen=0,
        charge_fen=fen,
        checked_in_at=start,
        checked_out_at=end,
    )
    return f"booking:{b.pk}"


def _thread(
    wid: str, seconds: float, ack_path: Path, stats: dict[str, int], lock: threading.Lock
) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import OperationalError, connection

    from innofield.core.errors import InnofieldError, ValidationFailed
    from innofield.ledger import actions as ledger
    from innofield.ledger.models import Transfer
    from innofield.registry.models import Organization
    from innofield.vouchers import actions
    from innofield.vouchers.models import Programme

    rng = random.Random(wid)
    admin = get_user_model().objects.get(username="bench-admin")
    firms = list(Organization.objects.filter(type="sme").order_by("code"))
    providers = list(Organization.objects.filter(code__startswith="P").order_by("code"))
    programme = Programme.objects.get(code="BENCH")
    today = dt.date.fromisoformat(TODAY)
    grants: list[int] = []
    local: dict[str, int] = {}
    deadline = time.monotonic() + seconds
    n = 0
    local["_first"] = int(time.time() * 1000)

    def count(name: str) -> None:
        local[name] = local.get(name, 0) + 1

    with open(ack_path, "a", buffering=1) as acks:

        def ack(kind: str, key: str, obj_id: int) -> None:
            acks.write(json.dumps({"kind": kind, "key": key, "id": obj_id}) + "\n")
            count(f"{kind} acknowledged")

        while time.monotonic() < deadline:
            n += 1
            roll = rng.random()
            repeat = rng.random() < 0.15
            try:
                if roll < 0.30:
                    a, b = rng.sample(firms, 2)
                    args = dict(
                        key=f"t-{wid}-{n}",
                        debit=f"ORG-{a.code}",
                        credit=f"ORG-{b.code}",
                        amount=rng.randint(1, 80_000),
                    )
                    for _ in range(2 if repeat else 1):
                        t = ledger.transfer(actor=admin, **args)  # type: ignore[arg-type]
                        ack("transfer", t.key, t.pk)
                elif roll < 0.40:
                    k = rng.randrange(N_SHARED)
                    t = ledger.transfer(
                        actor=admin,
                        key=f"shared-{k}",
                        debit="EXT",
                        credit=f"ORG-F{k % N_FIRMS:02d}",
                        amount=100 + k,
                    )
                    ack("transfer", t.key, t.pk)
                elif roll < 0.45:
                    a, b = rng.sample(firms, 2)
                    t = ledger.transfer(
                        actor=admin,
                        key=f"p-{wid}-{n}",
                        debit=f"ORG-{a.code}",
                        credit=f"ORG-{b.code}",
                        amount=rng.randint(1, 20_000),
                        pending=True,
                    )
                    ack("transfer", t.key, t.pk)
                    resolve = ledger.post_pending if rng.random() < 0.5 else ledger.void_pending
                    resolve(actor=admin, transfer_id=t.pk)
                    count("pending resolved")
                elif roll < 0.68:
                    args = dict(
                        key=f"g-{wid}-{n}",
                        programme_id=programme.pk,
                        firm=rng.choice(firms),
                        amount=rng.randint(10_000, 100_000),
                    )
                    for _ in range(2 if repeat else 1):
                        g = actions.grant(actor=admin, today=today, **args)  # type: ignore[arg-type]
                        ack("grant", g.key, g.pk)
                    grants.append(g.pk)
                elif roll < 0.96 and grants:
                    grant_id, provider = rng.choice(grants), rng.choice(providers)
                    evidence = _delivery(
                        admin,
                        grant_id,
                        provider,
                        rng.randint(2, 60_000),
                        slot=(abs(hash(wid)) % 5_000) * 100_000 + n,
                    )
                    args = dict(
                        key=f"r-{wid}-{n}",
                        grant_id=grant_id,
                        provider=provider,
                        price=None,
                        service_kind="testing",
                        evidence=evidence,
                        mode=rng.choice(["direct", "reimburse"]),
                    )
                    for _ in range(2 if repeat else 1):
                        r = actions.redeem(actor=admin, today=today, **args)  # type: ignore[arg-type]
                        ack("redemption", r.key, r.pk)
                elif roll < 0.98:
                    batch = actions.settle(actor=admin)
                    count("settlements")
                    if batch is not None:
                        for leg in batch.net:
                            key = Transfer.objects.get(pk=leg["transfer"]).key
                            ack("transfer", key, leg["transfer"])
                else:
                    from innofield.vouchers.models import Redemption

                    r = Redemption.objects.filter(status="paid").order_by("?").first()
                    if r is not None:
                        actions.clawback(actor=admin, redemption_id=r.pk, reason="bench")
                        count("clawbacks")
                if repeat:
                    count("duplicates submitted")
            except ValidationFailed as exc:
                count(f"refused, field {exc.errors[0].field}")
            except InnofieldError as exc:
                count(f"refused: {type(exc).__name__}")
            except OperationalError as exc:  # lock timeouts: the operation did not happen
                count(f"db error: {str(exc)[:40]}")
    connection.close()
    local["_last"] = int(time.time() * 1000)
    with lock:
        for k, v in local.items():
            if k == "_first":
                stats[k] = min(stats.get(k, v), v)
            elif k == "_last":
                stats[k] = max(stats.get(k, v), v)
            else:
                stats[k] = stats.get(k, 0) + v


def worker(
    env: dict[str, str], wid: str, seconds: float, threads: int, ack_dir: str, out: Any = None
) -> dict[str, int]:
    """Run ``threads`` threads of random operations; return (or put on ``out``) counts."""
    _setup_django(env)
    stats: dict[str, int] = {}
    lock = threading.Lock()
    pool = [
        threading.Thread(
            target=_thread,
            args=(f"{wid}.{i}", seconds, Path(ack_dir) / f"{wid}.{i}.jsonl", stats, lock),
        )
        for i in range(threads)
    ]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if out is not None:
        out.put(stats)
    return stats


CHECKS = {
    "stored totals equal the sums of the transfers": """
        SELECT COUNT(*) FROM ledger_account a LEFT JOIN (
          SELECT acct, SUM(dp) dp, SUM(cp) cp, SUM(dq) dq, SUM(cq) cq FROM (
            SELECT debit_id acct, CASE WHEN status='posted' THEN amount ELSE 0 END dp, 0 cp,
                   CASE WHEN status='pending' THEN amount ELSE 0 END dq, 0 cq FROM ledger_transfer
            UNION ALL
            SELECT credit_id, 0, CASE WHEN status='posted' THEN amount ELSE 0 END, 0,
                   CASE WHEN status='pending' THEN amount ELSE 0 END FROM ledger_transfer) x
          GROUP BY acct) s ON s.acct = a.id
        WHERE a.debits_posted <> COALESCE(s.dp, 0) OR a.credits_posted <> COALESCE(s.cp, 0)
           OR a.debits_pending <> COALESCE(s.dq, 0) OR a.credits_pending <> COALESCE(s.cq, 0)""",
    "no account breaks its limit": """
        SELECT COUNT(*) FROM ledger_account
        WHERE (debits_must_not_exceed_credits AND debits_posted + debits_pending > credits_posted)
           OR (credits_must_not_exceed_debits
               AND credits_posted + credits_pending > debits_posted)""",
    "posted debits equal posted credits": """
        SELECT ABS(SUM(debits_posted) - SUM(credits_posted)) FROM ledger_account""",
    "no idempotency key exists twice": """
        SELECT COUNT(*) FROM (SELECT key FROM ledger_transfer GROUP BY key
                              HAVING COUNT(*) > 1) d""",
    "no grant is overspent": """
        SELECT COUNT(*) FROM vouchers_grant g WHERE g.redeemed + g.released > g.amount
           OR g.redeemed <> (SELECT COALESCE(SUM(subsidy), 0) FROM vouchers_redemption r
                             WHERE r.grant_id = g.id)""",
    "granted account equals what grants have left": """
        SELECT ABS((SELECT credits_posted - debits_posted FROM ledger_account
                    WHERE code = 'PROG-BENCH-G')
                 - (SELECT COALESCE(SUM(amount - redeemed - released), 0) FROM vouchers_grant))""",
    "clearing accounts equal unsettled claims": """
        SELECT COUNT(*) FROM ledger_account a WHERE a.code LIKE 'CLR-%' AND
          a.credits_posted - a.debits_posted <>
          (SELECT COALESCE(SUM(CASE WHEN issuer_region = SUBSTR(a.code, 5) THEN amount
                                    ELSE -amount END), 0)
           FROM vouchers_clearingclaim c WHERE c.batch_id IS NULL
             AND (issuer_region = SUBSTR(a.code, 5) OR provider_region = SUBSTR(a.code, 5)))""",
    "every redemption has all its ledger legs": """
        SELECT COUNT(*) FROM vouchers_redemption r WHERE
          (SELECT COUNT(*) FROM ledger_transfer t
           WHERE t.key LIKE 'vouchers:redeem:' || r.key || ':%')
          <> CASE WHEN r.mode = 'direct' AND r.issuer_region <> r.provider_region
                  THEN 2 ELSE 1 END""",
}
TABLES = {
    "transfer": "ledger_transfer",
    "grant": "vouchers_grant",
    "redemption": "vouchers_redemption",
}


def verify(ack_dir: Path) -> dict[str, Any]:
    """Run every SQL check and match the acknowledgements against the database."""
    from django.db import connection

    out: dict[str, Any] = {}
    with connection.cursor() as cur:
        for name, sql in CHECKS.items():
            cur.execute(sql)
            out[name] = int(cur.fetchone()[0] or 0)
        acked: dict[tuple[str, str], set[int]] = {}
        victim = 0
        for path in ack_dir.glob("*.jsonl"):
            for line in path.read_text().splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut by SIGKILL was never a completed acknowledgement
                acked.setdefault((row["kind"], row["key"]), set()).add(row["id"])
                victim += path.name.startswith("victim")
        missing = 0
        for (kind, key), ids in acked.items():
            cur.execute(f"SELECT id FROM {TABLES[kind]} WHERE key = %s", [key])
            found = [r[0] for r in cur.fetchall()]
            if len(found) != 1 or ids != {found[0]}:
                missing += 1
        out["acknowledged but not exactly once"] = missing
        out["_acknowledged keys"] = len(acked)
        out["_acknowledgements by the killed worker"] = victim
    return out


def _lines(ack_dir: Path, prefix: str) -> int:
    return sum(len(p.read_bytes().splitlines()) for p in ack_dir.glob(f"{prefix}*.jsonl"))


def run_one(
    db: str, mode: str, seconds: float, workers: int, threads: int, pg_url: str, result: Any
) -> None:
    """One run in a fresh database; puts a dict of figures on ``result``."""
    tmp = Path(tempfile.mkdtemp(prefix=f"ledger-bench-{db}-"))
    env = {"INNOFIELD_DATA_DIR": str(tmp)}
    dbname = f"innofield_bench_{os.getpid()}"
    if db == "postgres":
        import psycopg

        with psycopg.connect(pg_url, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {dbname}")
            c.execute(f"CREATE DATABASE {dbname}")
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + dbname
    _setup_django(env)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seed_world()
    connection.close()
    ack_dir = tmp / "acks"
    ack_dir.mkdir()
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    n_proc = workers if mode == "processes" else 1
    per = threads if mode == "processes" else workers * threads
    procs = [
        ctx.Process(target=worker, args=(env, f"w{i}", seconds, per, str(ack_dir), queue))
        for i in range(n_proc)
    ]
    victim = ctx.Process(target=worker, args=(env, "victim", seconds, 2, str(ack_dir), queue))
    for p in [*procs, victim]:
        p.start()
    # kill the victim mid-run: once it has acknowledged work, well before its deadline
    give_up = time.monotonic() + 60 + seconds
    while time.monotonic() < give_up and _lines(ack_dir, "victim") < 10:
        time.sleep(0.1)
    time.sleep(min(1.0, seconds * 0.2))
    os.kill(victim.pid or 0, signal.SIGKILL)
    victim.join()
    stats: dict[str, int] = {}
    for _ in procs:
        for k, v in queue.get().items():
            if k == "_first":
                stats[k] = min(stats.get(k, v), v)
            elif k == "_last":
                stats[k] = max(stats.get(k, v), v)
            else:
                stats[k] = stats.get(k, 0) + v
    for p in procs:
        p.join()
    elapsed = (stats.pop("_last") - stats.pop("_first")) / 1000  # survivors' active time
    checks = verify(ack_dir)
    from innofield.ledger.queries import check_invariants

    problems = check_invariants()  # `innofield ledger check`: the ledger's and the products'
    checks["ledger check: broken invariants"] = len(problems)
    for line in problems[:5]:
        print(f"   ledger check: {line}", flush=True)
    done = sum(v for k, v in stats.items() if k.endswith("acknowledged"))
    result.put(
        {
            "db": db,
            "mode": mode,
            "processes": n_proc + 1,
            "threads": n_proc * per + 2,
            "seconds": round(elapsed, 1),
            "survivor ops acknowledged": done,
            "ops/s": round(done / elapsed, 1),
            "victim exit": victim.exitcode,
            "stats": stats,
            "checks": checks,
            "invariants hold": all(v == 0 for k, v in checks.items() if not k.startswith("_")),
        }
    )
    connection.close()
    if db == "postgres":
        import psycopg

        with psycopg.connect(pg_url, autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")


def main() -> int:
    """Run the requested configurations and print their figures."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--mode", choices=["threads", "processes", "both"], default="both")
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    a = ap.parse_args()
    ctx = mp.get_context("spawn")
    results = []
    for db in ["sqlite", "postgres"] if a.db == "both" else [a.db]:
        for mode in ["threads", "processes"] if a.mode == "both" else [a.mode]:
            q = ctx.Queue()
            p = ctx.Process(
                target=run_one, args=(db, mode, a.seconds, a.workers, a.threads, a.pg_url, q)
            )
            p.start()
            try:
                r = q.get(timeout=a.seconds * 10 + 180)
            except Exception:
                p.kill()
                print(f"{db} · {mode}: the run failed (exit {p.exitcode})", file=sys.stderr)
                return 2
            p.join()
            results.append(r)
            print(
                f"\n== {db} · {mode}: {r['processes']} processes, {r['threads']} threads, "
                f"{r['seconds']} s, victim killed (exit {r['victim exit']})"
            )
            for k, v in sorted(r["stats"].items()):
                print(f"   {k:<40} {v}")
            print(f"   {'throughput (acknowledged ops/s)':<40} {r['ops/s']}")
            for k, v in r["checks"].items():
                mark = "" if k.startswith("_") else ("ok" if v == 0 else "VIOLATED")
                print(f"   check: {k:<48} {v:>8} {mark}")
    ok = all(r["invariants hold"] for r in results)
    print(
        json.dumps(
            {
                "invariants_hold": ok,
                "runs": [
                    {
                        k: r[k]
                        for k in (
                            "db",
                            "mode",
                            "processes",
                            "threads",
                            "seconds",
                            "survivor ops acknowledged",
                            "ops/s",
                            "invariants hold",
                        )
                    }
                    for r in results
                ],
            }
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
