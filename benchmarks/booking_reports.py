"""Time the instrument-sharing report pages cold (cache cleared) and warm, on the demo.

    .venv/bin/python benchmarks/booking_reports.py [--data-dir DIR] [--runs 3]

Runs against the platform database in ``DIR`` (default ``./var``, the one ``make demo``
fills). For each grouping (region, organization, instrument, month) and each of two users
(the platform admin ``demo-admin`` and a lab manager, ``demo-lab``) it clears the cache,
GETs ``/bookings/reports/?by=...`` in process (Django's test client, so the figure is the
server's time without the network) and GETs it again warm. Prints one line per page with
the median cold and warm milliseconds of ``--runs`` runs, and, with ``--warm``, the time
the jobs queue's warm-up (``booking.warm_reports``, queued after each dashboards refresh)
takes and each user's first visit after it. With ``--fresh-process`` each cold request
also runs in a new Python process (cache cleared, nothing imported or connected before
Django's setup but the URL configuration, which a served worker imports as it starts): the
first visit after a restart. Prints the core count and load average
first: the machine may be shared, so figures are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GROUPS = ("region", "organization", "instrument", "month")


def main() -> None:
    """Print cold and warm report timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--users", nargs="+", default=["demo-admin", "demo-lab"])
    parser.add_argument("--warm", action="store_true", help="also time the queue's warm-up")
    parser.add_argument(
        "--fresh-process", action="store_true", help="also time cold requests in new processes"
    )
    parser.add_argument("--one", nargs=2, metavar=("USER", "BY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("INNOFIELD_DATA_DIR", str(args.data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innofield.settings")
    if args.one:
        print(one_cold_request(*args.one))
        return
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    for username in args.users:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"{username}: no such user (load the demo)")
            continue
        client = Client()
        client.force_login(user)
        for by in GROUPS:
            cold, warm = [], []
            for _ in range(args.runs):
                cache.clear()
                start = time.perf_counter()
                response = client.get("/bookings/reports/", {"by": by})
                cold.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
                start = time.perf_counter()
                client.get("/bookings/reports/", {"by": by})
                warm.append(time.perf_counter() - start)
            print(
                f"{username:12} by={by:12} cold {statistics.median(cold) * 1000:7.0f} ms · "
                f"warm {statistics.median(warm) * 1000:6.0f} ms"
            )
    if args.fresh_process:
        fresh_processes(args.users, args.runs)
    if args.warm:
        warm_up(args.users)


def one_cold_request(username: str, by: str) -> float:
    """In this (new) process: clear the cache and time one GET of the report, in ms. The URL
    configuration is imported first, as ``innofield serve`` does when a worker starts
    (``innofield.gunicorn_conf``); without that any first page takes seconds more."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    try:
        from innofield.gunicorn_conf import warm_urls
    except ImportError:  # older code: the worker imported the URL configuration only
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018
    else:
        warm_urls()  # what a served worker does as it starts
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cache.clear()
    start = time.perf_counter()
    response = client.get("/bookings/reports/", {"by": by})
    took = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    return took


def fresh_processes(usernames: list[str], runs: int) -> None:
    """Median of ``runs`` cold requests, each in a new process."""
    for username in usernames:
        for by in GROUPS:
            times = [
                float(
                    subprocess.run(
                        [sys.executable, __file__, "--one", username, by],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout.split()[-1]
                )
                for _ in range(runs)
            ]
            print(
                f"{username:12} by={by:12} cold in a new process {statistics.median(times):7.0f} ms"
            )


def warm_up(usernames: list[str]) -> None:
    """Time what ``booking.warm_reports`` does, then each user's first visit after it."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    from innofield.booking.jobs import report_viewers
    from innofield.booking.reports import GROUPS as ALL
    from innofield.booking.views import REPORT_WARM_SECONDS, report_figures

    cache.clear()
    start = time.perf_counter()
    viewers = report_viewers()
    for user in viewers:
        for by in ALL:
            report_figures(user, by, seconds=REPORT_WARM_SECONDS, fresh=True)
    took = time.perf_counter() - start
    print(f"warm-up: {len(viewers)} views x {len(ALL)} groupings in {took:.1f} s")
    for username in usernames:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for by in GROUPS:
            start = time.perf_counter()
            response = client.get("/bookings/reports/", {"by": by})
            first = time.perf_counter() - start
            assert response.status_code == 200
            print(f"{username:12} by={by:12} first visit after warm-up {first * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
