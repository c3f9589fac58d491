"""Denomination (COINr ``Denominate``): divide indicators by a size measure such as population."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def denominate(
    data: pd.DataFrame,
    denominators: pd.DataFrame,
    denom_by: Mapping[str, str],
    scale_factors: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Return ``data`` with each column in ``denom_by`` divided by its denominator column.

    ``denominators`` is indexed like ``data`` (by unit code); x' = x / (denominator / scale).
    """
    out = data.copy()
    scale_factors = scale_factors or {}
    for code, den in denom_by.items():
        if code not in data.columns:
            raise ValueError(f"{code}: indicator to denominate is not in the data")
        if den not in denominators.columns:
            raise ValueError(f"{code}: denominator {den!r} not found in iData")
        dcol = pd.to_numeric(denominators[den], errors="coerce")
        bad = denominators.loc[dcol.isna() & denominators[den].notna(), den]
        if len(bad):
            raise ValueError(f"{den}: non-numeric denominator value {bad.iloc[0]!r}")
        missing = [u for u in data.index if u not in dcol.index]
        if missing:
            raise ValueError(f"{missing[0]}: unit has no row for denominator {den}")
        scale = float(scale_factors.get(code, 1.0))
        out[code] = data[code] / (dcol.reindex(data.index).astype(float) / scale)
    return out
