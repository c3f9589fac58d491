"""International actors in the registry: countries abroad in the region tree, organisations
abroad, foreign-funded R&D centres and international S&T cooperation bases.

The region tree has one root per country (level ``country``, ``code`` = ISO 3166-1
alpha-2). ``CN`` holds the provinces, cities and districts; a country abroad is a root
without sub-regions, created on first use by :func:`country_region` with its names from
ISO 3166 (pycountry). An organisation abroad has ``country`` = that code and ``region`` =
that root; an organisation in China keeps ``country`` = ``CN`` and a region under ``CN``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from innofield.core import audit
from innofield.core.countries import HOME, CodeError, country_name, normalize_country
from innofield.core.errors import FieldError, PermissionDenied, ValidationFailed
from innofield.core.permissions import Actor, is_platform_admin

from .models import CooperationBase, Organization, Region, root_of

#: The earliest year a cooperation base may be recognised in (the national programme
#: of international S&T cooperation bases started in the 2000s; 1980 leaves room).
FIRST_YEAR = 1980


def country_region(code: str) -> Region:
    """The root region of a country (level ``country``, code = alpha-2), created on first
    use with its Chinese and English names from ISO 3166; :class:`CodeError` on a bad code."""
    code = normalize_country(code)
    region = Region.objects.filter(code=code).first()
    if region is None:
        with translation.override("zh-hans"):
            zh = country_name(code)
        with translation.override("en"):
            en = country_name(code)
        try:
            with transaction.atomic():
                region = Region.objects.create(
                    code=code, level=Region.Level.COUNTRY, name_zh=zh, name_en=en
                )
        except IntegrityError:  # created meanwhile by another request
            region = Region.objects.get(code=code)
    if region.level != Region.Level.COUNTRY:
        raise CodeError(f"region {code} exists but is not a country")
    return region


def home_region() -> Region | None:
    """The home country's root region (``CN``), ``None`` before the regions are loaded."""
    return Region.objects.filter(code=HOME, level=Region.Level.COUNTRY).first()


def region_country(region: Region) -> str:
    """The country a region lies in: its root's code when the root is a country, else HOME."""
    root = root_of(region)
    return root.code if root.level == Region.Level.COUNTRY else HOME


def _errors(exc: DjangoValidationError) -> list[FieldError]:
    return [FieldError(f, " ".join(m)) for f, m in exc.message_dict.items()]


def register_organization(
    *,
    actor: Actor,
    code: str,
    name_zh: str,
    type: str,
    country: str = HOME,
    region: str | None = None,
    name_en: str = "",
    parent_company: str = "",
    parent_country: str = "",
    fields: list[str] | None = None,
    website: str = "",
    synthetic: bool = False,
) -> Organization:
    """Register an organisation (platform admins). At home ``region`` is a region code in
    China; abroad it may be left out: the organisation goes to its country's region. A
    foreign-funded R&D centre names its parent company and the parent's country."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(gettext("only platform admins may register organisations"))
    errors: list[FieldError] = []
    try:
        country = normalize_country(country)
    except CodeError as exc:
        errors.append(FieldError("country", str(exc)))
    if Organization.objects.filter(code=code).exists():
        errors.append(FieldError("code", gettext("%(code)s is taken") % {"code": repr(code)}))
    place = None
    if region:
        place = Region.objects.filter(code=region).first()
        if place is None:
            errors.append(
                FieldError("region", gettext("no region with code %(code)s") % {"code": region})
            )
    elif not errors and country == HOME:
        errors.append(FieldError("region", gettext("is required for an organisation in China")))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if place is None:
            place = country_region(country)
        org = Organization(
            code=code,
            name_zh=name_zh,
            name_en=name_en,
            type=type,
            country=country,
            region=place,
            parent_company=parent_company,
            parent_country=parent_country,
            fields=fields or [],
            website=website,
            synthetic=synthetic,
        )
        try:
            org.full_clean(exclude=["host"])
        except DjangoValidationError as exc:
            raise ValidationFailed(_errors(exc)) from None
        org.save()
        audit.record(
            actor,
            "registry.organization.register",
            org,
            {"code": code, "type": type, "country": country, "region": place.code},
        )
    return org


def record_cooperation_base(
    *,
    actor: Actor,
    code: str,
    name_zh: str,
    kind: str,
    host: str,
    partner_countries: list[str],
    name_en: str = "",
    year: int | None = None,
    source: str = "",
    synthetic: bool = False,
) -> CooperationBase:
    """Record an international S&T cooperation base or joint lab (platform admins): its
    kind, its host in China, one or more partner countries abroad, the year it was
    recognised and the public list it comes from (a real row needs ``source``; an invented
    one is ``synthetic``)."""
    if actor is not None and not is_platform_admin(actor):
        raise PermissionDenied(gettext("only platform admins may record cooperation bases"))
    errors: list[FieldError] = []
    if not code or len(code) > 40:
        errors.append(FieldError("code", gettext("must be 1–40 characters")))
    elif CooperationBase.objects.filter(code=code).exists():
        errors.append(FieldError("code", gettext("%(code)s is taken") % {"code": repr(code)}))
    if not (name_zh or "").strip():
        errors.append(FieldError("name_zh", gettext("is required")))
    if kind not in CooperationBase.Kind.values:
        errors.append(
            FieldError(
                "kind",
                gettext("unknown kind %(kind)s; expected one of %(kinds)s")
                % {"kind": repr(kind), "kinds": ", ".join(CooperationBase.Kind.values)},
            )
        )
    org = Organization.objects.select_related("region").filter(code=host).first()
    if org is None:
        errors.append(
            FieldError("host", gettext("no organization with code %(code)s") % {"code": host})
        )
    elif org.abroad:
        errors.append(FieldError("host", gettext("must be an organisation in China")))
    partners: list[str] = []
    if not isinstance(partner_countries, list) or not partner_countries:
        errors.append(FieldError("partner_countries", gettext("name at least one country")))
    else:
        for text in partner_countries:
            try:
                partner = normalize_country(str(text))
            except CodeError as exc:
                errors.append(FieldError("partner_countries", str(exc)))
                continue
            if partner == HOME:
                errors.append(
                    FieldError("partner_countries", gettext("partners are countries abroad"))
                )
            elif partner not in partners:
                partners.append(partner)
    this_year = datetime.date.today().year
    if year is not None and not FIRST_YEAR <= year <= this_year:
        errors.append(
            FieldError(
                "year",
                gettext("must be from %(first)s to %(last)s")
                % {"first": FIRST_YEAR, "last": this_year},
            )
        )
    if not synthetic and not (source or "").strip():
        errors.append(
            FieldError("source", gettext("name the public list, or mark the row synthetic"))
        )
    if errors or org is None:
        raise ValidationFailed(errors)
    with transaction.atomic():
        base = CooperationBase.objects.create(
            code=code,
            name_zh=name_zh.strip(),
            name_en=name_en.strip(),
            kind=kind,
            host=org,
            partner_countries=partners,
            year=year,
            source=source.strip(),
            synthetic=synthetic,
        )
        audit.record(
            actor,
            "registry.cooperation_base.record",
            base,
            {"code": code, "kind": kind, "host": host, "partners": partners},
        )
    return base
