"""Admin views of the statistics panels."""

from django.contrib import admin

from .models import Indicator, StatValue


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    """Indicators."""

    list_display = ("code", "name_zh", "unit", "group")
    search_fields = ("code", "name_zh")
    list_filter = ("group",)


@admin.register(StatValue)
class StatValueAdmin(admin.ModelAdmin):
    """Observations."""

    list_display = ("indicator", "region", "year", "value", "unit")
    list_filter = ("year",)
    raw_id_fields = ("indicator", "region")
