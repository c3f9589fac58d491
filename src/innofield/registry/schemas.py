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
