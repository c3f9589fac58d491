"""Kinds of supply and demand, and the kind-specific details each one accepts.

Details are validated with pydantic models that forbid unknown fields, so a typo in
an import file is an error naming the field, not silently stored data.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

from django.utils.translation import gettext_noop
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    #: Fields of the item that were invented (e.g. the demo's owner and TRL of a real
    #: abstract); pages mark them.
    synthetic_fields: list[str] = Field(default_factory=list, max_length=20)


class CoOwner(_Details):
    """A co-owner of a technology besides the item's owner, and its share of the rights."""

    organization: str = Field(min_length=1, max_length=40, description="organization code")
    share: str = Field(description='decimal string in (0, 1), e.g. "0.35"; at most 6 places')

    @field_validator("share", mode="before")
    @classmethod
    def _decimal_share(cls, value: object) -> str:
        if isinstance(value, float | bool):
            raise ValueError('give the share as a decimal string such as "0.35"')
        try:
            share = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise ValueError(f"{value!r} is not a decimal number") from None
        if not share.is_finite() or not 0 < share < 1:
            raise ValueError("must be greater than 0 and less than 1")
        if share.as_tuple().exponent < -6:  # type: ignore[operator]
            raise ValueError("at most 6 decimal places")
        return str(share)


class TechnologyDetails(_Details):
    """A technology or research achievement: patent, know-how, software.

    ``co_owners`` records who else owns the rights and with which share; the item's
    owner holds the rest. A market listing takes its owners and shares from here.
    """

    ip_status: Literal[
        "patent_granted", "patent_pending", "know_how", "software_copyright", "publication", "none"
    ] = "none"
    patent_numbers: list[str] = Field(default_factory=list)
    trade_modes: list[Literal["transfer", "license", "equity", "development", "consulting"]] = (
        Field(default_factory=list)
    )
    field: str = ""
    doi: str = ""
    co_owners: list[CoOwner] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _owner_keeps_a_share(self) -> TechnologyDetails:
        codes = [c.organization for c in self.co_owners]
        if len(set(codes)) != len(codes):
            raise ValueError("co_owners: an organization is listed twice")
        if sum((Decimal(c.share) for c in self.co_owners), Decimal(0)) >= 1:
            raise ValueError("co_owners: the shares must leave the owner more than 0")
        return self


class InstrumentDetails(_Details):
    """A large scientific instrument or facility."""

    category: str = ""
    manufacturer: str = ""
    model: str = ""
    purchase_year: int | None = Field(default=None, ge=1950, le=2100)
    value_cny: float | None = Field(default=None, ge=0)
    location: str = ""
    capabilities: list[str] = Field(default_factory=list)


class ServiceDetails(_Details):
    """A technical or business service."""

    service_type: Literal[
        "testing",
        "proof_of_concept",
        "incubation",
        "ip",
        "valuation",
        "legal",
        "finance",
        "consulting",
        "training",
        "pilot_production",
    ]
    turnaround_days: int | None = Field(default=None, ge=0, le=3650)
    accreditation: list[str] = Field(default_factory=list)


class ExpertDetails(_Details):
    """An expert's offer of consulting or collaboration."""

    person_id: int | None = None
    fields: list[str] = Field(default_factory=list)
    hours_per_month: int | None = Field(default=None, ge=0, le=744)


class ComputingDetails(_Details):
    """Computing capacity offered by a hub."""

    cpu_cores: int = Field(default=0, ge=0)
    gpus: int = Field(default=0, ge=0)
    gpu_model: str = ""
    storage_tb: float = Field(default=0, ge=0)
    pue: float | None = Field(default=None, ge=1.0, le=3.0)
    green_power_share: float | None = Field(default=None, ge=0, le=1)
    security_level: int | None = Field(default=None, ge=1, le=5)


class CapitalDetails(_Details):
    """A capital product: loan, fund, credit line, insurance."""

    product_type: Literal["loan", "fund", "credit_line", "insurance", "guarantee"]
    amount_min_cny: float | None = Field(default=None, ge=0)
    amount_max_cny: float | None = Field(default=None, ge=0)
    annual_rate: float | None = Field(default=None, ge=0, le=1)


class SpaceDetails(_Details):
    """Space: incubator, laboratory, office or pilot plant."""

    space_type: Literal["incubator", "laboratory", "office", "pilot_plant", "cleanroom"]
    area_m2: float = Field(gt=0)


class DatasetDetails(_Details):
    """A dataset offered for use."""

    records: int | None = Field(default=None, ge=0)
    format: str = ""
    licence: str = ""
    access: Literal["open", "restricted", "by_agreement"] = "by_agreement"


ITEM_KINDS: dict[str, type[_Details]] = {
    "technology": TechnologyDetails,
    "instrument": InstrumentDetails,
    "service": ServiceDetails,
    "expert": ExpertDetails,
    "computing": ComputingDetails,
    "capital": CapitalDetails,
    "space": SpaceDetails,
    "dataset": DatasetDetails,
}

#: Kinds for which a technology readiness level (1–9) is meaningful.
TRL_KINDS = frozenset({"technology", "instrument", "dataset"})


class TechnologyNeedDetails(_Details):
    """What a firm needs a technology for."""

    target_trl: int | None = Field(default=None, ge=1, le=9)
    cooperation: list[Literal["transfer", "license", "joint_development", "consulting"]] = Field(
        default_factory=list
    )


class InstrumentNeedDetails(_Details):
    """Measurements a firm needs done."""

    samples: int | None = Field(default=None, ge=0)
    hours: float | None = Field(default=None, ge=0)


class FinanceNeedDetails(_Details):
    """Finance a firm is looking for."""

    instrument: Literal["loan", "equity", "credit_line", "grant", "any"] = "any"


class TalentNeedDetails(_Details):
    """People a firm is looking for."""

    positions: int = Field(default=1, ge=1)
    fields: list[str] = Field(default_factory=list)


DEMAND_KINDS: dict[str, type[_Details]] = {
    "technology": TechnologyNeedDetails,
    "instrument": InstrumentNeedDetails,
    "finance": FinanceNeedDetails,
    "talent": TalentNeedDetails,
}

# Kind names as translatable strings, so templates can show ``{% translate item.kind %}``.
_KIND_LABELS = (
    gettext_noop("technology"),
    gettext_noop("instrument"),
    gettext_noop("service"),
    gettext_noop("expert"),
    gettext_noop("computing"),
    gettext_noop("capital"),
    gettext_noop("space"),
    gettext_noop("dataset"),
    gettext_noop("finance"),
    gettext_noop("talent"),
)
