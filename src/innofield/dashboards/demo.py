"""Demo hook: compute the observatory dashboards from the panels the demo just loaded."""

from __future__ import annotations

from collections.abc import Callable

from .actions import refresh_dashboards


def load_demo(
    *, seed: int, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Refresh the dashboards as the system; returns ``{"dashboard_results": N}``.

    The results derive only from the real yearbook panels, so nothing here is synthetic and
    ``seed`` is unused (the uncertainty analysis has its own fixed seed,
    :data:`innofield.dashboards.payloads.UA_SEED`).
    """
    if progress:
        progress("observatory dashboards", 0, 1)
    counts = refresh_dashboards(actor=None)
    if progress:
        progress("observatory dashboards", 1, 1)
    return {"dashboard_results": counts["results"]}
