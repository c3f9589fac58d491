"""Registry models: who and where in a regional innovation system."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innofield.core.countries import HOME, CodeError, country_name, normalize_country


def validate_country(value: str) -> None:
    """Model-field validator: ``value`` must be an ISO 3166-1 alpha-2 code (any case)."""
    try:
        normalize_country(value)
    except CodeError as exc:
        raise ValidationError(str(exc), code="country") from None


class Bilingual(models.Model):
    """Abstract base for things named in Chinese and English."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the other one."""
        if (get_language() or "en").startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh


class Region(Bilingual):
    """A region in a hierarchy: country › province › city › district.

    Countries are the roots, level ``country`` with their ISO 3166-1 alpha-2 code as
    ``code``: ``CN`` holds the provinces; a country abroad is a root of its own without
    sub-regions, created on first use by :func:`innofield.registry.international.country_region`.
    """

    class Level(models.TextChoices):
        COUNTRY = "country", _("country")
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        DISTRICT = "district", _("district")

    code = models.CharField(max_length=20, unique=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    zone = models.CharField(
        _("economic zone"),
        max_length=20,
        blank=True,
        help_text="e.g. east, central, west, northeast",
    )
    attributes = models.JSONField(default=dict, blank=True)

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["code"]


class Alliance(Bilingual):
    """A cross-regional alliance of regions, e.g. a river-delta alliance."""

    code = models.CharField(max_length=40, unique=True)
    regions = models.ManyToManyField(Region, related_name="alliances")
    description = models.TextField(blank=True)

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["code"]


class Organization(Bilingual):
    """An enterprise, university, institute, lab, agency, financier or government body."""

    class Type(models.TextChoices):
        LARGE_ENTERPRISE = "large_enterprise", _("large enterprise")
        SME = "sme", _("small or medium enterprise")
        SPECIALIZED_SME = "specialized_sme", _("specialized and innovative SME")
        UNIVERSITY = "university", _("university")
        RESEARCH_INSTITUTE = "research_institute", _("research institute")
        STATE_KEY_LAB = "state_key_lab", _("state key laboratory")
        NEW_RD_INSTITUTION = "new_rd_institution", _("new R&D institution")
        PUBLIC_INSTITUTION = "public_institution", _("public institution")
        FINANCIAL_INSTITUTION = "financial_institution", _("financial institution")
        SERVICE_AGENCY = "service_agency", _("service agency")
        GOVERNMENT = "government", _("government")
        FOREIGN_RD_CENTRE = "foreign_rd_centre", _("foreign-funded R&D centre")

    code = models.CharField(max_length=40, unique=True)
    type = models.CharField(max_length=30, choices=Type.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organizations")
    host = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted",
        help_text="host institution, e.g. the university that hosts a key laboratory",
    )
    fields = models.JSONField(default=list, blank=True, help_text="fields of work")
    flags = models.JSONField(default=list, blank=True, help_text="e.g. high_tech, listed")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    synthetic = models.BooleanField(default=False)
    attributes = models.JSONField(default=dict, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default=HOME,
        db_index=True,
        validators=[validate_country],
        help_text="ISO 3166-1 alpha-2 code of the country the organisation is in",
    )
    parent_company = models.CharField(
        _("parent company"),
        max_length=200,
        blank=True,
        help_text="foreign-funded R&D centres: the company abroad that owns the centre",
    )
    parent_country = models.CharField(
        _("parent company's country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="ISO 3166-1 alpha-2 code of the parent company's country",
    )

    permission_owner = "pk"
    permission_public = Q()

    class Meta:
        ordering = ["code"]

    @property
    def country_name(self) -> str:
        """The country's name in the active language."""
        return country_name(self.country)

    @property
    def parent_country_name(self) -> str:
        """The parent company's country named in the active language ("" when none)."""
        return country_name(self.parent_country) if self.parent_country else ""

    @property
    def abroad(self) -> bool:
        """Whether the organisation is outside the platform's home country."""
        return self.country != HOME

    def clean(self) -> None:
        """Codes in upper case; a foreign-funded R&D centre names its parent company and
        the parent's country (abroad); only such centres name a parent; the region lies in
        the organisation's country (see :func:`check_country`)."""
        errors: dict[str, list[str]] = {}
        for name in ("country", "parent_country"):
            value = getattr(self, name)
            if value:
                try:
                    setattr(self, name, normalize_country(value))
                except CodeError as exc:
                    errors.setdefault(name, []).append(str(exc))
        self.parent_company = (self.parent_company or "").strip()
        if self.type == self.Type.FOREIGN_RD_CENTRE:
            if not self.parent_company:
                errors.setdefault("parent_company", []).append(
                    str(_("a foreign-funded R&D centre names its parent company"))
                )
            if not self.parent_country:
                errors.setdefault("parent_country", []).append(
                    str(_("a foreign-funded R&D centre names its parent company's country"))
                )
            elif self.parent_country == HOME and "parent_country" not in errors:
                errors.setdefault("parent_country", []).append(
                    str(_("the parent company of a foreign-funded R&D centre is abroad"))
                )
        elif self.parent_company or self.parent_country:
            field = "parent_company" if self.parent_company else "parent_country"
            errors.setdefault(field, []).append(
                str(_("only foreign-funded R&D centres name a parent company"))
            )
        if self.region_id is not None and "country" not in errors:
            problem = check_country(self.country, self.region)
            if problem:
                errors.setdefault("country", []).append(problem)
        if errors:
            raise ValidationError(errors)


def root_of(region: Region) -> Region:
    """The top of ``region``'s hierarchy (a country when the tree is complete)."""
    seen = 0
    while region.parent_id is not None and seen < 10:
        region = region.parent  # type: ignore[assignment]
        seen += 1
    return region


def check_country(country: str, region: Region) -> str:
    """Why an organisation of ``country`` may not sit in ``region`` ("" when it may):
    an organisation abroad sits in its country's region; one at home never in a country
    abroad."""
    root = root_of(region)
    if root.level != Region.Level.COUNTRY:
        return ""
    if country != HOME and root.code != country:
        return str(
            _("an organisation in %(country)s has the region %(code)s (its country)")
            % {"country": country_name(country), "code": country}
        )
    if country == HOME and root.code != HOME:
        return str(
            _("the region %(region)s is abroad: set the country to %(code)s")
            % {"region": region.code, "code": root.code}
        )
    return ""


class Person(Bilingual):
    """An expert: a person with fields of expertise, affiliated with an organization."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    title = models.CharField(max_length=100, blank=True)
    fields = models.JSONField(default=list, blank=True)
    bio = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    synthetic = models.BooleanField(default=False)

    permission_owner = "organization"
    permission_public = Q(public=True)

    class Meta:
        ordering = ["name_en", "name_zh"]
        verbose_name_plural = "people"


class Membership(models.Model):
    """A user's role in an organization (member, manager, officer or admin)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        MANAGER = "manager", _("manager")
        OFFICER = "officer", _("programme officer")
        ADMIN = "admin", _("administrator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    permission_owner = "organization"
    permission_public = None

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_role_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.code} ({self.role})"


class CooperationBase(models.Model):
    """An international S&T cooperation base or joint laboratory hosted by an organisation
    in China: one of the categories of the national international S&T cooperation bases
    (国家国际科技合作基地) named by the Ministry of Science and Technology, or a joint lab
    with partners abroad; ``partner_countries`` are ISO 3166-1 alpha-2 codes; ``source``
    names the public list a real row comes from, ``synthetic`` marks invented rows."""

    class Kind(models.TextChoices):
        INNOVATION_PARK = "innovation_park", _("international innovation park")
        JOINT_RESEARCH_CENTRE = "joint_research_centre", _("international joint research centre")
        TECHNOLOGY_TRANSFER_CENTRE = (
            "technology_transfer_centre",
            _("international technology transfer centre"),
        )
        DEMONSTRATION_BASE = (
            "demonstration_base",
            _("demonstration base of international S&T cooperation"),
        )
        JOINT_LAB = "joint_lab", _("joint laboratory")

    code = models.CharField(max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, db_index=True)
    host = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cooperation_bases"
    )
    partner_countries = models.JSONField(
        _("partner countries"), default=list, help_text="ISO 3166-1 alpha-2 codes"
    )
    year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    synthetic = models.BooleanField(default=False)

    permission_owner = "host"
    permission_public = Q()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the active language, falling back to the other one."""
        if (get_language() or "en").startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh

    @property
    def partner_names(self) -> list[str]:
        """The partner countries named in the active language."""
        return [country_name(c) for c in self.partner_countries]
