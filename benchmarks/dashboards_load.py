"""Time the dashboards: one refresh, then the pages and the API under concurrent load.

    .venv/bin/python benchmarks/dashboards_load.py [--data-dir DIR] [--users 50]
        [--requests 2000] [--refreshes 3]

Uses ``DIR`` (default: a new temporary directory) as ``INNOFIELD_DATA_DIR``; if its SQLite
database has no demo yet it migrates and runs ``innofield load demo``. Times
``refresh_dashboards`` (median of ``--refreshes`` runs, in a subprocess), starts
``innofield serve`` on a free port of 127.0.0.1 and lets ``--users`` threads GET the
observatory pages and API endpoints round-robin until ``--requests`` are done. Prints one
JSON line per URL group and a summary line (p50/p95/max ms, requests per second, errors).
The API rate limits are off for the server (``INNOFIELD_API_RATES=anon=off,auth=off``
unless set in the environment): all requests come from one address.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
URLS = {
    "page overview": "/observatory/",
    "page index": "/observatory/index/?year=2020",
    "page ccd": "/observatory/ccd/",
    "page inequality": "/observatory/inequality/",
    "page flows": "/observatory/flows/?year=2019",
    "api index": "/api/observatory/index?year=2022",
    "api ccd": "/api/observatory/ccd?year=2016",
    "api inequality": "/api/observatory/inequality",
    "api flows": "/api/observatory/flows",
}
REFRESH = (
    "import os, time, django;"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'innofield.settings');"
    "django.setup(); from innofield.dashboards.actions import refresh_dashboards;"
    "t = time.perf_counter(); refresh_dashboards(actor=None); print(time.perf_counter() - t)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _prepare(env: dict[str, str], data_dir: Path) -> None:
    if (data_dir / "innofield.sqlite3").exists():
        return
    subprocess.run([BIN / "innofield", "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([BIN / "innofield", "load", "demo"], env=env, check=True, capture_output=True)


def _wait(port: int, proc: subprocess.Popen) -> None:
    for _ in range(100):
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/observatory/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _load(
    port: int, users: int, total: int
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    names = list(URLS)
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: dict[str, int] = {}
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            name = names[i % len(names)]
            t = time.perf_counter()
            url = f"http://127.0.0.1:{port}{URLS[name]}"
            problem = None
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    r.read()
                    problem = None if r.status == 200 else f"HTTP {r.status}"
            except OSError as exc:
                problem = type(exc).__name__ + (f" {exc.code}" if hasattr(exc, "code") else "")
            with lock:
                times[name].append((time.perf_counter() - t) * 1000)
                if problem:
                    errors[problem] = errors.get(problem, 0) + 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(users)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, errors, time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print JSON lines."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--refreshes", type=int, default=3)
    args = ap.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="innofield-dash-bench-"))
    # one client address sends everything: the anonymous API rate limit would answer 429
    env = {
        "INNOFIELD_API_RATES": "anon=off,auth=off",
        **os.environ,
        "INNOFIELD_DATA_DIR": str(data_dir),
    }
    _prepare(env, data_dir)
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", REFRESH], env=env, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
        )
        for _ in range(args.refreshes)
    ]
    print(
        json.dumps(
            {
                "refresh_seconds_median": round(statistics.median(runs), 3),
                "refresh_seconds": [round(r, 3) for r in runs],
            }
        )
    )
    port = _free_port()
    server = subprocess.Popen(
        [BIN / "innofield", "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, server)
        times, errors, seconds = _load(port, args.users, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)
    every = [t for ts in times.values() for t in ts]
    for name, ts in times.items():
        print(
            json.dumps(
                {
                    "url": URLS[name],
                    "n": len(ts),
                    "p50_ms": round(_pct(ts, 0.5), 1),
                    "p95_ms": round(_pct(ts, 0.95), 1),
                }
            )
        )
    print(
        json.dumps(
            {
                "users": args.users,
                "requests": len(every),
                "errors": sum(errors.values()),
                "error_kinds": errors,
                "rps": round(len(every) / seconds, 1),
                "p50_ms": round(_pct(every, 0.5), 1),
                "p95_ms": round(_pct(every, 0.95), 1),
                "max_ms": round(max(every), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
