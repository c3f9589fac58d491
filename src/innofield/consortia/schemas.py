"""API schemas of alliances and joint projects (money in fen)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from innofield.core.api import PageOf
from innofield.core.schemas import Code, Count, Fen, LongText, Memo, PositiveFen, Title, WriteSchema


class AllianceIn(WriteSchema):
    """A new alliance led by ``lead`` (an organisation code); fees in fen per year by role."""

    code: Code
    name_zh: Title
    lead: Code
    name_en: Title = ""
    kind: Code = "technology_innovation_alliance"
    charter: LongText = ""
    region: Code = ""
    founded_on: dt.date | None = None
    fees: dict[Code, Fen] = Field(default_factory=dict, max_length=4)
    source: Memo = ""


class ApplyIn(WriteSchema):
    """An organisation's application to join in a role (core, ordinary, observer)."""

    organization: Code
    role: Code = "ordinary"
    motivation: Memo = ""


class MembershipActIn(WriteSchema):
    """A decision on a membership; ``role`` may change the role on approval."""

    role: Code = ""


class FeeIn(WriteSchema):
    """The year whose fee is paid."""

    year: Count


class PoolIn(WriteSchema):
    """An item pooled at member terms; an instrument's ``member_price_fen`` per hour
    becomes its booking policy's member tier."""

    item: Count
    terms: Memo = ""
    member_price_fen: Fen | None = None


class MembershipOut(Schema):
    """A membership."""

    id: int
    organization: str
    organization_name: str
    role: str
    state: str
    synthetic: bool


class PoolOut(Schema):
    """A pooled resource."""

    id: int
    item: int
    kind: str
    title: str
    owner: str
    terms: str
    member_price_fen: int | None = None


class AllianceOut(Schema):
    """An alliance with its members (applications only to the lead and the applicants)."""

    code: str
    name_zh: str
    name_en: str
    kind: str
    lead: str
    region: str | None = None
    founded_on: dt.date | None = None
    charter: str
    fees: dict[str, int]
    account: str
    fees_paid_fen: int
    source: str
    state: str
    synthetic: bool
    members: list[MembershipOut] = Field(default_factory=list)


#: A page of alliances.
AlliancePage = PageOf[AllianceOut]


class ProjectIn(WriteSchema):
    """A new joint project (a draft) led by ``lead``."""

    code: Code
    title: Title
    lead: Code
    budget_fen: PositiveFen
    summary: LongText = ""
    alliance: Code = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class PartnerIn(WriteSchema):
    """A partner and its budget (or a new budget of an existing partner)."""

    organization: Code
    budget_fen: Fen


class PackageIn(WriteSchema):
    """A work package led by a partner."""

    code: Code
    title: Title
    leader: Code
    description: Memo = ""


class MilestoneIn(WriteSchema):
    """A milestone with its deliverables and payment."""

    title: Title
    amount_fen: Fen
    due_on: dt.date | None = None
    deliverables: list[Title] = Field(default_factory=list, max_length=30)
    package: Code = ""


class FundingIn(WriteSchema):
    """A funder's payment into the project's escrow."""

    funder: Code
    amount_fen: PositiveFen
    programme: Title = ""


class BackgroundIn(WriteSchema):
    """A background IP a partner brings (stays its own)."""

    organization: Code
    title: Title


class IPAgreementIn(WriteSchema):
    """Foreground shares in percent per partner code (decimal strings), summing to 100."""

    shares: dict[Code, Code] = Field(max_length=50)
    background: list[BackgroundIn] = Field(default_factory=list, max_length=100)
    terms: LongText = ""


class ResultIn(WriteSchema):
    """A project result, registered as a co-owned catalog technology."""

    title: Title
    description: LongText = ""
    ip_status: Code = "none"
    field: Code = ""
    trl: int | None = Field(default=None, ge=1, le=9)


class MilestoneActIn(WriteSchema):
    """Evidence (submit) or a review note (accept/reject)."""

    evidence: LongText = ""
    review: Memo = ""


class PartnerOut(Schema):
    """A partner with its budget and foreground share (percent)."""

    organization: str
    organization_name: str
    region: str
    role: str
    budget_fen: int
    ip_share: str | None = None


class MilestoneOut(Schema):
    """A milestone."""

    id: int
    seq: int
    title: str
    package: str | None = None
    due_on: dt.date | None = None
    amount_fen: int
    deliverables: list[str]
    evidence: str
    review: str
    state: str
    payments: list[dict[str, Any]]


class ProjectOut(Schema):
    """A joint project with its consortium, money, milestones, IP agreement and results."""

    code: str
    title: str
    summary: str
    lead: str
    alliance: str | None = None
    state: str
    regions: list[str]
    cross_region: bool
    money: dict[str, int]
    partners: list[PartnerOut]
    packages: list[dict[str, str]]
    milestones: list[MilestoneOut]
    fundings: list[dict[str, Any]]
    ip_agreement: dict[str, Any] | None = None
    results: list[int]
    synthetic: bool


class ProjectBrief(Schema):
    """A project in a list."""

    code: str
    title: str
    lead: str
    state: str
    budget_fen: int
    synthetic: bool


#: A page of projects.
ProjectPage = PageOf[ProjectBrief]


class ResultOut(Schema):
    """A registered result: the catalog item and its owners' shares."""

    item: int
    owner: str
    co_owners: list[dict[str, str]]
