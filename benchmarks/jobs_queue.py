"""Throughput and latency of the job queue on each backend and database.

    .venv/bin/python benchmarks/jobs_queue.py [--jobs 300] [--db sqlite,postgres]
        [--backend database,rq] [--pg-url postgres://postgres@127.0.0.1:5432/innofield_bench]
        [--redis-url redis://127.0.0.1:6379/14]

For each database × backend pair (a fresh database, migrated) it submits ``--jobs`` jobs of
a real, short kind (``booking.release_no_shows`` on an empty database: two progress
reports, one audit row), timing the submits (each: insert, audit row, enqueue on commit),
then drains them with one burst worker in this process and times that. Then it starts
``innofield jobs worker`` as a separate process and submits ``--latency-jobs`` jobs one at a
time, each once the previous has finished: ``finished_at - created`` is the latency a user
waits on an idle queue. Prints one JSON line per pair.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def child(args: argparse.Namespace) -> None:
    """Run one pair in this process (settings come from the environment)."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from innofield.jobs import actions
    from innofield.jobs.models import Job
    from innofield.jobs.queue import backend_name
    from innofield.jobs.worker import run_worker

    if backend_name() == "rq":
        import django_rq

        django_rq.get_queue("default").empty()
    kind = "booking.release_no_shows"
    user = get_user_model().objects.create_user("bench", password="x", is_superuser=True)
    t0 = time.perf_counter()
    for _ in range(args.jobs):
        actions.submit(kind, actor=user)
    submit = time.perf_counter() - t0
    t1 = time.perf_counter()
    run_worker(burst=True, interval=0, fork=args.fork)
    drain = time.perf_counter() - t1
    done = list(Job.objects.filter(state="succeeded").values_list("created", "finished_at"))
    worker = subprocess.Popen(
        [sys.executable, "-m", "innofield.cli", "jobs", "worker"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # let it start
        latency = []
        for _ in range(args.latency_jobs):
            job = actions.submit(kind, actor=user)
            while not Job.objects.get(pk=job.pk).is_final:
                time.sleep(0.005)
            job.refresh_from_db()
            assert job.finished_at is not None
            latency.append((job.finished_at - job.created).total_seconds())
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    latency.sort()
    print(
        json.dumps(
            {
                "db": "postgres" if os.environ.get("DATABASE_URL") else "sqlite",
                "backend": backend_name(),
                "fork": args.fork,
                "jobs": args.jobs,
                "succeeded": len(done),
                "submits_per_s": round(args.jobs / submit, 1),
                "drain_jobs_per_s": round(len(done) / drain, 1),
                "idle_latency_p50_s": round(statistics.median(latency), 3),
                "idle_latency_max_s": round(latency[-1], 3),
            }
        )
    )


def main() -> None:
    """Run every requested pair in a fresh process and database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--latency-jobs", type=int, default=20)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--backend", default="database,rq")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/innofield_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--fork", action="store_true", help="RQ: fork a work horse per job")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for db in args.db.split(","):
        for backend in args.backend.split(","):
            with tempfile.TemporaryDirectory() as tmp:
                env = dict(
                    os.environ,
                    DJANGO_SETTINGS_MODULE="innofield.settings",
                    INNOFIELD_DATA_DIR=tmp,
                    INNOFIELD_TASKS_BACKEND=backend,
                    INNOFIELD_REDIS_URL=args.redis_url,
                )
                env.pop("DATABASE_URL", None)
                if db == "postgres":
                    import psycopg

                    base, name = args.pg_url.rsplit("/", 1)
                    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                        conn.execute(f'CREATE DATABASE "{name}"')
                    env["DATABASE_URL"] = args.pg_url
                argv = [
                    sys.executable,
                    __file__,
                    "--child",
                    "--jobs",
                    str(args.jobs),
                    "--latency-jobs",
                    str(args.latency_jobs),
                ]
                subprocess.run(argv + (["--fork"] if args.fork else []), env=env, check=True)


if __name__ == "__main__":
    main()
