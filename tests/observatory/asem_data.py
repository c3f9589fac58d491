"""Shared access to the COINr ASEM reference run in ../shared/data (tests skip without it)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.shared_data import SHARED_DATA

SHARED = SHARED_DATA
ASEM = SHARED / "coinr_asem"
SPEC = Path(__file__).resolve().parents[2] / "examples" / "asem" / "spec.yaml"

needs_asem = pytest.mark.skipif(
    not (ASEM / "ASEM_iData.csv").exists(),
    reason=f"COINr ASEM reference run not found at {ASEM}",
)


def asem_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """ASEM iData and iMeta as COINr ships them."""
    return pd.read_csv(ASEM / "ASEM_iData.csv"), pd.read_csv(ASEM / "ASEM_iMeta.csv")
