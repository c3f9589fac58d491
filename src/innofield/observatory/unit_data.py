"""Reading and checking COINr's ``iData``: units × indicators, names, time, groups, denominators."""

from __future__ import annotations

import pandas as pd

from .framework import Framework


def check_idata(idata: pd.DataFrame, framework: Framework) -> None:
    """Raise ValueError if ``iData`` lacks a column the framework needs or holds bad values."""
    if "uCode" not in idata.columns:
        raise ValueError("iData: missing column uCode")
    if idata["uCode"].isna().any():
        raise ValueError("uCode: empty unit code in iData")
    key = ["uCode", "Time"] if "Time" in idata.columns else ["uCode"]
    dup = idata.loc[idata.duplicated(key), "uCode"].astype(str).tolist()
    if dup:
        raise ValueError(f"{dup[0]}: duplicate unit code in iData")
    missing = [c for c in framework.indicators if c not in idata.columns]
    if missing:
        raise ValueError(f"{missing[0]}: indicator in iMeta but no column in iData")
    aggs_in_data = [c for c in framework.aggregates if c in idata.columns]
    if aggs_in_data:
        raise ValueError(f"{aggs_in_data[0]}: aggregate code must not be a column of iData")
    numeric_needed = framework.indicators + [
        d for d in framework.denominators if d in idata.columns
    ]
    for col in numeric_needed:
        if not pd.api.types.is_numeric_dtype(idata[col]):
            converted = pd.to_numeric(idata[col], errors="coerce")
            bad = idata.loc[converted.isna() & idata[col].notna(), col]
            if len(bad):
                raise ValueError(f"{col}: non-numeric value {bad.iloc[0]!r} in iData")


def indicator_frame(idata: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """The indicator columns as floats, indexed by ``uCode`` (COINr's ``Raw`` data set)."""
    check_idata(idata, framework)
    out = idata.set_index(idata["uCode"].astype(str))[framework.indicators]
    out = out.apply(pd.to_numeric, errors="coerce").astype(float)
    out.index.name = "uCode"
    return out


def group_columns(idata: pd.DataFrame, framework: Framework) -> list[str]:
    """Grouping columns: those typed ``Group`` in iMeta, plus any ``*_group`` column."""
    cols = [g for g in framework.groups if g in idata.columns]
    cols += [c for c in idata.columns if str(c).endswith("_group") and c not in cols]
    return cols


def unit_table(idata: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Non-indicator columns (names, time, groups, denominators) indexed by ``uCode``."""
    keep = [c for c in idata.columns if c not in framework.indicators and c != "uCode"]
    out = idata.set_index(idata["uCode"].astype(str))[keep].copy()
    out.index.name = "uCode"
    return out
