"""API schemas of the registry."""

from __future__ import annotations

from ninja import Schema


class RegionOut(Schema):
    """A region."""

    code: str
    level: str
    name_zh: str
    name_en: str
    zone: str
    parent: str | None = None

    @staticmethod
    def resolve_parent(obj: object) -> str | None:
        """The parent's code."""
        parent = getattr(obj, "parent", None)
        return parent.code if parent is not None else None


class OrganizationOut(Schema):
    """An organization."""

    id: int
    code: str
    type: str
    name_zh: str
    name_en: str
    region: str
    host: str | None = None
    fields: list[str]
    flags: list[str]
    synthetic: bool
    country: str
    country_name: str
    parent_company: str = ""
    parent_country: str = ""

    @staticmethod
    def resolve_region(obj: object) -> str:
        """The home region's code."""
        return obj.region.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_host(obj: object) -> str | None:
        """The host institution's code."""
        host = getattr(obj, "host", None)
        return host.code if host is not None else None


class RegionPage(Schema):
    """A page of regions."""

    count: int
    items: list[RegionOut]


class OrganizationPage(Schema):
    """A page of organizations."""

    count: int
    items: list[OrganizationOut]


class OrganizationIn(Schema):
    """A new organisation: at home ``region`` is a region code in China; abroad it may be
    left out (the country's region is used). Foreign-funded R&D centres
    (``type`` ``foreign_rd_centre``) name ``parent_company`` and ``parent_country``."""

    code: str
    name_zh: str
    name_en: str = ""
    type: str
    country: str = "CN"
    region: str | None = None
    parent_company: str = ""
    parent_country: str = ""
    fields: list[str] = []
    website: str = ""
    synthetic: bool = False


class CooperationBaseOut(Schema):
    """An international S&T cooperation base or joint lab."""

    code: str
    name_zh: str
    name_en: str
    kind: str
    host: str
    host_region: str
    partner_countries: list[str]
    partner_names: list[str]
    year: int | None = None
    source: str
    synthetic: bool

    @staticmethod
    def resolve_host(obj: object) -> str:
        """The host organisation's code."""
        return obj.host.code  # type: ignore[attr-defined]

    @staticmethod
    def resolve_host_region(obj: object) -> str:
        """The host's region code."""
        return obj.host.region.code  # type: ignore[attr-defined]


class CooperationBaseIn(Schema):
    """A new cooperation base: ``kind`` one of innovation_park, joint_research_centre,
    technology_transfer_centre, demonstration_base, joint_lab; ``host`` an organisation code
    in China; ``partner_countries`` alpha-2 codes abroad; ``source`` the public list (or
    ``synthetic`` true)."""

    code: str
    name_zh: str
    name_en: str = ""
    kind: str
    host: str
    partner_countries: list[str]
    year: int | None = None
    source: str = ""
    synthetic: bool = False


class CooperationBasePage(Schema):
    """A page of cooperation bases."""

    count: int
    items: list[CooperationBaseOut]
