"""Benchmark: full ASEM build and a 1,000-run Monte Carlo uncertainty analysis.

Factors (DESIGN.md §5): winsorisation limit 1–5, normalisation min–max 1–100 vs z-score 10±2,
weights ±25 % noise at pillar and sub-index level, arithmetic vs geometric aggregation.
Prints medians of several runs and the machine's core count. COINr needs about 89 s for the
same analysis; the goal is ≤ 1.8 s.

    .venv/bin/python benchmarks/observatory_uncertainty.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import pandas as pd

from innofield.observatory import CompositeIndex
from innofield.observatory.uncertainty import UncertaintyAnalysis

ROOT = Path(__file__).resolve().parents[1]
ASEM = ROOT.parent / "shared" / "data" / "coinr_asem"
FACTORS = [
    {"name": "winmax", "step": "treat", "param": "winmax", "values": [1, 2, 3, 4, 5]},
    {
        "name": "normalisation",
        "step": "normalise",
        "options": [{"method": "minmax", "l_u": [1, 100]}, {"method": "zscore", "m_sd": [10, 2]}],
    },
    {"name": "weights", "noise": {2: 0.25, 3: 0.25}, "n_sets": 1000},
    {
        "name": "aggregation",
        "step": "aggregate",
        "param": "method",
        "values": ["arithmetic", "geometric"],
    },
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    idata = pd.read_csv(ASEM / "ASEM_iData.csv")
    imeta = pd.read_csv(ASEM / "ASEM_iMeta.csv")
    spec = ROOT / "examples" / "asem" / "spec.yaml"
    build, ua_times = [], []
    index = None
    for i in range(args.repeats):
        t0 = time.perf_counter()
        index = CompositeIndex(spec).fit(idata, imeta)
        build.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ua = UncertaintyAnalysis(FACTORS, n_runs=args.runs, seed=i).fit(index)
        ua_times.append(time.perf_counter() - t0)
    assert index is not None
    print(f"cores: {os.cpu_count()}")
    print(f"ASEM full build: median {statistics.median(build):.4f} s over {args.repeats} runs")
    print(
        f"uncertainty analysis, {args.runs} runs: median {statistics.median(ua_times):.3f} s "
        f"(min {min(ua_times):.3f}, max {max(ua_times):.3f}); goal <= 1.8 s; COINr ~89 s"
    )
    print(f"failed runs in last analysis: {ua.failed_}")
    print("top 10 by nominal rank (median rank, 5-95 % band):")
    stats = ua.rank_stats_.sort_values("Nominal").head(10)
    for code, row in stats.iterrows():
        print(
            f"  {code}: nominal {row.Nominal:.0f}, median {row.Median:.0f}, "
            f"band {row.Q5:.0f}-{row.Q95:.0f}"
        )


if __name__ == "__main__":
    main()
