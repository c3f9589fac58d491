"""API schemas of computing: typed write bodies (``WriteSchema``) and the answers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, StrictInt

from innofield.core.api import PageOf
from innofield.core.schemas import MAX_FEN, Code, PositiveFen, Title, WriteSchema

Resource = Literal["gpu", "cpu", "storage"]


class OfferIn(WriteSchema):
    """Capacity a provider publishes at a cluster: units per hour of a resource in a
    window, the price per unit in fen and the green-power share in percent; optionally an
    off-peak tariff — the off-peak price per unit in fen (> 0, ≤ ``price_fen``) and its
    daily hours ``offpeak_start``–``offpeak_end`` (``HH:MM``, Beijing time, may wrap
    midnight), all three or none."""

    provider: Code
    cluster: Code
    resource: Resource
    units_per_hour: StrictInt = Field(ge=1, le=1_000_000)
    price_fen: PositiveFen
    green_pct: StrictInt = Field(0, ge=0, le=100)
    starts_at: dt.datetime
    ends_at: dt.datetime
    offpeak_price_fen: StrictInt | None = Field(None, ge=-MAX_FEN, le=MAX_FEN)
    offpeak_start: dt.time | None = None
    offpeak_end: dt.time | None = None


class JobIn(WriteSchema):
    """A computing job: size in units of a resource, where the data lies (province
    code), the residency rule, the deadline, whether it may wait for a better hour, an
    optional latency limit and an optional computing-voucher grant id."""

    organization: Code
    title: Title
    hardware: Resource
    units: StrictInt = Field(ge=1, le=1_000_000)
    data_province: Code
    residency: Literal["none", "province", "zone"] = "none"
    deadline: dt.datetime
    delay_tolerant: bool = True
    max_latency_ms: StrictInt | None = Field(None, ge=1, le=10_000)
    voucher: StrictInt | None = Field(None, ge=1)


class RunIn(WriteSchema):
    """An allocation run's objective, horizon in hourly windows and time limit (s)."""

    objective: Literal["cost", "carbon", "latency", "weighted"] = "weighted"
    windows: StrictInt = Field(24, ge=1, le=168)
    time_limit: float = Field(5.0, gt=0, le=60)


class ClusterOut(Schema):
    """A data-centre cluster with its hub and reference figures."""

    code: str
    name_zh: str
    name_en: str
    hub: str
    hub_zh: str
    hub_en: str
    role: str
    provinces: list[str]
    site_zh: str
    site_en: str
    lat: float
    lon: float
    pue_target: float
    grid_g_per_kwh: int
    grid_published: bool
    electricity_fen_per_kwh: int
    offers: int


class OfferOut(Schema):
    """An offer."""

    id: int
    provider: str
    cluster: str
    resource: str
    units_per_hour: int
    price_fen: int
    green_pct: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    offpeak_price_fen: int | None = None
    offpeak_start: dt.time | None = None
    offpeak_end: dt.time | None = None
    state: str
    synthetic: bool


#: A page of offers.
OfferPage = PageOf[OfferOut]


class PlacementOut(Schema):
    """Where a run placed a job and why."""

    run: int
    offer: int
    cluster: str
    provider: str
    window_start: dt.datetime
    units: int
    price_fen: int
    offpeak: bool
    amount_fen: int
    carbon_g: int
    latency_ms: float
    active: bool
    explanation: dict[str, Any]


class UsageOut(Schema):
    """Metered usage and its settlement."""

    id: int
    units: int
    amount_fen: int
    carbon_g: int
    metered_at: dt.datetime
    settled_at: dt.datetime | None
    transfer_key: str
    redemption_id: int | None
    subsidy_fen: int
    due_fen: int = 0


class JobOut(Schema):
    """A computing job with its placement and usage."""

    id: int
    organization: str
    title: str
    hardware: str
    units: int
    data_province: str
    residency: str
    deadline: dt.datetime
    delay_tolerant: bool
    max_latency_ms: int | None
    voucher: int | None
    state: str
    note: str
    moves: list[str]
    placement: PlacementOut | None = None
    usage: UsageOut | None = None


#: A page of jobs.
JobPage = PageOf[JobOut]


class RunStarted(Schema):
    """The background job that runs the allocation."""

    job: int
    state: str


class RunPage(Schema):
    """The latest allocation runs."""

    items: list[dict[str, Any]]


class DashboardOut(Schema):
    """The dashboard's figures."""

    data: dict[str, Any]


class ProviderPlacementOut(Schema):
    """A job placed on one of the provider's offers: the customer's job, its state, the
    placement (offer, cluster, hour, units, money) and the usage with its settlement."""

    placement: int
    job: int
    title: str
    organization: str
    state: str
    hardware: str
    offer: int
    cluster: str
    cluster_zh: str
    cluster_en: str
    window_start: dt.datetime
    units: int
    price_fen: int
    offpeak: bool
    amount_fen: int
    carbon_g: int
    usage: UsageOut | None = None


#: A page of the jobs placed on a provider's offers.
ProviderPlacementPage = PageOf[ProviderPlacementOut]
