"""Admin views of the catalog."""

from django.contrib import admin

from .models import Demand, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    """Catalog items."""

    list_display = ("id", "kind", "title", "owner", "region", "status", "synthetic")
    list_filter = ("kind", "status", "synthetic")
    search_fields = ("title", "external_id")
    raw_id_fields = ("owner", "region")


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    """Demands."""

    list_display = ("id", "kind", "title", "owner", "region", "status")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("owner", "region")
