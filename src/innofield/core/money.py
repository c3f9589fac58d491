"""The money convention: integer fen inside, yuan on pages.

* :func:`format_yuan` — fen → ``"¥1,234.56"`` (thousands separators, two decimals);
* :func:`parse_yuan` — what a person types (``"1,234.5"``, ``"¥ 20"``, ``"１２"``) → fen,
  refusing anything that is not a finite amount with at most two decimals;
* :class:`YuanField` — a form field that shows and accepts yuan and cleans to fen;
* :func:`fen_from_decimal` — an exact yuan ``Decimal`` (e.g. a booking charge) → fen.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .schemas import MAX_FEN


class MoneyError(ValueError):
    """A text or number that is not an amount of money; the message says why."""


def format_yuan(fen: int | None, *, symbol: bool = True) -> str:
    """``123456`` → ``"¥1,234.56"``; ``None`` → ``""``."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


def parse_yuan(text: str | int | Decimal) -> int:
    """Yuan as typed → integer fen; raises :class:`MoneyError` naming the problem."""
    if isinstance(text, bool):
        raise MoneyError(_("enter an amount in yuan, e.g. 1,234.50"))
    raw = unicodedata.normalize("NFKC", str(text)).strip()
    cleaned = raw.replace(",", "").replace("¥", "").replace("元", "").replace(" ", "")
    if not cleaned:
        raise MoneyError(_("enter an amount in yuan, e.g. 1,234.50"))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise MoneyError(_("“%(text)s” is not an amount in yuan") % {"text": raw}) from None
    if not amount.is_finite():
        raise MoneyError(_("enter a finite amount"))
    if abs(amount) * 100 > MAX_FEN:
        raise MoneyError(_("at most %(max)s") % {"max": format_yuan(MAX_FEN)})
    if amount != amount.quantize(Decimal("0.01")):
        raise MoneyError(_("at most two decimals (fen)"))
    fen = int(amount * 100)
    if abs(fen) > MAX_FEN:
        raise MoneyError(_("at most %(max)s") % {"max": format_yuan(MAX_FEN)})
    return fen


def fen_from_decimal(yuan: Decimal | int | str) -> int:
    """An exact amount of yuan → fen; raises :class:`MoneyError` if it has fractions of fen."""
    return parse_yuan(Decimal(str(yuan)))


class YuanInput(forms.TextInput):
    """A text box that shows fen as yuan with separators."""

    input_type = "text"

    def format_value(self, value: Any) -> str | None:
        """Fen (int) shown as yuan; text typed by the person is shown back unchanged."""
        if isinstance(value, int) and not isinstance(value, bool):
            return format_yuan(value, symbol=False)
        return super().format_value(value)


class YuanField(forms.Field):
    """A form field in yuan that cleans to integer fen (``min_fen`` … ``max_fen``)."""

    widget = YuanInput

    def __init__(self, *, min_fen: int = 0, max_fen: int = MAX_FEN, **kwargs: Any) -> None:
        self.min_fen, self.max_fen = min_fen, max_fen
        kwargs.setdefault("help_text", _("in yuan (元), e.g. 12,500.00"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        """The typed yuan as fen, or ``None`` when empty."""
        if value in (None, ""):
            return None
        try:
            fen = parse_yuan(value)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None
        if fen < self.min_fen:
            raise forms.ValidationError(
                _("at least %(min)s") % {"min": format_yuan(self.min_fen)}, code="min"
            )
        if fen > self.max_fen:
            raise forms.ValidationError(
                _("at most %(max)s") % {"max": format_yuan(self.max_fen)}, code="max"
            )
        return fen
