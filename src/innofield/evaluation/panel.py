"""Panel checks shared by the estimators: one clear error naming the offending column."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


class PanelError(ValueError):
    """A panel the estimators cannot use; ``column`` names the column at fault."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


def require_columns(data: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise ``PanelError`` for the first column missing from ``data``."""
    for column in columns:
        if column not in data.columns:
            raise PanelError(column, "no such column in the panel")


def check_panel(
    data: pd.DataFrame, unit: str, time: str, numeric: Sequence[str] = ()
) -> pd.DataFrame:
    """Check a long panel: columns present, one row per unit-time, numeric columns finite.

    Returns a copy sorted by unit and time.
    """
    require_columns(data, [unit, time, *numeric])
    if data[unit].isna().any():
        raise PanelError(unit, "missing unit identifiers")
    if not pd.api.types.is_numeric_dtype(data[time]) or data[time].isna().any():
        raise PanelError(time, "time must be numeric with no missing values")
    duplicated = data.duplicated([unit, time])
    if duplicated.any():
        row = data.loc[duplicated].iloc[0]
        raise PanelError(unit, f"duplicate unit-time row ({row[unit]}, {row[time]})")
    for column in numeric:
        values = pd.to_numeric(data[column], errors="coerce")
        if values.isna().any() or not np.isfinite(values.to_numpy(float)).all():
            raise PanelError(column, "non-numeric or missing values")
    return data.sort_values([unit, time]).reset_index(drop=True)


def check_group(data: pd.DataFrame, unit: str, group: str) -> pd.Series:
    """The first-treated period of each unit (0 = never treated); constant within a unit."""
    per_unit = data.groupby(unit)[group].nunique()
    if (per_unit > 1).any():
        raise PanelError(group, f"group changes within unit {per_unit[per_unit > 1].index[0]}")
    g = data.groupby(unit)[group].first()
    if (g < 0).any():
        raise PanelError(group, "negative group (use 0 for never treated)")
    return g


def balance(data: pd.DataFrame, unit: str, time: str) -> tuple[pd.DataFrame, int]:
    """Keep the units observed in every period (R ``did``'s default); returns (panel, dropped)."""
    n_periods = data[time].nunique()
    counts = data.groupby(unit)[time].transform("size")
    kept = data.loc[counts == n_periods]
    dropped = data[unit].nunique() - kept[unit].nunique()
    return kept.reset_index(drop=True), int(dropped)
