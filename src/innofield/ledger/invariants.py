"""Product-level invariants of money on the ledger, checked with the ledger's own.

The ledger cannot know what its accounts mean to the products that use them (a voucher
programme's granted account must equal what its grants have left; a clearing account what
the unsettled claims say). So each product app may provide ``innofield.<app>.invariants``
with ``check() -> list[str]`` (one sentence per broken invariant); :func:`product_problems`
runs every installed app's check. The ledger imports no product app: the modules are found
through the app registry, as Django finds admin modules.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def product_problems() -> list[str]:
    """Every installed app's broken money invariants, prefixed with the app's label."""
    problems: list[str] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("innofield."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.invariants")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.invariants":
                raise
            continue
        if module.__name__ == __name__:
            continue
        problems += [f"{config.label}: {p}" for p in module.check()]
    return problems
