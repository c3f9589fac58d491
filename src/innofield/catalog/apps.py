"""Catalog app: the supply of innovation factors and the demand for them."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Configuration of the catalog app."""

    name = "innofield.catalog"
    label = "catalog"
    verbose_name = "Catalog"
