"""innofield.allocation: computing-power allocation as a generalised assignment problem.

A pure library (numpy, scipy, HiGHS through highspy; no Django). See
``docs/allocation.md`` for the model, the methods and the measured figures.
"""

from .candidates import Hub, Job, candidate_problem, synthetic_platform
from .orlib import BEST_KNOWN, GapInstance, read_orlib
from .problem import OBJECTIVES, Problem
from .solvers import GreedyNearest, InnofieldSolver, SolverOnly

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
