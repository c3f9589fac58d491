"""innofield.allocation: computing-power allocation as a generalised assignment problem.

A pure library (numpy, scipy, HiGHS through highspy; no Django). See
``docs/allocation.md`` for the model, the methods and the measured figures.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Where each public name lives; loaded on first use so that ``innofield --help`` (which
#: names the ``allocate`` command) does not import numpy and HiGHS.
_HOME = {
    "Hub": "candidates",
    "Job": "candidates",
    "candidate_problem": "candidates",
    "synthetic_platform": "candidates",
    "BEST_KNOWN": "orlib",
    "GapInstance": "orlib",
    "read_orlib": "orlib",
    "OBJECTIVES": "problem",
    "Problem": "problem",
    "GreedyNearest": "solvers",
    "InnofieldSolver": "solvers",
    "SolverOnly": "solvers",
}


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "BEST_KNOWN",
    "OBJECTIVES",
    "GapInstance",
    "GreedyNearest",
    "Hub",
    "InnofieldSolver",
    "Job",
    "Problem",
    "SolverOnly",
    "candidate_problem",
    "read_orlib",
    "synthetic_platform",
]
