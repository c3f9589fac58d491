"""Single-request profile of the routes `web_load.py` drives: time and SQL queries per page.

    python benchmarks/web_profile.py --data-dir /tmp/innofield-demo [--pg-url URL]
        [--repeat 5] [--profile "search page"] [--json]

Runs in this process with Django's test client against the demo database (built by
``web_load.py`` or ``innofield load demo``), one request at a time, so the figures are
service times without queueing: for each route the median and the best wall time of
``--repeat`` requests after one warm-up (which builds caches and engines), and the
number of SQL queries of the last request. ``--profile NAME`` prints the top functions
of one route under cProfile (cumulative time; ``PROFILE_LINES``, default 30).
Anonymous pages, as the load benchmark requests them; the booking POST with
``demo-firm``'s token.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _setup(args: argparse.Namespace) -> None:
    os.environ["INNOFIELD_DATA_DIR"] = str(args.data_dir)
    os.environ["INNOFIELD_API_RATES"] = "anon=off,auth=off"
    os.environ["INNOFIELD_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("DATABASE_URL", None)
    if args.pg_url:
        os.environ["DATABASE_URL"] = args.pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def routes() -> list[tuple[str, str, str, Any]]:
    """(name, method, path, JSON body) of every route the load benchmark drives."""
    from innofield.catalog.models import Item

    item = Item.objects.order_by("pk").values_list("pk", flat=True).first()
    instruments = Item.objects.filter(kind="instrument", status="active").order_by("pk")
    instrument = instruments.values_list("pk", flat=True).first()
    start = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=30)
    booking = {
        "instrument": instrument,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1)).isoformat(),
        "purpose": "profile",
    }
    return [
        ("home", "GET", "/", None),
        ("catalog", "GET", "/catalog/", None),
        ("item page", "GET", f"/items/{item}/", None),
        ("search page", "GET", "/search/?q=battery", None),
        ("calendar", "GET", f"/instruments/{instrument}/calendar/", None),
        ("booking POST", "POST", "/api/bookings", booking),
        ("market", "GET", "/market/", None),
        ("observatory", "GET", "/observatory/", None),
        ("api items", "GET", "/api/items?limit=20", None),
        ("api search", "GET", "/api/search?q=battery", None),
    ]


def _token() -> str:
    from innofield.core.tokens import issue_token

    password = os.environ.get("INNOFIELD_DEMO_PASSWORD", "innofield-demo")
    return str(issue_token(username="demo-firm", password=password))


def measure(repeat: int, only: str = "") -> list[dict[str, Any]]:
    """Median/best milliseconds and the query count of each route (``only``: one route)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    headers = {"Authorization": f"Bearer {_token()}"}
    rows = []
    for name, method, path, body in routes():
        if only and name != only:
            continue

        def call(path: str = path, method: str = method, body: Any = body) -> int:
            if method == "POST":
                response = client.post(
                    path, json.dumps(body), content_type="application/json", headers=headers
                )
            else:
                response = client.get(path)  # anonymous, as web_load.py's GETs
            return int(response.status_code)

        status = call()  # warm-up: engines, caches
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                status = call()
            times.append((time.perf_counter() - t0) * 1000)
        rows.append(
            {
                "route": name,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "best_ms": round(min(times), 1),
                "queries": len(queries.captured_queries),
            }
        )
    return rows


def profile(name: str, repeat: int) -> str:
    """cProfile's top 30 functions (cumulative) over ``repeat`` requests of route ``name``."""
    measure(1, only=name)  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    measure(repeat, only=name)
    profiler.disable()
    out = io.StringIO()
    lines = int(os.environ.get("PROFILE_LINES", "30"))
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main() -> None:
    """Parse the options and print the table (or one route's profile)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/innofield-web-load"))
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", default="", help="route name to run under cProfile")
    parser.add_argument("--json", action="store_true", help="one JSON line instead of a table")
    args = parser.parse_args()
    args.data_dir = args.data_dir.resolve()
    _setup(args)
    if args.profile:
        print(profile(args.profile, args.repeat))
        return
    rows = measure(args.repeat)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    print("| route | status | median ms | best ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['route']} | {r['status']} | {r['median_ms']} | {r['best_ms']} | {r['queries']} |"
        )


if __name__ == "__main__":
    main()
