"""Fixtures of the observatory tests (the shared-data fixtures live in ``asem_data``)."""

from .asem_data import asem_files, china_files

__all__ = ["asem_files", "china_files"]
