"""Admin of alliances and joint projects (read-mostly; changes go through the actions)."""

from django.contrib import admin

from .models import AllianceMembership, JointProject, Milestone, OrgAlliance, Partner


@admin.register(OrgAlliance)
class OrgAllianceAdmin(admin.ModelAdmin):
    """Alliances of organisations."""

    list_display = ("code", "name_zh", "lead", "state", "synthetic")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(AllianceMembership)
class MembershipAdmin(admin.ModelAdmin):
    """Memberships."""

    list_display = ("alliance", "organization", "role", "state")
    list_filter = ("state", "role")


@admin.register(JointProject)
class JointProjectAdmin(admin.ModelAdmin):
    """Joint projects."""

    list_display = ("code", "title", "lead", "budget_fen", "state")


admin.site.register(Partner)
admin.site.register(Milestone)
