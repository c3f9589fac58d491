"""Openness indicators of provinces from the S&T yearbook panels, and a GII-style openness pillar.

Inputs are the long yearbook tables (``province, year, variables, value``; see
:func:`innofield.observatory.china.load_china_panel`). What the shipped panels hold:

- ``RDSource`` — intramural R&D expenditure by source of funds (万元): ``v4_zh_nbzc_hj``
  total, ``v4_zh_nbzc_gwzj`` funds from abroad (国外资金), 2010–2023. The yearbook leaves the
  foreign line blank for some provinces (Tibet every year, Qinghai and Ningxia in several);
  a blank stays missing here, it is not read as zero.
- ``IndustryRD`` — high-tech industry (万元), 2016–2023: ``v4_cy_jsgz_yjzc`` spending on
  technology imported from abroad (技术引进经费支出), ``v4_cy_RDhd_nbzc`` its intramural R&D
  expenditure, ``v4_cy_xcp_xssr`` new-product sales and ``v4_cy_xcp_ck`` of which exported.
- R&D expenditure paid to institutions abroad (``v4_zh_wbzc_jwjg``, 对境外机构支出) is defined
  in ``varsList`` but no shipped panel has values for it; :func:`rd_spending_abroad` computes
  it for panels that do and says so otherwise.

The pillar (``OPENNESS_*``: foreign-funded share of R&D, exported share of high-tech
new-product sales) plugs into the provincial index: ``china_imeta(openness=True)``,
``china_idata(..., openness=True)`` and ``build_china_index(..., openness=True)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

RD_TOTAL = "v4_zh_nbzc_hj"
FOREIGN_FUNDS = "v4_zh_nbzc_gwzj"
SPEND_ABROAD = "v4_zh_wbzc_jwjg"
HT_TECH_IMPORT = "v4_cy_jsgz_yjzc"
HT_RD = "v4_cy_RDhd_nbzc"
HT_NP_SALES = "v4_cy_xcp_xssr"
HT_NP_EXPORT = "v4_cy_xcp_ck"

#: yearbook variable → iData column of the openness pillar (counts and denominators).
#: Technology-import spending is not in the pillar: only 18–24 of 31 provinces report it.
OPENNESS_SOURCE_VARIABLES: dict[str, str] = {
    FOREIGN_FUNDS: "ForeignFunds",
    HT_NP_EXPORT: "NewProductExports",
    HT_NP_SALES: "HitechNPSales",
}
OPENNESS_DENOMINATORS = ("D_HitechNPSales",)
OPENNESS_PILLAR = ("Openness", "Openness 开放创新")
# iCode, name, pillar, direction, weight, denominator (same layout as china_framework.INDICATORS)
OPENNESS_INDICATORS: list[tuple[str, str, str, int, float, str | None]] = [
    ("ForeignFunds", "Share of R&D expenditure funded from abroad", "Openness", 1, 1, "D_RDSpend"),
    (
        "NewProductExports",
        "Exported share of high-tech new-product sales",
        "Openness",
        1,
        1,
        "D_HitechNPSales",
    ),
]


def panel_wide(panel: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    """One row per (province, year), one column per yearbook variable (missing stays NaN)."""
    missing = [c for c in ("province", "year", "variables", "value") if c not in panel.columns]
    if missing:
        raise ValueError(f"{missing[0]}: column missing from the yearbook panel")
    sub = panel[panel["variables"].isin(variables)]
    wide = sub.pivot_table(
        index=["province", "year"], columns="variables", values="value", aggfunc="first"
    )
    return wide.reindex(columns=variables)


def _ratio(
    panel: pd.DataFrame, num: str, den: str, names: tuple[str, str, str], what: str
) -> pd.DataFrame:
    wide = panel_wide(panel, [num, den])
    if wide[num].notna().sum() == 0:
        raise ValueError(f"{num}: the panel has no values for {what}")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = wide[num] / wide[den].where(wide[den] > 0)
    out = pd.DataFrame({names[0]: wide[num], names[1]: wide[den], names[2]: share})
    out = out.dropna(subset=[names[1]]).reset_index()
    out["year"] = out["year"].astype(int)
    return out.sort_values(["province", "year"], ignore_index=True)


def foreign_funding_share(panel: pd.DataFrame) -> pd.DataFrame:
    """Per province and year: R&D funds from abroad, total intramural R&D expenditure (both
    万元) and the share funded from abroad (``RDSource``; missing where the yearbook is blank)."""
    return _ratio(
        panel,
        FOREIGN_FUNDS,
        RD_TOTAL,
        ("foreign_funds", "rd_spend", "foreign_share"),
        "R&D funds from abroad (RDSource 国外资金)",
    )


def rd_spending_abroad(panel: pd.DataFrame) -> pd.DataFrame:
    """Per province and year: R&D expenditure paid to institutions abroad (万元) and its ratio
    to intramural R&D expenditure. Needs ``v4_zh_wbzc_jwjg``, which the shipped panels lack."""
    return _ratio(
        panel,
        SPEND_ABROAD,
        RD_TOTAL,
        ("spend_abroad", "rd_spend", "abroad_ratio"),
        "R&D spending abroad (对境外机构支出; not in the shipped panels)",
    )


def technology_import_spending(panel: pd.DataFrame) -> pd.DataFrame:
    """Per province and year: high-tech industry spending on technology imported from abroad,
    its intramural R&D expenditure (万元) and their ratio (``IndustryRD``, 2016–)."""
    return _ratio(
        panel,
        HT_TECH_IMPORT,
        HT_RD,
        ("tech_import", "hitech_rd", "tech_import_ratio"),
        "high-tech industry technology imports (IndustryRD 技术引进经费支出)",
    )


def new_product_export_share(panel: pd.DataFrame) -> pd.DataFrame:
    """Per province and year: high-tech new-product exports, new-product sales (万元) and the
    exported share (``IndustryRD``, 2016–)."""
    return _ratio(
        panel,
        HT_NP_EXPORT,
        HT_NP_SALES,
        ("np_exports", "np_sales", "export_share"),
        "high-tech new-product exports (IndustryRD 出口)",
    )


def openness_indicators(panel: pd.DataFrame) -> pd.DataFrame:
    """The three openness ratios side by side per province and year (outer join; a ratio is
    missing where its source is)."""
    keys = ["province", "year"]
    parts = [
        foreign_funding_share(panel)[[*keys, "foreign_share"]],
        technology_import_spending(panel)[[*keys, "tech_import_ratio"]],
        new_product_export_share(panel)[[*keys, "export_share"]],
    ]
    out = parts[0]
    for part in parts[1:]:
        out = out.merge(part, on=keys, how="outer")
    return out.sort_values(keys, ignore_index=True)
