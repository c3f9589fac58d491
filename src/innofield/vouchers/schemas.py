"""API schemas of the vouchers app; amounts in fen, ratios in basis points."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import StringConstraints

from innofield.core.api import PageOf
from innofield.core.schemas import Code, PositiveFen, WriteSchema


class ProgrammeIn(WriteSchema):
    """A new programme; regions and organizations by code."""

    code: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    issuer_region: str
    officer_org: str
    budget: PositiveFen
    issuer_alliance: str | None = None
    co_funding_bp: int
    cap_per_firm_year: PositiveFen
    max_per_contract: PositiveFen | None = None
    split_window_days: int = 30
    valid_from: dt.date
    valid_to: dt.date
    eligible_org_types: list[str] = []
    max_employees: int | None = None
    eligible_regions: list[str] = []
    provider_regions: list[str] = []
    service_kinds: list[str] = []
    modes: list[str] = ["reimburse", "direct"]


class ProgrammeOut(Schema):
    """A programme with its terms and budget account."""

    id: int
    code: str
    name: str
    issuer_region: str
    officer_org: str
    budget: int
    account: str
    granted_account: str
    co_funding_bp: int
    cap_per_firm_year: int
    max_per_contract: int | None
    split_window_days: int
    valid_from: dt.date
    valid_to: dt.date
    eligible_org_types: list[str]
    max_employees: int | None
    eligible_regions: list[str]
    provider_regions: list[str]
    service_kinds: list[str]
    modes: list[str]
    status: str

    @staticmethod
    def resolve_issuer_region(obj: Any) -> str:
        """Region code."""
        return str(obj.issuer_region.code)

    @staticmethod
    def resolve_officer_org(obj: Any) -> str:
        """Organization code."""
        return str(obj.officer_org.code)

    @staticmethod
    def resolve_account(obj: Any) -> str:
        """Budget account code."""
        return str(obj.account.code)

    @staticmethod
    def resolve_granted_account(obj: Any) -> str:
        """Granted account code."""
        return str(obj.granted_account.code)


#: One page of programmes.
ProgrammePage = PageOf[ProgrammeOut]


class GrantIn(WriteSchema):
    """A grant request."""

    key: str
    firm: str
    amount: PositiveFen


class GrantOut(Schema):
    """A grant."""

    id: int
    key: str
    programme: str
    firm: str
    amount: int
    redeemed: int
    released: int
    remaining: int
    year: int
    expires_on: dt.date
    status: str

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        """Programme code."""
        return str(obj.programme.code)

    @staticmethod
    def resolve_firm(obj: Any) -> str:
        """Firm code."""
        return str(obj.firm.code)


#: One page of grants.
GrantPage = PageOf[GrantOut]


class RedeemIn(WriteSchema):
    """A redemption against ``evidence`` the platform holds (``booking:<id>`` or
    ``milestone:<id>``); ``price`` defaults to, and may not exceed, the evidence's value."""

    key: Code
    provider: Code
    price: PositiveFen | None = None
    service_kind: Code = ""
    evidence: Code
    mode: Code
    item_id: int | None = None


class RedemptionOut(Schema):
    """A redemption."""

    id: int
    key: str
    grant_id: int
    firm: str
    provider: str
    service_kind: str
    mode: str
    price: int
    subsidy: int
    evidence: str
    issuer_region: str
    provider_region: str
    transfers: list[int]
    status: str
    clawback_reason: str
    created: dt.datetime

    @staticmethod
    def resolve_firm(obj: Any) -> str:
        """Firm code."""
        return str(obj.grant.firm.code)

    @staticmethod
    def resolve_provider(obj: Any) -> str:
        """Provider code."""
        return str(obj.provider.code)


#: One page of redemptions.
RedemptionPage = PageOf[RedemptionOut]


class ClawbackIn(WriteSchema):
    """Why a redemption is clawed back."""

    reason: str


class SettlementOut(Schema):
    """A settlement batch; ``net`` lists ``{payer, payee, amount, transfer}``."""

    id: int
    created: dt.datetime
    claims: int
    gross: int
    net: list[dict[str, Any]]


class CreditLineIn(WriteSchema):
    """A joint credit line: ``shares`` maps bank codes (lead included) to basis points."""

    code: str
    firm: str
    lead_bank: str
    limit: PositiveFen
    shares: dict[str, int]


class CreditLineOut(Schema):
    """A joint credit line with its score explained."""

    id: int
    code: str
    firm: str
    lead_bank: str
    limit: int
    drawn: int
    score: int
    explanation: list[dict[str, Any]]
    shares: dict[str, int]
    status: str

    @staticmethod
    def resolve_firm(obj: Any) -> str:
        """Firm code."""
        return str(obj.firm.code)

    @staticmethod
    def resolve_lead_bank(obj: Any) -> str:
        """Lead bank code."""
        return str(obj.lead_bank.code)

    @staticmethod
    def resolve_shares(obj: Any) -> dict[str, int]:
        """Bank code → basis points."""
        return {s.bank.code: s.share_bp for s in obj.shares.all()}


class DrawIn(WriteSchema):
    """A drawdown, once per key."""

    key: str
    amount: PositiveFen
