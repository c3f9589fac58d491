"""Unit screening (COINr ``Screen``): drop units with too little data or too many zeros."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

SCREEN_METHODS = ("byNA", "byzeros", "byNAandzeros", "none")


def data_availability(data: pd.DataFrame) -> pd.DataFrame:
    """Per unit: missing and zero counts and the share of available and of non-zero data."""
    n_missing = data.isna().sum(axis=1)
    n_zero = (data == 0).sum(axis=1)
    k = data.shape[1]
    return pd.DataFrame(
        {
            "N_missing": n_missing,
            "N_zero": n_zero,
            "N_miss_or_zero": n_missing + n_zero,
            "Dat_Avail": 1 - n_missing / k,
            "Non_Zero": 1 - n_zero / (k - n_missing),
        }
    )


def screen_units(
    data: pd.DataFrame,
    method: str = "byNA",
    dat_thresh: float = 2 / 3,
    nonzero_thresh: float = 0.05,
    force: Mapping[str, bool] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Return (kept data, availability summary with ``Included``, removed unit codes).

    ``force`` maps a unit code to True (always keep) or False (always drop).
    """
    if method not in SCREEN_METHODS:
        raise ValueError(
            f"screen: unknown method {method!r}; choose from {', '.join(SCREEN_METHODS)}"
        )
    for name, val in (("dat_thresh", dat_thresh), ("nonzero_thresh", nonzero_thresh)):
        if not 0 <= val <= 1:
            raise ValueError(f"screen: {name} must lie in [0, 1], got {val}")
    summary = data_availability(data)
    summary["LowData"] = summary["Dat_Avail"] < dat_thresh
    summary["LowNonZero"] = summary["Non_Zero"] < nonzero_thresh
    summary["LowDatOrZeroFlag"] = summary["LowData"] | summary["LowNonZero"]
    included = {
        "byNA": ~summary["LowData"],
        "byzeros": ~summary["LowNonZero"],
        "byNAandzeros": ~summary["LowDatOrZeroFlag"],
        "none": pd.Series(True, index=summary.index),
    }[method]
    summary["Included"] = included
    for unit, keep in (force or {}).items():
        if unit not in summary.index:
            raise ValueError(f"{unit}: unit in screen force list is not in the data")
        summary.loc[unit, "Included"] = bool(keep)
    kept = data.loc[summary["Included"].to_numpy()]
    removed = summary.index[~summary["Included"].to_numpy()].tolist()
    return kept, summary, removed
