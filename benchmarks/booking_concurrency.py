"""Race concurrent clients for overlapping instrument slots; count double bookings.

    .venv/bin/python benchmarks/booking_concurrency.py [--db sqlite,postgres] [--attempts 2500]
        [--clients 8] [--pg-url postgres://postgres@127.0.0.1:5432/postgres]

For each database it migrates a fresh database, creates one instrument per mode
(15-minute buffer, 30-minute grid, 30 min–2 h blocks) and runs four modes, each
``--attempts`` booking attempts over a narrow window so most of them collide:
threads and processes calling ``actions.create_booking`` directly, and threads and
processes POSTing to ``/api/bookings`` on a real ``innofield serve`` it starts on a
free port of 127.0.0.1. Afterwards an independent SQL self-join over ``start``/``end``
(plus the buffer, checked in Python from the raw rows) counts double bookings.
Prints one JSON line per mode and a summary per database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
BASE = dt.datetime(2030, 1, 7, 0, 0, tzinfo=dt.UTC)
BUFFER = 15
PASSWORD = "bench-password-4e1b"
MODES = ("actions-threads", "actions-processes", "http-threads", "http-processes")


def _slot(rng: random.Random, window_slots: int) -> tuple[dt.datetime, dt.datetime]:
    start = BASE + dt.timedelta(minutes=30 * rng.randrange(window_slots))
    return start, start + dt.timedelta(minutes=30 * rng.randint(1, 4))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


# --- workers (run inside a phase process with Django set up) -------------------------------------


def _action_worker(args: tuple[int, int, int, int, int]) -> list[tuple[str, float]]:
    seed, count, instrument_id, user_id, window = args
    from django.contrib.auth import get_user_model
    from django.db import connections

    from innofield.booking import actions
    from innofield.core.errors import Conflict

    user = get_user_model().objects.get(pk=user_id)
    rng = random.Random(seed)
    out: list[tuple[str, float]] = []
    try:
        for _ in range(count):
            start, end = _slot(rng, window)
            t0 = time.perf_counter()
            try:
                actions.create_booking(
                    actor=user,
                    instrument_id=instrument_id,
                    start=start,
                    end=end,
                    now=BASE - dt.timedelta(days=1),
                )
                outcome = "accepted"
            except Conflict:
                outcome = "rejected"
            except Exception as exc:  # noqa: BLE001 - counted and shown
                outcome = f"error:{type(exc).__name__}:{str(exc)[:80]}"
            out.append((outcome, time.perf_counter() - t0))
    finally:
        connections.close_all()
    return out


def _http_worker(args: tuple[int, int, int, str, int, int]) -> list[tuple[str, float]]:
    seed, count, instrument_id, token, window, port = args
    rng = random.Random(seed)
    out: list[tuple[str, float]] = []
    for _ in range(count):
        start, end = _slot(rng, window)
        body = json.dumps(
            {
                "instrument": instrument_id,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "purpose": "benchmark",
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/bookings",
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                outcome = "accepted" if response.status == 201 else f"error:{response.status}"
        except urllib.error.HTTPError as exc:
            outcome = "rejected" if exc.code == 409 else f"error:{exc.code}:{exc.read()[:80]!r}"
        except OSError as exc:
            outcome = f"error:{type(exc).__name__}"
        out.append((outcome, time.perf_counter() - t0))
    return out


def _run(worker: Any, jobs: list[Any], processes: bool) -> tuple[list[tuple[str, float]], float]:
    results: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    if processes:
        from django.db import connections

        connections.close_all()
        with multiprocessing.get_context("fork").Pool(len(jobs)) as pool:
            for part in pool.map(worker, jobs):
                results.extend(part)
    else:
        lock = threading.Lock()

        def run(job: Any) -> None:
            part = worker(job)
            with lock:
                results.extend(part)

        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return results, time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(BIN / "innofield"), "serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/instruments?limit=1", timeout=2
            ):
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("innofield serve did not come up")


def _setup(clients: int) -> tuple[dict[str, int], list[Any], list[str]]:

    from django.contrib.auth import get_user_model

    from innofield.booking import facility_actions
    from innofield.catalog.models import Item
    from innofield.core.tokens import issue_token
    from innofield.registry.models import Membership, Organization, Region

    region = Region.objects.create(code="BENCH", level="province", name_zh="基准", name_en="Bench")
    owner = Organization.objects.create(
        code="BENCH-LAB", type="state_key_lab", region=region, name_zh="实验室"
    )
    admin = get_user_model().objects.create_user("bench-admin", password=PASSWORD)
    Membership.objects.create(user=admin, organization=owner, role="manager")
    users, tokens = [], []
    for n in range(clients):
        org = Organization.objects.create(
            code=f"BENCH-{n}", type="sme", region=region, name_zh=f"企业{n}"
        )
        user = get_user_model().objects.create_user(f"bench-{n}", password=PASSWORD)
        Membership.objects.create(user=user, organization=org, role="member")
        users.append(user)
        tokens.append(issue_token(username=user.username, password=PASSWORD))
    instruments = {}
    for mode in MODES:
        item = Item.objects.create(
            kind="instrument",
            title=f"bench {mode}",
            owner=owner,
            region=region,
            price_fen=10_000,
        )
        facility_actions.set_policy(
            actor=admin,
            instrument_id=item.pk,
            data={
                "buffer_minutes": BUFFER,
                "granularity_minutes": 30,
                "min_minutes": 30,
                "max_minutes": 120,
                "max_advance_days": 3650,
            },
        )
        instruments[mode] = item.pk
    return instruments, users, tokens


def _double_bookings() -> dict[str, int]:
    """Count overlaps independently of the hold columns the application writes."""
    from django.db import connection

    holding = "('requested', 'confirmed', 'checked_in', 'completed')"
    with connection.cursor() as cur:
        cur.execute(f"""SELECT COUNT(*) FROM booking_booking a JOIN booking_booking b
            ON a.instrument_id = b.instrument_id AND a.id < b.id
            AND a.start < b."end" AND b.start < a."end"
            WHERE a.status IN {holding} AND b.status IN {holding}""")
        strict = int(cur.fetchone()[0])
        cur.execute(f"""SELECT instrument_id, start, "end" FROM booking_booking
            WHERE status IN {holding} ORDER BY instrument_id, start""")
        rows = cur.fetchall()
    buffer_violations = 0
    gap = dt.timedelta(minutes=BUFFER)
    for (i1, _s1, e1), (i2, s2, _e2) in zip(rows, rows[1:], strict=False):
        if i1 == i2 and s2 < e1 + gap:
            buffer_violations += 1
    return {
        "double_bookings": strict,
        "buffer_violations": buffer_violations,
        "bookings": len(rows),
    }


def phase(db: str, attempts: int, clients: int, env: dict[str, str]) -> None:
    """Run every mode against the database configured in ``env`` (this process only)."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "innofield.settings"
    import django

    django.setup()
    from django.db import connection

    instruments, users, tokens = _setup(clients)
    window = max(8, attempts // 10)
    per = -(-attempts // clients)  # round up: at least ``attempts`` per mode
    server, port = _start_server(env)
    summary: dict[str, Any] = {
        "database": db,
        "vendor": connection.vendor,
        "attempts": 0,
        "accepted": 0,
        "rejected": 0,
        "errors": 0,
        "server_errors": 0,
    }
    try:
        for mode in [m for m in MODES if m in os.environ.get("BENCH_MODES", ",".join(MODES))]:
            inst = instruments[mode]
            if mode.startswith("actions"):
                jobs: list[Any] = [
                    (1000 * n + 7, per, inst, users[n].pk, window) for n in range(clients)
                ]
                worker: Any = _action_worker
            else:
                jobs = [(1000 * n + 7, per, inst, tokens[n], window, port) for n in range(clients)]
                worker = _http_worker
            results, seconds = _run(worker, jobs, processes=mode.endswith("processes"))
            latencies = [lat for _, lat in results]
            errors = [o for o, _ in results if o.startswith("error")]
            server_errors = [o for o in errors if o[6:7] == "5"]
            line = {
                "database": db,
                "mode": mode,
                "clients": clients,
                "attempts": len(results),
                "accepted": sum(o == "accepted" for o, _ in results),
                "rejected": sum(o == "rejected" for o, _ in results),
                "errors": len(errors),
                "server_errors": len(server_errors),
                "first_error": errors[0] if errors else None,
                "throughput_per_s": round(len(results) / seconds, 1),
                "p50_ms": round(1000 * _percentile(latencies, 0.5), 1),
                "p95_ms": round(1000 * _percentile(latencies, 0.95), 1),
            }
            print(json.dumps(line), flush=True)
            for key in ("attempts", "accepted", "rejected", "errors", "server_errors"):
                summary[key] += line[key]
    finally:
        server.terminate()
        server.wait(timeout=20)
    summary.update(_double_bookings())
    summary["cores"] = os.cpu_count()
    summary["usable_cores"] = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    )
    print(json.dumps({"summary": summary}), flush=True)


def _database_env(db: str, pg_url: str, tmp: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["INNOFIELD_DATA_DIR"] = tmp
    if db == "sqlite-url":  # the same SQLite, named through DATABASE_URL
        env["DATABASE_URL"] = f"sqlite:///{tmp}/named.sqlite3"
    if db == "postgres":
        import psycopg

        name = "innofield_bench_booking"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + name
    return env


def main() -> None:
    """Parse arguments and run one phase process per database."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db",
        default="sqlite,postgres",
        help="comma-separated: sqlite, sqlite-url (SQLite named by DATABASE_URL), postgres",
    )
    parser.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated subset of " + ", ".join(MODES)
    )
    parser.add_argument("--attempts", type=int, default=2504, help="attempts per mode (4 modes)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.attempts, args.clients, json.loads(os.environ["BENCH_ENV"]))
        return
    for db in args.db.split(","):
        with tempfile.TemporaryDirectory(prefix=f"bench-booking-{db}-") as tmp:
            env = _database_env(db, args.pg_url, tmp)
            subprocess.run(
                [str(BIN / "innofield"), "migrate"], env=env, check=True, stdout=subprocess.DEVNULL
            )
            child_env = {**env, "BENCH_ENV": json.dumps(env), "BENCH_MODES": args.modes}
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--phase",
                    db,
                    "--attempts",
                    str(args.attempts),
                    "--clients",
                    str(args.clients),
                ],
                env=child_env,
                check=True,
            )


if __name__ == "__main__":
    main()
