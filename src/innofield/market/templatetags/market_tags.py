"""Template filters of the market pages."""

from __future__ import annotations

from django import template

from innofield.market.registration import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Whole fen shown as CNY with two decimals ("" for none)."""
    return _yuan(fen)


@register.filter
def underscores(value: str) -> str:
    """A transition name for people: ``open_bidding`` → ``open bidding``."""
    return str(value).replace("_", " ")
