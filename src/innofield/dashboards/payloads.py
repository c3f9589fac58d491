"""Dashboard payloads from the China yearbook panel: pure functions, no Django.

Each function takes the long panel (``province, year, variables, value``) or fitted indices
and returns JSON-ready dicts (NaN → ``None``) that the pages and the API serve unchanged.
All numbers come from :mod:`innofield.observatory.china`; nothing here re-implements them.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from innofield.observatory.china import (
    build_china_index,
    china_uncertainty,
    innovation_ccd,
    rd_inequality,
    tech_market_flows,
)
from innofield.observatory.china_framework import INDICATORS, PILLARS, PROVINCES
from innofield.observatory.inequality import theil_decomposition
from innofield.observatory.pipeline import CompositeIndex

#: uCode → (short Chinese name, English name, east/centre/west)
UNITS = {code: (zh, en, group) for zh, (code, en, group) in PROVINCES.items()}
PILLAR_CODES = list(PILLARS)
#: Uncertainty analysis settings of the cached index (see ``china_uncertainty``).
UA_RUNS = 500
UA_SEED = 0
#: Intramural R&D expenditure (万元), the variable of the inequality dashboard.
RD_SPENDING = "v4_zh_nbzc_hj"


def number(value: Any) -> float | None:
    """A float for JSON, ``None`` for missing or non-finite values."""
    if value is None:
        return None
    out = float(value)
    return out if math.isfinite(out) else None


def _unit(code: str) -> dict[str, Any]:
    zh, en, group = UNITS[code]
    return {"uCode": code, "province": zh, "name_en": en, "group": group}


def index_payload(year: int, index: CompositeIndex, bands: pd.DataFrame) -> dict[str, Any]:
    """Ranked table of one year's index: score, rank, pillar scores/ranks, 5–95 % rank band."""
    res = index.results_.set_index("uCode")
    band_of: dict[Any, Any] = bands.to_dict("index")
    rows = []
    for code, r in res.sort_values(["Index_Rank", "uCode"]).iterrows():
        band = band_of.get(code)
        rows.append(
            {
                **_unit(str(code)),
                "score": number(r["Index"]),
                "rank": number(r["Index_Rank"]),
                "pillars": {p: number(r[p]) for p in PILLAR_CODES},
                "pillar_ranks": {p: number(r[f"{p}_Rank"]) for p in PILLAR_CODES},
                "rank_median": number(band["Median"]) if band is not None else None,
                "rank_q5": number(band["Q5"]) if band is not None else None,
                "rank_q95": number(band["Q95"]) if band is not None else None,
            }
        )
    return {
        "year": year,
        "pillars": [{"code": p, "name": PILLARS[p]} for p in PILLAR_CODES],
        "indicators": [{"code": c, "name": n, "pillar": p} for c, n, p, *_ in INDICATORS],
        "uncertainty": {"runs": UA_RUNS, "seed": UA_SEED},
        "rows": rows,
    }


def index_history(long: pd.DataFrame) -> dict[str, Any]:
    """Index score of every province in every year (long results of ``build_china_index``)."""
    wide = long.pivot_table(index="uCode", columns="year", values="Index", aggfunc="first")
    years = [int(y) for y in wide.columns]
    series = [
        {**_unit(str(code)), "scores": [number(v) for v in row]}
        for code, row in zip(wide.index, wide.to_numpy(), strict=True)
    ]
    return {"years": years, "series": series}


def ccd_payload(year: int, index: CompositeIndex) -> dict[str, Any]:
    """Coupling coordination between the three pillars of every province, ranked by D."""
    table = innovation_ccd(index).sort_values(["D"], ascending=False)
    rows = [
        {
            **_unit(str(code)),
            "U": {p: number(r[p]) for p in PILLAR_CODES},
            "C": number(r["C"]),
            "T": number(r["T"]),
            "D": number(r["D"]),
            "grade": str(r["grade"]),
            "grade_zh": str(r["grade_zh"]),
        }
        for code, r in table.iterrows()
    ]
    return {"year": year, "subsystems": PILLAR_CODES, "variant": "standard", "rows": rows}


def inequality_payload(panel: pd.DataFrame) -> dict[str, Any]:
    """Gini, CV and Theil (between/within east–centre–west) of R&D spending, per year."""
    table = rd_inequality(panel)
    rows = [
        {k: (int(v) if k in ("year", "provinces") else number(v)) for k, v in r.items()}
        for r in table.to_dict("records")
    ]
    return {"variable": RD_SPENDING, "groups": "east/centre/west", "rows": rows}


def zone_decomposition(
    panel: pd.DataFrame, zones: dict[str, str], variable: str = RD_SPENDING
) -> dict[str, Any]:
    """Theil of ``variable`` split between and within the platform's economic zones
    (``Region.zone``: east, central, west, northeast), with each zone's share, per year."""
    sub = panel[(panel["variables"] == variable) & panel["province"].isin(list(zones))]
    sub = sub.dropna(subset=["value"])
    labels = sorted(set(zones.values()))
    rows = []
    for year, g in sub.groupby("year"):
        values = g["value"].to_numpy(float)
        groups = [zones[p] for p in g["province"]]
        th = theil_decomposition(values, groups)
        shares = {z: float(values[[x == z for x in groups]].sum() / values.sum()) for z in labels}
        rows.append(
            {
                "year": int(str(year)),
                "provinces": len(values),
                "theil": number(th["T"]),
                "theil_between": number(th["between"]),
                "theil_within": number(th["within"]),
                "between_share": number(th["between_share"]),
                "shares": shares,
            }
        )
    return {"groups": labels, "rows": rows}


def flows_payload(year: int, panel: pd.DataFrame) -> dict[str, Any]:
    """Technology-market turnover exported vs absorbed by province (万元), net first."""
    table = tech_market_flows(panel, year).sort_values("net", ascending=False)
    rows = [
        {
            **_unit(str(r["uCode"])),
            "exports": number(r["exports"]),
            "imports": number(r["imports"]),
            "net": number(r["net"]),
            "role": str(r["role"]),
            "net_share_of_exports": number(r["net_share_of_exports"]),
        }
        for _, r in table.iterrows()
    ]
    return {"year": year, "unit": "万元", "rows": rows}


def flow_years(panel: pd.DataFrame) -> list[int]:
    """Years in which both exported and absorbed turnover are present for some province."""
    sub = panel[panel["province"].isin(PROVINCES)]
    push = set(sub.loc[sub["variables"] == "v4_cg_jssc_je", "year"].astype(int))
    pull = set(sub.loc[sub["variables"] == "v4_cg_jssr_je", "year"].astype(int))
    return sorted(push & pull)


def compute_all(
    panel: pd.DataFrame, zones: dict[str, str] | None = None
) -> dict[tuple[str, int | None], dict[str, Any]]:
    """Every dashboard payload, keyed by (dashboard, year or ``None``), plus a ``summary``.

    ``zones`` maps short province names to economic zones for the second inequality
    decomposition (empty: ``zones`` in the payload has no rows).

    Raises ``ValueError`` naming the problem if the panel lacks the data for the index.
    """
    built, long = build_china_index(panel)
    history = index_history(long)
    out: dict[tuple[str, int | None], dict[str, Any]] = {}
    for year, index in built.items():
        bands = china_uncertainty(index, UA_RUNS, UA_SEED)
        out[("index", year)] = {**index_payload(year, index, bands), "history": history}
        out[("ccd", year)] = ccd_payload(year, index)
    fyears = flow_years(panel)
    for year in fyears:
        out[("flows", year)] = flows_payload(year, panel)
    out[("inequality", None)] = {
        **inequality_payload(panel),
        "zones": zone_decomposition(panel, zones or {}),
    }
    out[("summary", None)] = {
        "index_years": sorted(built),
        "ccd_years": sorted(built),
        "flow_years": fyears,
        "inequality_years": [r["year"] for r in out[("inequality", None)]["rows"]],
        "source_rows": len(panel),
    }
    return out
