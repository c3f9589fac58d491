"""numpy's BLAS held to one thread while a search runs.

A hybrid search encodes its query with two models side by side, MiniLM on the
caller's thread and the e5 re-scorer on a worker, one torch thread each. numpy's
OpenBLAS starts one thread per core for a large matrix-vector product (the
passage scores) and leaves them spinning for a while after it returns, so on two
cores the encoders lost a core to spinning and the search cost about the sum of
the two encodings instead of the longer one. Holding BLAS to one thread inside
a re-scored ``MatchEngine.search`` (2 cores, SciFact train, ``innofield eval
matching``, processes alternated): p50 37.0 and 38.9 ms against 62.0 and 56.5
ms; at 100k items with BLAS on one thread for the whole benchmark process,
p50 / p95 37.9 / 44.9 against 63.0 / 78.5 ms (docs/matching.md, Not done).
A two-signal search does not take the limit: there the second BLAS thread
speeds the passage products and no second encoder competes for the core.

The limit is process-wide while it lasts (BLAS has one setting per process) and
is restored on exit; two searches on two threads may leave it at one thread,
which costs an analyst's large matrix products some speed and nothing else.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["one_blas_thread"]


@functools.cache
def _controller() -> Any:
    """The BLAS libraries loaded in this process (found once: numpy's is loaded by then)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> Any:
    """A context manager that runs its block with every loaded BLAS on one thread."""
    return _controller().limit(limits=1, user_api="blas")
