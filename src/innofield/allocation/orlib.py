"""OR-Library generalised assignment files (J.E. Beasley) and their reference values.

A file holds P problems; each is ``m n``, the m x n cost matrix, the m x n resource
matrix and m capacities, all whitespace separated. gap1-gap12 are maximisation
problems (we minimise the negated profit); gapa-gapd are minimisation problems.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .problem import Problem

__all__ = ["GapInstance", "read_orlib", "BEST_KNOWN"]

# Optimal values of gap1-gap12 (maximisation) as listed by OR-Library's gapinfo page;
# optima of types A-C and the best known / optimal values of type D (minimisation)
# as reported in the literature (see docs/allocation.md and tests/allocation/data/README.md).
BEST_KNOWN: dict[str, int] = {
    **dict(zip([f"c515-{k}" for k in range(1, 6)], [336, 327, 339, 341, 326], strict=True)),
    **dict(zip([f"c520-{k}" for k in range(1, 6)], [434, 436, 420, 419, 428], strict=True)),
    **dict(zip([f"c525-{k}" for k in range(1, 6)], [580, 564, 573, 570, 564], strict=True)),
    **dict(zip([f"c530-{k}" for k in range(1, 6)], [656, 644, 673, 647, 664], strict=True)),
    **dict(zip([f"c824-{k}" for k in range(1, 6)], [563, 558, 564, 568, 559], strict=True)),
    **dict(zip([f"c832-{k}" for k in range(1, 6)], [761, 759, 758, 752, 747], strict=True)),
    **dict(zip([f"c840-{k}" for k in range(1, 6)], [942, 949, 968, 945, 951], strict=True)),
    **dict(zip([f"c848-{k}" for k in range(1, 6)], [1133, 1134, 1141, 1117, 1127], strict=True)),
    **dict(zip([f"c1030-{k}" for k in range(1, 6)], [709, 717, 712, 723, 706], strict=True)),
    **dict(zip([f"c1040-{k}" for k in range(1, 6)], [958, 963, 960, 947, 947], strict=True)),
    **dict(zip([f"c1050-{k}" for k in range(1, 6)], [1139, 1178, 1195, 1171, 1171], strict=True)),
    **dict(zip([f"c1060-{k}" for k in range(1, 6)], [1451, 1449, 1433, 1447, 1446], strict=True)),
    "a05100": 1698,
    "a05200": 3235,
    "a10100": 1360,
    "a10200": 2623,
    "a20100": 1158,
    "a20200": 2339,
    "b05100": 1843,
    "b05200": 3552,
    "b10100": 1407,
    "b10200": 2827,
    "b20100": 1166,
    "b20200": 2339,
    "c05100": 1931,
    "c05200": 3456,
    "c10100": 1402,
    "c10200": 2806,
    "c20100": 1243,
    "c20200": 2391,
    "d05100": 6353,
    "d05200": 12742,
    "d10100": 6347,
    "d10200": 12430,
    "d20100": 6185,
    "d20200": 12235,
}


@dataclass(frozen=True)
class GapInstance:
    """One OR-Library problem: its name, whether it maximises, and the problem to minimise."""

    name: str
    maximise: bool
    problem: Problem

    @property
    def best_known(self) -> int | None:
        """Optimum or best known value in the file's own sense (profit for gap1-12)."""
        return BEST_KNOWN.get(self.name)

    def reported(self, objective: float) -> float:
        """A minimised objective turned back into the file's sense."""
        return -objective if self.maximise else objective


def read_orlib(path: str | Path) -> list[GapInstance]:
    """Read an OR-Library ``gap*`` file (plain or ``.gz``) into instances.

    Names follow the literature: ``c515-1`` for gap1-12, ``d05100`` for gapa-gapd.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:
        numbers = np.array(handle.read().split(), dtype=np.int64)
    stem = path.name.split(".")[0]
    letter = stem[3:]
    maximise = letter.isdigit()
    count, pos = int(numbers[0]), 1
    out: list[GapInstance] = []
    for k in range(count):
        m, n = int(numbers[pos]), int(numbers[pos + 1])
        pos += 2
        cost = numbers[pos : pos + m * n].reshape(m, n)
        pos += m * n
        use = numbers[pos : pos + m * n].reshape(m, n)
        pos += m * n
        cap = numbers[pos : pos + m]
        pos += m
        name = f"c{m}{n}-{k + 1}" if maximise else f"{letter}{m:02d}{n}"
        sign = -1 if maximise else 1
        out.append(GapInstance(name, maximise, Problem.from_matrices(sign * cost, use, cap)))
    if pos != len(numbers):
        raise ValueError(f"{path}: {len(numbers) - pos} numbers left over")
    return out
