"""API schemas of talent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from innofield.core.api import PageOf
from innofield.core.schemas import Code, Fen, LongText, Memo, Title, WriteSchema

Words = list[Code]


class ProfileIn(WriteSchema):
    """A new profile (private until its person consents). ``user``: admins only, a
    username to create the profile for; ``on_behalf`` with no user: a person without an
    account."""

    name: Title
    kind: Code = "researcher"
    fields: Words = Field(default_factory=list, max_length=30)
    skills: Words = Field(default_factory=list, max_length=30)
    organization: Code = ""
    region: Code = ""
    languages: Words = Field(default_factory=list, max_length=30)
    consults_across_regions: bool = False
    bio: LongText = ""
    on_behalf: bool = False
    user: Code = ""


class ConsentIn(WriteSchema):
    """What the person agrees to show; ``basis`` cites their request when an admin acts."""

    shown: Words = Field(default_factory=list, max_length=20)
    basis: Memo = ""


class WithdrawIn(WriteSchema):
    """A withdrawal; ``basis`` cites the person's request when an admin acts."""

    basis: Memo = ""


class MoveIn(WriteSchema):
    """A move to another organisation and region on a date."""

    to_region: Code
    moved_on: dt.date
    to_organization: Code = ""
    from_organization: Code = ""
    from_region: Code = ""
    basis: Memo = ""


class DemandIn(WriteSchema):
    """An organisation's search for an expert."""

    code: Code
    organization: Code
    title: Title
    field: Code = ""
    skills: Words = Field(default_factory=list, max_length=30)
    description: LongText = ""
    region: Code = ""
    languages: Words = Field(default_factory=list, max_length=30)
    needs_mobility: bool = False


class ProfileOut(Schema):
    """A profile as the caller may see it: parts not consented to are absent."""

    id: int
    name: str
    kind: str
    state: str
    shown: list[str]
    synthetic: bool
    fields: list[str] | None = None
    skills: list[str] | None = None
    organization: str | None = None
    region: str | None = None
    languages: list[str] | None = None
    consults_across_regions: bool | None = None
    bio: str | None = None
    history: list[dict[str, Any]] | None = None


#: One page of profiles.
ProfilePage = PageOf[ProfileOut]


class DemandOut(Schema):
    """A talent demand."""

    code: str
    organization: str
    title: str
    field: str
    skills: list[str]
    description: str
    region: str
    languages: list[str]
    needs_mobility: bool
    state: str
    synthetic: bool


#: One page of talent demands.
DemandPage = PageOf[DemandOut]


class MatchOut(Schema):
    """A ranked person for a demand, with why."""

    profile: ProfileOut
    score: float
    rank: int
    matched_terms: dict[str, list[str]]
    filters: list[str]


class FlowsOut(Schema):
    """Talent flows between provinces in a period."""

    start: dt.date
    end: dt.date
    provinces: list[dict[str, str]]
    matrix: list[list[int]]
    totals: list[dict[str, Any]]
    moves: int


class ConsultationIn(WriteSchema):
    """A request for hours of an expert's time on a date, for an organisation."""

    organization: Code
    topic: Title
    wanted_on: dt.date
    starts_at: dt.time | None = Field(
        None, description="local start time in the expert's zone; empty: a whole-day request"
    )
    hours: int = Field(1, ge=1, le=8)


class ConsultationActIn(WriteSchema):
    """``fee_fen`` when accepting; ``basis`` when an admin acts for the expert."""

    fee_fen: Fen | None = None
    basis: Memo = ""


class ConsultationOut(Schema):
    """A consultation."""

    id: int
    profile: int
    expert: str
    organization: str
    topic: str
    hours: int
    wanted_on: dt.date
    starts_at: str | None
    fee_fen: int | None
    payee: str
    transfer_key: str
    paid_fen: int
    voucher_fen: int
    due_fen: int
    state: str


class WeeklyRange(Schema):
    """One weekly range: weekday 0 (Monday) … 6 (Sunday), local ``HH:MM`` start and end."""

    day: int
    start: str
    end: str


class AvailabilityIn(WriteSchema):
    """The expert's consultation calendar; ``basis`` when an admin acts for the person."""

    accepts_requests: bool = True
    zone: str = Field("Asia/Shanghai", max_length=64)
    weekly: list[WeeklyRange] = Field(default_factory=list, max_length=70)
    max_hours_day: int | None = None
    max_hours_week: int | None = None
    days_off: list[dt.date] = Field(default_factory=list, max_length=400)
    basis: Memo = ""


class AvailabilityOut(Schema):
    """The calendar as shown; ``set`` is false while the person has set none."""

    set: bool
    accepts_requests: bool
    zone: str = ""
    weekly: list[WeeklyRange] = []
    max_hours_day: int | None = None
    max_hours_week: int | None = None
    days_off: list[str] = []
    lines: list[str] = []


#: One page of consultations.
ConsultationPage = PageOf[ConsultationOut]
