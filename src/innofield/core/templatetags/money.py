"""``{{ amount_fen|yuan }}`` → ``¥1,234.56`` (see :mod:`innofield.core.money`)."""

from __future__ import annotations

from typing import Any

from django import template

from innofield.core.money import format_yuan

register = template.Library()


@register.filter
def yuan(fen: Any) -> str:
    """Fen as yuan with separators; empty for ``None`` or anything that is not a number."""
    if fen is None or fen == "" or isinstance(fen, bool):
        return ""
    try:
        return format_yuan(int(fen))
    except (TypeError, ValueError):
        return ""
