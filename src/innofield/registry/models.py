"""Registry models: who and where in a regional innovation system."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


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
    """A region in a hierarchy: country › province › city › district."""

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

    permission_owner = "pk"
    permission_public = Q()

    class Meta:
        ordering = ["code"]


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
