"""Simulated users against ``innofield serve`` on the demo database: latency per route.

    python benchmarks/web_load.py --data-dir /tmp/innofield-demo [--db sqlite|postgres]
        [--users 50,200] [--duration 60] [--think 1.0] [--warmup 30] [--pg-url URL]
        [--url URL]

Builds the demo database once when the data folder (or, with ``--db postgres``, the
database at ``--pg-url``) is empty — ``innofield migrate``, ``load demo``, ``index
rebuild``; several minutes — and reuses it afterwards. Starts ``innofield serve --demo``
on a free port of 127.0.0.1 (default workers, warm-up on; the anonymous API limit off,
since every simulated user comes from one address) unless ``--url`` names a running
server, waits until a search answers, warms up for ``--warmup`` seconds (10 users, not
measured: every worker process builds its own search engines on its first searches),
then for each user count runs that many threads
for ``--duration`` seconds. Each simulated user logs in once (an API token as
``demo-firm``) and loops over the routes in random order — home, catalog, an item page,
the search page, an instrument calendar, a booking POST, the market, the observatory,
``/api/items`` and ``/api/search`` — pausing a random 0–2×``--think`` seconds between
requests. A booking POST answered 201, 403, 409 or 422 is a served request (a taken
slot or a rule); an error is a status ≥ 500 or a failed connection. Prints one JSON
line per user count: p50/p95/p99 per route and overall (ms), errors, requests per
second, the core count and the 1-minute load average before and after (the machine's
other work competes for the same cores), and — for a server it started — the server's
own CPU time per request and the cores it used (from ``/proc``), which do not depend on
the neighbours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "cancer",
    "graphene",
    "battery",
    "protein",
    "catalyst",
    "sensor",
    "vaccine",
    "laser",
    "membrane",
    "tumor",
    "semiconductor",
    "enzyme",
    "蛋白",
    "电池",
    "芯片",
]
PASSWORD = os.environ.get("INNOFIELD_DEMO_PASSWORD", "innofield-demo")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(
    base: str, path: str, *, body: Any = None, token: str | None = None, timeout: float = 60
) -> tuple[int, bytes]:
    headers = {"Accept-Language": "en"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _env(args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        INNOFIELD_DATA_DIR=str(args.data_dir),
        INNOFIELD_API_RATES="anon=off,auth=off",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    if args.db == "postgres":
        env["DATABASE_URL"] = args.pg_url
    return env


def _create_database(url: str) -> None:
    """Create the PostgreSQL database named by ``url`` if it does not exist yet."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if found is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def _build(args: argparse.Namespace, env: dict[str, str]) -> None:
    """Build the demo database once (migrate, load demo, index rebuild) if it is empty."""
    cli = [sys.executable, "-m", "innofield.cli"]
    args.data_dir.mkdir(parents=True, exist_ok=True)
    if args.db == "postgres":
        _create_database(args.pg_url)
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    probe = (
        "import django; django.setup(); from innofield.registry.models import Region; "
        "print(Region.objects.exists())"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "innofield.settings"},
    )
    if loaded.stdout.strip() == "True":
        return
    print("building the demo database (several minutes)…", file=sys.stderr)
    subprocess.run([*cli, "load", "demo"], env=env, check=True)
    subprocess.run([*cli, "index", "rebuild"], env=env, check=True)


def _serve(args: argparse.Namespace, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    log = (args.data_dir / f"web_load-{args.db}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "innofield.cli", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def _ready(base: str, seconds: float = 300) -> None:
    """Wait until the server answers a search (its engines built)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if _call(base, "/api/search?q=cancer", timeout=120)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{base} did not answer a search within {seconds:.0f} s")


def _cpu_seconds(root: int | None) -> float | None:
    """CPU time (user + system) used so far by process ``root`` and its descendants
    (gunicorn's workers, the jobs worker), from ``/proc``; ``None`` without a server
    of our own or without ``/proc``."""
    if root is None:
        return None
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    if root not in used:
        return None
    tree, todo = {root}, [root]
    while todo:
        pid = todo.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                todo.append(child)
    return sum(used[p] for p in tree)


def _fixtures(base: str) -> dict[str, Any]:
    """A token, item ids and instrument ids to visit."""
    status, body = _call(
        base, "/api/auth/token", body={"username": "demo-firm", "password": PASSWORD}
    )
    if status != 200:
        raise SystemExit(f"login as demo-firm: HTTP {status} {body[:200]!r}")
    token = json.loads(body)["token"]
    items = [i["id"] for i in json.loads(_call(base, "/api/items?limit=200")[1])["items"]]
    instruments = json.loads(_call(base, "/api/instruments?limit=100", token=token)[1])
    ids = [
        i["id"]
        for i in instruments.get("items", instruments if isinstance(instruments, list) else [])
    ]
    return {"token": token, "items": items, "instruments": ids}


def _routes(fx: dict[str, Any], rng: random.Random) -> list[tuple[str, str, Any]]:
    """One pass over every route: (name, path, JSON body for a POST or None)."""
    word = rng.choice(WORDS)
    instrument = rng.choice(fx["instruments"])
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0) + dt.timedelta(
        days=rng.randint(3, 40), hours=rng.randint(0, 10)
    )
    booking = {
        "instrument": instrument,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
        "purpose": "load test",
    }
    routes = [
        ("home", "/", None),
        ("catalog", "/catalog/", None),
        ("item page", f"/items/{rng.choice(fx['items'])}/", None),
        ("search page", f"/search/?q={urllib.request.quote(word)}", None),
        ("calendar", f"/instruments/{instrument}/calendar/", None),
        ("booking POST", "/api/bookings", booking),
        ("market", "/market/", None),
        ("observatory", "/observatory/", None),
        ("api items", "/api/items?limit=20", None),
        ("api search", f"/api/search?q={urllib.request.quote(word)}", None),
    ]
    rng.shuffle(routes)
    return routes


def _user(
    base: str,
    fx: dict[str, Any],
    seed: int,
    until: float,
    think: float,
    out: list[tuple[str, float, int]],
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        for name, path, body in _routes(fx, rng):
            if time.monotonic() >= until:
                return
            t0 = time.perf_counter()
            try:
                status = _call(
                    base, path, body=body, token=fx["token"] if body is not None else None
                )[0]
            except OSError:
                status = 0
            out.append((name, (time.perf_counter() - t0) * 1000, status))
            time.sleep(rng.uniform(0, 2 * think))


def _run(
    base: str,
    fx: dict[str, Any],
    users: int,
    args: argparse.Namespace,
    server: int | None = None,
) -> dict[str, Any]:
    out: list[tuple[str, float, int]] = []
    cpu_before = _cpu_seconds(server)
    until = time.monotonic() + args.duration
    threads = [
        threading.Thread(target=_user, args=(base, fx, n, until, args.think, out))
        for n in range(users)
    ]
    load_before = os.getloadavg()[0]
    began = time.perf_counter()
    for t in threads:
        t.start()
        time.sleep(min(0.05, args.think / max(users, 1)))  # a ramp, not a thundering herd
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    cpu_after = _cpu_seconds(server)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    per: dict[str, Any] = {}
    for name in sorted({r[0] for r in out}):
        ms = [r[1] for r in out if r[0] == name]
        statuses: dict[str, int] = {}
        for r in out:
            if r[0] == name:
                statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
        per[name] = {
            "n": len(ms),
            "p50": round(_percentile(ms, 0.5)),
            "p95": round(_percentile(ms, 0.95)),
            "p99": round(_percentile(ms, 0.99)),
            "status": statuses,
        }
    ms = [r[1] for r in out]
    return {
        "db": args.db,
        "users": users,
        "duration_s": round(elapsed, 1),
        "requests": len(out),
        "rps": round(len(out) / elapsed, 1),
        "errors": sum(1 for r in out if r[2] == 0 or r[2] >= 500),
        "p50": round(_percentile(ms, 0.5)),
        "p95": round(_percentile(ms, 0.95)),
        "p99": round(_percentile(ms, 0.99)),
        "cores": os.cpu_count(),
        "loadavg_before": round(load_before, 1),
        "loadavg_after": round(os.getloadavg()[0], 1),
        # the server's own CPU time: per request it is the cost that does not depend on
        # how busy the machine is; cores_used = what it took of the machine meanwhile
        "server_cpu_ms_per_request": round(1000 * cpu / len(out), 1) if cpu and out else None,
        "server_cores_used": round(cpu / elapsed, 2) if cpu else None,
        "think_s": args.think,
        "routes": per,
    }


def main() -> None:
    """Parse the options, build or reuse the demo, serve, drive each user count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/innofield-web-load"))
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/innofield_load")
    parser.add_argument("--users", default="50,200")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--url", help="drive this running server instead of starting one")
    parser.add_argument(
        "--warmup", type=float, default=30.0, help="seconds of 10 users first, not measured"
    )
    args = parser.parse_args()
    args.data_dir = args.data_dir.resolve()
    process = None
    base = args.url
    if base is None:
        env = _env(args)
        _build(args, env)
        process, base = _serve(args, env)
    try:
        _ready(base)
        fx = _fixtures(base)
        if args.warmup > 0:  # every worker builds its search engines: not part of a figure
            _run(base, fx, 10, argparse.Namespace(**{**vars(args), "duration": args.warmup}))
        for users in (int(u) for u in args.users.split(",")):
            result = _run(base, fx, users, args, process.pid if process else None)
            print(json.dumps(result, ensure_ascii=False), flush=True)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
