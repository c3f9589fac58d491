"""Admin views of the registry."""

from django.contrib import admin

from .models import Alliance, CooperationBase, Membership, Organization, Person, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Regions."""

    list_display = ("code", "name_zh", "name_en", "level", "zone")
    list_filter = ("level", "zone")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    """Alliances of regions."""

    list_display = ("code", "name_zh", "name_en")
    filter_horizontal = ("regions",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Organizations."""

    list_display = ("code", "name_zh", "name_en", "type", "country", "region", "synthetic")
    list_filter = ("type", "synthetic", "country", "region")
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("host",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Experts."""

    list_display = ("name_zh", "name_en", "organization", "title")
    raw_id_fields = ("organization",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Users' roles in organizations."""

    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    raw_id_fields = ("user", "organization")


@admin.register(CooperationBase)
class CooperationBaseAdmin(admin.ModelAdmin):
    """International S&T cooperation bases and joint labs."""

    list_display = ("code", "name_zh", "kind", "host", "year", "synthetic")
    list_filter = ("kind", "synthetic")
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("host",)
