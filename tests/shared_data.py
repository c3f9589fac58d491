"""Where the shared real data sets are: ``INNOFIELD_SHARED_DATA``, else ``../shared/data``
beside the checkout, else ``/work/shared/data``. A test that compares with them fails when
they are missing (:func:`require`): a run without the reference data must not pass silently."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_CANDIDATES = [
    Path(os.environ.get("INNOFIELD_SHARED_DATA", "/nonexistent")),
    Path(__file__).resolve().parents[2] / "shared" / "data",
    Path("/work/shared/data"),
]
SHARED_DATA = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[1])


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise fail the test naming ``what`` and where it was sought."""
    if not path.exists():
        pytest.fail(
            f"{what} not found at {path}. These tests compare with shipped reference data: "
            "set INNOFIELD_SHARED_DATA to the shared data folder (or place it at "
            "../shared/data beside the checkout).",
            pytrace=False,
        )
    return path
