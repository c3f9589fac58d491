"""Regional statistics: indicators and their values per region and year."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from innofield.registry.models import Region


class Indicator(models.Model):
    """A statistical variable, e.g. ``v4_zh_nbzc_hj`` (internal R&D expenditure, total)."""

    code = models.CharField(max_length=60, unique=True)
    name_zh = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    group = models.CharField(
        max_length=100, blank=True, help_text="panel or block the code belongs to"
    )

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class StatValue(models.Model):
    """One observation: a region's value of an indicator in a year, with unit and source."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="stats")
    year = models.PositiveSmallIntegerField()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.FloatField()
    unit = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=200, blank=True)

    permission_owner = None
    permission_public = Q()

    class Meta:
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "indicator"], name="one_value_per_region_year_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.year} {self.indicator.code}={self.value}"
