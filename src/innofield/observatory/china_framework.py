"""The China provincial innovation index framework: provinces, yearbook variables, indicators,
pillars, denominators and the build spec (documented in ``examples/china/README.md``)."""

from __future__ import annotations

import pandas as pd

from .openness import OPENNESS_DENOMINATORS, OPENNESS_INDICATORS, OPENNESS_PILLAR

PROVINCES: dict[str, tuple[str, str, str]] = {
    "北京": ("BJ", "Beijing", "east"),
    "天津": ("TJ", "Tianjin", "east"),
    "河北": ("HE", "Hebei", "east"),
    "山西": ("SX", "Shanxi", "centre"),
    "内蒙古": ("NM", "Inner Mongolia", "west"),
    "辽宁": ("LN", "Liaoning", "east"),
    "吉林": ("JL", "Jilin", "centre"),
    "黑龙江": ("HL", "Heilongjiang", "centre"),
    "上海": ("SH", "Shanghai", "east"),
    "江苏": ("JS", "Jiangsu", "east"),
    "浙江": ("ZJ", "Zhejiang", "east"),
    "安徽": ("AH", "Anhui", "centre"),
    "福建": ("FJ", "Fujian", "east"),
    "江西": ("JX", "Jiangxi", "centre"),
    "山东": ("SD", "Shandong", "east"),
    "河南": ("HA", "Henan", "centre"),
    "湖北": ("HB", "Hubei", "centre"),
    "湖南": ("HN", "Hunan", "centre"),
    "广东": ("GD", "Guangdong", "east"),
    "广西": ("GX", "Guangxi", "west"),
    "海南": ("HI", "Hainan", "east"),
    "重庆": ("CQ", "Chongqing", "west"),
    "四川": ("SC", "Sichuan", "west"),
    "贵州": ("GZ", "Guizhou", "west"),
    "云南": ("YN", "Yunnan", "west"),
    "西藏": ("XZ", "Tibet", "west"),
    "陕西": ("SN", "Shaanxi", "west"),
    "甘肃": ("GS", "Gansu", "west"),
    "青海": ("QH", "Qinghai", "west"),
    "宁夏": ("NX", "Ningxia", "west"),
    "新疆": ("XJ", "Xinjiang", "west"),
}

# yearbook variable code → column name used in iData (counts and denominators)
SOURCE_VARIABLES: dict[str, str] = {
    "v4_ztr_qd_RD": "RDIntensity",  # R&D expenditure / GDP, %
    "v4_ztr_jf_RD": "RDSpend100m",  # R&D expenditure, 亿元 (for GDP)
    "v4_zh_nbzc_hj": "RDSpend",  # intramural R&D expenditure, 万元
    "v4_zh_nbzc_jcyj": "BasicResearch",  # of which basic research, 万元
    "v4_zh_nbzc_qyzj": "BusinessFunds",  # of which funded by enterprises, 万元
    "v4_zh_qsdl_yjry": "Researchers",  # researchers, FTE person-years
    "v6_cz_yszc_hj": "PublicBudget",  # public budget expenditure, 亿元
    "v6_cz_yszc_kxjs": "PublicST",  # of which science and technology, 亿元
    "v4_cg_zlsq_hj": "PatentApps",  # patent applications
    "v4_cg_zlsq_fm": "InventionApps",  # invention patent applications
    "v4_cg_zlsq2_fm": "InventionGrants",  # invention patents granted
    "v4_cg_zlsyx_fm": "ValidInventions",  # valid invention patents
    "v4_cg_gwlw_pssci": "SCIPapers",  # SCI papers
    "v4_cg_jssc_je": "TechExport",  # technology-market turnover exported, 万元
    "v4_cg_jssr_je": "TechImport",  # technology-market turnover absorbed, 万元
}

DENOMINATORS = ("D_GDP", "D_RDSpend", "D_Researchers", "D_PublicBudget", "D_PatentApps")
# iCode, name, pillar, direction, weight, denominator
INDICATORS: list[tuple[str, str, str, int, float, str | None]] = [
    ("RDIntensity", "R&D expenditure as % of GDP", "Inputs", 1, 1, None),
    ("BasicResearch", "Basic research share of R&D expenditure", "Inputs", 1, 1, "D_RDSpend"),
    ("BusinessFunds", "Enterprise-funded share of R&D expenditure", "Inputs", 1, 1, "D_RDSpend"),
    ("PublicST", "S&T share of public budget expenditure", "Inputs", 1, 1, "D_PublicBudget"),
    ("Researchers", "Researchers (FTE) per 100 million yuan GDP", "Inputs", 1, 1, "D_GDP"),
    (
        "InventionGrants",
        "Invention patents granted per 100 million yuan GDP",
        "Outputs",
        1,
        1,
        "D_GDP",
    ),
    (
        "ValidInventions",
        "Valid invention patents per 100 million yuan GDP",
        "Outputs",
        1,
        1,
        "D_GDP",
    ),
    ("InventionApps", "Invention share of patent applications", "Outputs", 1, 1, "D_PatentApps"),
    ("SCIPapers", "SCI papers per researcher (FTE)", "Outputs", 1, 1, "D_Researchers"),
    ("TechExport", "Technology exported (contract turnover) per GDP", "Diffusion", 1, 1, "D_GDP"),
    ("TechImport", "Technology absorbed (contract turnover) per GDP", "Diffusion", 1, 1, "D_GDP"),
]
PILLARS = {
    "Inputs": "Innovation inputs 创新投入",
    "Outputs": "Innovation outputs 创新产出",
    "Diffusion": "Technology diffusion 技术扩散",
}

CHINA_SPEC: dict = {
    "name": "China provincial innovation index",
    "levels": ["Indicator", "Pillar", "Index"],
    "steps": [
        {"step": "denominate"},
        {"step": "impute", "method": "mean_group", "group": "Region_group"},
        {"step": "screen", "method": "byNA", "dat_thresh": 0.8},
        {"step": "treat", "winmax": 5},
        {"step": "normalise", "method": "minmax", "l_u": [0, 100]},
        {"step": "aggregate", "method": "arithmetic"},
    ],
}


def china_imeta(openness: bool = False) -> pd.DataFrame:
    """The framework as COINr ``iMeta`` (indicators, pillars, index, group, denominators);
    ``openness=True`` adds the openness pillar of :mod:`innofield.observatory.openness`."""
    indicators = INDICATORS + (OPENNESS_INDICATORS if openness else [])
    pillars = {**PILLARS, **(dict([OPENNESS_PILLAR]) if openness else {})}
    denominators = DENOMINATORS + (OPENNESS_DENOMINATORS if openness else ())
    rows = [
        {
            "Level": 1,
            "iCode": c,
            "iName": n,
            "Direction": d,
            "Weight": w,
            "Parent": p,
            "Type": "Indicator",
            "Denominator": den,
        }
        for c, n, p, d, w, den in indicators
    ]
    rows += [
        {
            "Level": 2,
            "iCode": p,
            "iName": n,
            "Direction": 1,
            "Weight": 1,
            "Parent": "Index",
            "Type": "Aggregate",
            "Denominator": None,
        }
        for p, n in pillars.items()
    ]
    rows.append(
        {
            "Level": 3,
            "iCode": "Index",
            "iName": "Provincial innovation index 区域创新指数",
            "Direction": 1,
            "Weight": 1,
            "Parent": None,
            "Type": "Aggregate",
            "Denominator": None,
        }
    )
    rows.append(
        {
            "Level": None,
            "iCode": "Region_group",
            "iName": "East / centre / west",
            "Direction": None,
            "Weight": None,
            "Parent": None,
            "Type": "Group",
            "Denominator": None,
        }
    )
    rows += [
        {
            "Level": None,
            "iCode": d,
            "iName": d,
            "Direction": None,
            "Weight": None,
            "Parent": None,
            "Type": "Denominator",
            "Denominator": None,
        }
        for d in denominators
    ]
    return pd.DataFrame(rows)
