"""API schemas of the observatory dashboards (the cached payloads, typed for OpenAPI)."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class Unit(Schema):
    """A province as the observatory names it."""

    uCode: str
    province: str
    name_en: str
    group: str


class IndexRow(Unit):
    """One province in one year's index: score, rank, pillars and the 5–95 % rank band."""

    score: float | None
    rank: float | None
    pillars: dict[str, float | None]
    pillar_ranks: dict[str, float | None]
    rank_median: float | None
    rank_q5: float | None
    rank_q95: float | None


class Code(Schema):
    """A framework element."""

    code: str
    name: str
    pillar: str | None = None


class HistorySeries(Unit):
    """One province's index score per year (``None`` where it was not computed)."""

    scores: list[float | None]


class IndexHistory(Schema):
    """Index scores of every province over the years."""

    years: list[int]
    series: list[HistorySeries]


class IndexOut(Schema):
    """The provincial innovation index of one year, ranked."""

    year: int
    years: list[int]
    computed_at: str
    pillars: list[Code]
    indicators: list[Code]
    uncertainty: dict[str, int]
    rows: list[IndexRow]
    history: IndexHistory


class CcdRow(Unit):
    """Coupling coordination of one province's subsystems (U per pillar, C, T, D, grade)."""

    U: dict[str, float | None]
    C: float | None
    T: float | None
    D: float | None
    grade: str
    grade_zh: str


class CcdOut(Schema):
    """Coupling coordination of every province in one year, ranked by D."""

    year: int
    years: list[int]
    computed_at: str
    subsystems: list[str]
    variant: str
    rows: list[CcdRow]


class InequalityRow(Schema):
    """Inequality of R&D spending across provinces in one year."""

    year: int
    provinces: int
    gini: float | None
    cv: float | None
    theil: float | None
    theil_between: float | None
    theil_within: float | None
    between_share: float | None


class ZoneRow(Schema):
    """Theil of R&D spending between and within economic zones in one year, zone shares."""

    year: int
    provinces: int
    theil: float | None
    theil_between: float | None
    theil_within: float | None
    between_share: float | None
    shares: dict[str, float]


class ZoneDecomposition(Schema):
    """The Theil decomposition by the platform's economic zones (``Region.zone``)."""

    groups: list[str]
    rows: list[ZoneRow]


class InequalityOut(Schema):
    """Gini, CV and Theil (between/within east–centre–west) of R&D spending over time."""

    variable: str
    groups: str
    computed_at: str
    rows: list[InequalityRow]
    zones: ZoneDecomposition


class FlowRow(Unit):
    """Technology-market turnover exported and absorbed by one province (万元)."""

    exports: float | None
    imports: float | None
    net: float | None
    role: str
    net_share_of_exports: float | None


class FlowsOut(Schema):
    """Net technology-market flows of every province in one year, net exporters first."""

    year: int
    years: list[int]
    computed_at: str
    unit: str
    rows: list[FlowRow]


class SummaryOut(Schema):
    """Which years each dashboard has and when the cache was computed."""

    index_years: list[int]
    ccd_years: list[int]
    flow_years: list[int]
    inequality_years: list[int]
    source_rows: int
    computed_at: str


class NetworkNodeOut(Schema):
    """An organisation in the collaboration network."""

    code: str
    name_zh: str
    name_en: str
    type: str
    region_zh: str
    region_en: str
    degree: int
    strength: float
    betweenness: float
    community: int
    participation: float
    communities_reached: int
    within_z: float
    role: str
    core_number: int
    in_core: bool
    x: float
    y: float


class NetworkLinkOut(Schema):
    """A pair of organisations, its summed weight and the records behind it by kind."""

    source: str
    target: str
    weight: float
    kinds: dict[str, int]


class NetworkOut(Schema):
    """The collaboration network of the kinds selected."""

    nodes: list[NetworkNodeOut]
    links: list[NetworkLinkOut]
    communities: list[dict[str, Any]]
    modularity: float | None
    summary: dict[str, Any]
    selected: list[str]


class OpennessRow(Schema):
    """One province's openness from platform records."""

    province: str
    name_zh: str
    name_en: str
    deals_abroad: int
    projects_abroad: int
