"""Where the shared real data sets are: ``INNOFIELD_SHARED_DATA``, else ``../shared/data``
beside the checkout, else ``/work/shared/data``. Tests that need them skip without them."""

from __future__ import annotations

import os
from pathlib import Path

_CANDIDATES = [
    Path(os.environ.get("INNOFIELD_SHARED_DATA", "/nonexistent")),
    Path(__file__).resolve().parents[2] / "shared" / "data",
    Path("/work/shared/data"),
]
SHARED_DATA = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[1])
