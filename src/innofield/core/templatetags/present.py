"""Showing stored values to people: ``{{ value|readable }}`` (lists joined, yes/no for
booleans, ``key: value`` pairs for objects) and ``{{ "ip_status"|label }}`` (words)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def readable(value: Any) -> str:
    """A stored value as text a person reads (never Python's list or dict syntax)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(k)}: {readable(v)}" for k, v in value.items())
    return "" if value is None else str(value)


@register.filter
def label(key: Any) -> str:
    """A field name as words: ``ip_status`` → ``ip status`` (translated where known)."""
    words = str(key).replace("_", " ")
    return _(words)
