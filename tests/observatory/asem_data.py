"""Shared access to the real data the observatory tests compare with (../shared/data).

A missing file is a failure with a message saying where it was looked for, never a silent
skip: a run without the reference data would otherwise pass without checking anything.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.shared_data import SHARED_DATA, require

SHARED = SHARED_DATA
ASEM = SHARED / "coinr_asem"
CHINA = SHARED / "china_provinces"
SPEC = Path(__file__).resolve().parents[2] / "examples" / "asem" / "spec.yaml"


@pytest.fixture
def asem_files() -> Path:
    """The COINr ASEM reference run folder (fails the test when it is missing)."""
    require(ASEM / "ASEM_iData.csv", "COINr ASEM reference run")
    return ASEM


@pytest.fixture
def china_files() -> Path:
    """The China yearbook panels folder (fails the test when it is missing)."""
    require(CHINA / "RDSource.csv", "China S&T yearbook panels")
    return CHINA


needs_asem = pytest.mark.usefixtures("asem_files")
needs_china = pytest.mark.usefixtures("china_files")


def asem_inputs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """ASEM iData and iMeta as COINr ships them (fails the test when they are missing)."""
    return (
        pd.read_csv(require(ASEM / "ASEM_iData.csv", "COINr ASEM iData")),
        pd.read_csv(require(ASEM / "ASEM_iMeta.csv", "COINr ASEM iMeta")),
    )
