"""CSV input and output of the ``innofield allocate`` command.

``HUBS.csv``: ``hub,capacity`` and optional ``capacity_<resource>`` columns.
``PAIRS.csv``: ``job,hub,cost,use`` and optional ``carbon``, ``latency_ms`` and
``use_<resource>`` columns; one row per allowed pair, a missing row forbids the pair.
Errors raise :class:`InputError` naming the file, the row (the line number, the
header being row 1) and the column.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .problem import Problem

__all__ = ["InputError", "read_problem", "write_plan"]

OPTIONAL = ("carbon", "latency_ms")


class InputError(ValueError):
    """A malformed input file; the message names the file, row and column."""

    def __init__(self, path: Path, row: int, column: str, reason: str) -> None:
        super().__init__(f"{path.name}: row {row}, column {column}: {reason}")
        self.path, self.row, self.column, self.reason = path, row, column, reason


def _rows(path: Path, required: tuple[str, ...]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, 0, "-", f"cannot read the file ({exc.__class__.__name__})") from exc
    if not lines:
        raise InputError(path, 1, required[0], "the file is empty (a header row is needed)")
    header = [h.strip() for h in lines[0]]
    for name in required:
        if name not in header:
            raise InputError(path, 1, name, "required column is missing")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise InputError(path, 1, name, "column appears twice")
        seen.add(name)
    body = []
    for number, values in enumerate(lines[1:], start=2):
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            column = header[min(len(values), len(header) - 1)]
            raise InputError(
                path, number, column, f"{len(values)} fields, the header has {len(header)}"
            )
        body.append((number, [v.strip() for v in values]))
    if not body:
        raise InputError(path, 2, required[0], "no data rows")
    return header, body


def _number(path: Path, row: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, row, column, f"{text!r} is not a number") from None
    if not np.isfinite(value):
        raise InputError(path, row, column, f"{text!r} is not a finite number")
    return value


def _resources(header: list[str], prefix: str, base: str) -> dict[str, str]:
    out = {"": base} if base in header else {}
    out.update({h[len(prefix) :]: h for h in header if h.startswith(prefix) and h != base})
    return out


def read_problem(hubs_path: Path, pairs_path: Path) -> Problem:
    """Read ``HUBS.csv`` and ``PAIRS.csv`` into a :class:`Problem` (objective: ``cost``)."""
    header, body = _rows(hubs_path, ("hub",))
    caps = _resources(header, "capacity_", "capacity")
    if not caps:
        raise InputError(hubs_path, 1, "capacity", "required column is missing")
    resources = sorted(caps)
    hubs: list[str] = []
    capacity: list[list[float]] = []
    for row, values in body:
        rec = dict(zip(header, values, strict=True))
        if not rec["hub"]:
            raise InputError(hubs_path, row, "hub", "empty hub name")
        if rec["hub"] in hubs:
            raise InputError(hubs_path, row, "hub", f"hub {rec['hub']!r} listed twice")
        vals = []
        for res in resources:
            v = _number(hubs_path, row, caps[res], rec[caps[res]])
            if v < 0:
                raise InputError(hubs_path, row, caps[res], "capacity must not be negative")
            vals.append(v)
        hubs.append(rec["hub"])
        capacity.append(vals)
    hub_index = {h: i for i, h in enumerate(hubs)}

    header, body = _rows(pairs_path, ("job", "hub", "cost"))
    uses = _resources(header, "use_", "use")
    for res, column in uses.items():
        if res not in caps:
            raise InputError(pairs_path, 1, column, f"{hubs_path.name} has no capacity for it")
    if not uses:
        raise InputError(pairs_path, 1, "use", "required column is missing")
    metrics = [m for m in OPTIONAL if m in header]
    jobs: dict[str, int] = {}
    seen: set[tuple[str, str]] = set()
    pj, ph, cost = [], [], []
    use: list[list[float]] = []
    extra: dict[str, list[float]] = {m: [] for m in metrics}
    for row, values in body:
        rec = dict(zip(header, values, strict=True))
        if not rec["job"]:
            raise InputError(pairs_path, row, "job", "empty job name")
        if rec["hub"] not in hub_index:
            raise InputError(
                pairs_path, row, "hub", f"hub {rec['hub']!r} is not in {hubs_path.name}"
            )
        if (rec["job"], rec["hub"]) in seen:
            raise InputError(pairs_path, row, "hub", f"pair {rec['job']},{rec['hub']} listed twice")
        seen.add((rec["job"], rec["hub"]))
        pj.append(jobs.setdefault(rec["job"], len(jobs)))
        ph.append(hub_index[rec["hub"]])
        cost.append(_number(pairs_path, row, "cost", rec["cost"]))
        row_use = []
        for res in resources:
            v = _number(pairs_path, row, uses[res], rec[uses[res]]) if res in uses else 0.0
            if v < 0:
                raise InputError(pairs_path, row, uses[res], "use must not be negative")
            row_use.append(v)
        use.append(row_use)
        for m in metrics:
            extra[m].append(_number(pairs_path, row, m, rec[m]))
    ph_arr = np.array(ph, np.int64)
    r = len(resources)
    rows = ph_arr[:, None] * r + np.arange(r)[None, :]
    names = [f"{h}:{res or 'capacity'}" for h in hubs for res in resources]
    mets = {"cost": np.array(cost)} | {m: np.array(v) for m, v in extra.items()}
    return Problem.build(
        list(jobs),
        hubs,
        pj,
        ph_arr,
        cost,
        rows,
        np.array(use),
        np.array(capacity).ravel(),
        names,
        mets,
    )


def write_plan(path: Path, plan: list[tuple[str, str]]) -> None:
    """Write ``job,hub`` rows."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["job", "hub"])
        writer.writerows(plan)
