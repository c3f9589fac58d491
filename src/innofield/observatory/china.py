"""China provincial innovation index and dashboard helpers over the S&T yearbook panels.

Input: the long tables of ``china_provinces/`` (``province, year, chn_block4, value, units,
variables``), concatenated with :func:`load_china_panel`. The framework (documented in
``examples/china/README.md``) has three pillars — inputs, outputs, diffusion — of ratio
indicators built by denominating yearbook counts by GDP (derived as R&D spending ÷ R&D
intensity), R&D spending, researchers and public budget, so that large and small provinces
compare fairly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .ccd import coupling_coordination, subsystem_scores
from .china_framework import (
    CHINA_SPEC,
    INDICATORS,
    PROVINCES,
    SOURCE_VARIABLES,
    china_imeta,
)
from .inequality import coefficient_of_variation, gini, theil_decomposition
from .networks import net_flows
from .openness import OPENNESS_INDICATORS, OPENNESS_SOURCE_VARIABLES
from .pipeline import CompositeIndex


def load_china_panel(folder: str | Path) -> pd.DataFrame:
    """Concatenate the long-format yearbook CSVs of a folder (files with a ``variables`` column)."""
    parts = []
    for path in sorted(Path(folder).glob("*.csv")):
        head = pd.read_csv(path, nrows=0)
        if {"province", "year", "variables", "value"} <= set(head.columns):
            parts.append(pd.read_csv(path, usecols=["province", "year", "variables", "value"]))
    if not parts:
        raise ValueError(f"{folder}: no long-format yearbook CSVs found")
    return pd.concat(parts, ignore_index=True).drop_duplicates(["province", "year", "variables"])


def _check_panel(panel: pd.DataFrame) -> None:
    missing = [c for c in ("province", "year", "variables", "value") if c not in panel.columns]
    if missing:
        raise ValueError(f"{missing[0]}: column missing from the yearbook panel")


def _sources(openness: bool) -> dict[str, str]:
    return {**SOURCE_VARIABLES, **(OPENNESS_SOURCE_VARIABLES if openness else {})}


def china_idata(panel: pd.DataFrame, year: int, openness: bool = False) -> pd.DataFrame:
    """COINr ``iData`` for one year: 31 provinces, group, denominators, raw indicator counts
    (with ``openness=True`` also the openness pillar's counts and denominators)."""
    _check_panel(panel)
    sources = _sources(openness)
    sub = panel[(panel["year"] == year) & panel["variables"].isin(list(sources))]
    wide = sub.pivot_table(index="province", columns="variables", values="value", aggfunc="first")
    wide = wide.rename(columns=sources).reindex(columns=list(sources.values()))
    wide = wide.reindex(list(PROVINCES))
    out = pd.DataFrame(
        {
            "uCode": [PROVINCES[p][0] for p in wide.index],
            "uName": [f"{PROVINCES[p][1]} {p}" for p in wide.index],
            "Region_group": [PROVINCES[p][2] for p in wide.index],
        }
    )
    vals = wide.reset_index(drop=True)
    out["D_GDP"] = vals["RDSpend100m"] / (vals["RDIntensity"] / 100)  # 亿元
    extra = ("HitechNPSales",) if openness else ()
    for col in ("RDSpend", "Researchers", "PublicBudget", "PatentApps", *extra):
        out[f"D_{col}"] = vals[col]
    for code, *_ in INDICATORS + (OPENNESS_INDICATORS if openness else []):
        out[code] = vals[code]
    return out


def china_years(panel: pd.DataFrame, openness: bool = False) -> list[int]:
    """Years in which every source variable has data for at least 28 of the 31 provinces."""
    _check_panel(panel)
    sources = _sources(openness)
    sub = panel[panel["variables"].isin(list(sources)) & panel["province"].isin(PROVINCES)]
    counts = sub.dropna(subset=["value"]).groupby(["year", "variables"])["province"].nunique()
    table = counts.unstack().reindex(columns=list(sources))
    ok = (table >= 28).all(axis=1)
    return [int(y) for y in table.index[ok]]


def build_china_index(
    panel: pd.DataFrame,
    years: list[int] | None = None,
    spec: dict | None = None,
    openness: bool = False,
) -> tuple[dict[int, CompositeIndex], pd.DataFrame]:
    """Build the index for every year the data allows; returns (index per year, long results).

    ``openness=True`` adds the openness pillar (foreign-funded share of R&D, exported share of
    high-tech new-product sales; 2016 on), built by the same spec as the other pillars.
    """
    years = years if years is not None else china_years(panel, openness)
    if not years:
        raise ValueError("year: no year has data for every indicator")
    imeta = china_imeta(openness)
    built, rows = {}, []
    for year in years:
        idata = china_idata(panel, year, openness)
        idx = CompositeIndex(spec or CHINA_SPEC).fit(idata, imeta)
        built[year] = idx
        rows.append(idx.results_.assign(year=year))
    return built, pd.concat(rows, ignore_index=True)


def innovation_ccd(index: CompositeIndex, variant: str = "standard") -> pd.DataFrame:
    """CCD between a province's innovation subsystems (inputs, outputs, diffusion).

    Subsystem scores are entropy-weighted sums of the treated indicators, min–max standardised
    (the CCD-paper convention), so U ∈ [0, 1].
    """
    fw = index.framework_
    data = index.datasets_["Treated"]
    subsystems = {p: fw.children(p) for p in fw.codes_by_level[2]}
    u, _ = subsystem_scores(data, subsystems, fw.direction)
    res = coupling_coordination(u, variant=variant)
    return pd.concat([u, res], axis=1)


def rd_inequality(panel: pd.DataFrame, variable: str = "v4_zh_nbzc_hj") -> pd.DataFrame:
    """Gini, CV and Theil (between/within east-centre-west) of R&D spending across provinces,
    per year."""
    _check_panel(panel)
    sub = panel[(panel["variables"] == variable) & panel["province"].isin(PROVINCES)].dropna(
        subset=["value"]
    )
    if sub.empty:
        raise ValueError(f"{variable}: no data for this variable")
    rows = []
    for year, g in sub.groupby("year"):
        y = g["value"].to_numpy(float)
        regions = [PROVINCES[p][2] for p in g["province"]]
        th = theil_decomposition(y, regions)
        rows.append(
            {
                "year": int(str(year)),
                "provinces": len(y),
                "gini": gini(y),
                "cv": coefficient_of_variation(y),
                "theil": th["T"],
                "theil_between": th["between"],
                "theil_within": th["within"],
                "between_share": th["between_share"],
            }
        )
    return pd.DataFrame(rows)


def tech_market_flows(panel: pd.DataFrame, year: int) -> pd.DataFrame:
    """Technology-market turnover exported (MarketPush) vs absorbed (MarketPull) by province."""
    _check_panel(panel)
    sub = panel[(panel["year"] == year) & panel["province"].isin(PROVINCES)]
    exp = sub[sub["variables"] == "v4_cg_jssc_je"].set_index("province")["value"]
    imp = sub[sub["variables"] == "v4_cg_jssr_je"].set_index("province")["value"]
    if exp.empty or imp.empty:
        raise ValueError(f"year: no technology-market data for {year}")
    out = net_flows(exports=exp, imports=imp)
    out.insert(0, "uCode", [PROVINCES[p][0] for p in out.index])
    out.index.name = "province"
    out["net_share_of_exports"] = np.where(out["exports"] > 0, out["net"] / out["exports"], np.nan)
    return out


def china_uncertainty(index: CompositeIndex, n_runs: int = 500, seed: int = 0) -> pd.DataFrame:
    """Median rank and 5–95 % band of one year's index under winsorisation limit 1–5,
    min–max vs z-score normalisation, ±25 % pillar weights and arithmetic vs geometric mean."""
    from .uncertainty import UncertaintyAnalysis

    factors: list[dict[str, Any]] = [
        {"name": "winmax", "step": "treat", "param": "winmax", "values": [1, 2, 3, 4, 5]},
        {
            "name": "normalisation",
            "step": "normalise",
            "options": [
                {"method": "minmax", "l_u": [1, 100]},
                {"method": "zscore", "m_sd": [10, 2]},
            ],
        },
        {"name": "weights", "noise": {2: 0.25}, "n_sets": 200},
        {
            "name": "aggregation",
            "step": "aggregate",
            "param": "method",
            "values": ["arithmetic", "geometric"],
        },
    ]
    ua = UncertaintyAnalysis(factors, n_runs=n_runs, seed=seed).fit(index)
    return ua.rank_stats_.sort_values("Nominal")
