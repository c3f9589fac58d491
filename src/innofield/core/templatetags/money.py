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


@register.filter
def percent(basis_points: Any) -> str:
    """Basis points (‱) as a percentage: ``5000`` → ``50 %``, ``2550`` → ``25.5 %``."""
    if basis_points is None or basis_points == "" or isinstance(basis_points, bool):
        return ""
    try:
        value = int(basis_points)
    except (TypeError, ValueError):
        return ""
    whole, rest = divmod(abs(value), 100)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}{'.' + f'{rest:02d}'.rstrip('0') if rest else ''} %"
