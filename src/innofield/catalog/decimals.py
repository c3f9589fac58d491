"""The one path for decimal numbers coming in, and a decimal column that always reads back.

Every decimal a user sends (booking policy fractions; money is integer fen, see
:mod:`innofield.core.money`) goes through :func:`check_decimal` before it is stored: it
must be a finite number that fits the column it is stored in
(``max_digits``/``decimal_places``) and lie within the given bounds. Values with more
decimal places than the column keeps are refused, not rounded. Floats from JSON are taken
by their shortest decimal spelling.

:class:`SafeDecimalField` is a ``DecimalField`` whose reads never raise: SQLite does not
enforce a column's precision, so a row written around the checks (raw SQL, an old
version) may hold ``1e30`` in a ``DECIMAL(12,2)`` column, and Django's converter then
raised for every query touching that row. Such a value now reads as ``Decimal("NaN")``
so that callers can tell the one damaged row apart (:func:`is_damaged`) and every other
row still reads.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.functional import cached_property
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import core_schema

from innofield.core.errors import ValidationFailed


class DecimalRefused(ValueError):
    """A decimal that cannot be accepted; the message says why (pydantic shows it)."""


def check_decimal(
    value: Any,
    *,
    max_digits: int,
    decimal_places: int,
    minimum: Decimal | int | None = 0,
    maximum: Decimal | int | None = None,
) -> Decimal:
    """``value`` as a Decimal fitting a ``DECIMAL(max_digits, decimal_places)`` column.

    Raises :class:`DecimalRefused` for booleans, non-numbers, NaN and infinities, too many
    decimal places, too many whole digits and values outside ``minimum``–``maximum``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise DecimalRefused('must be a number, e.g. 12.50 or "12.50"')
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise DecimalRefused(f"{str(value)[:40]!r} is not a number") from None
    if not number.is_finite():
        raise DecimalRefused("must be a finite number (not NaN or infinity)")
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    whole = max(len(digits) + exponent, 0) if number else 0
    if whole > max_digits - decimal_places:
        limit = 10 ** (max_digits - decimal_places)
        raise DecimalRefused(f"must be less than {limit:,} in absolute value")
    step = Decimal(1).scaleb(-decimal_places)
    if -exponent > decimal_places and number != number.quantize(step, rounding=decimal.ROUND_DOWN):
        raise DecimalRefused(f"at most {decimal_places} decimal places")
    if minimum is not None and number < minimum:
        raise DecimalRefused(f"must be at least {minimum}")
    if maximum is not None and number > maximum:
        raise DecimalRefused(f"must be at most {maximum}")
    return number.quantize(step) + 0  # + 0 turns -0 into 0


def check_for(
    column: Any,
    value: Any,
    *,
    minimum: Decimal | int | None = 0,
    maximum: Decimal | int | None = None,
) -> Decimal:
    """:func:`check_decimal` with the digits of the model ``column`` the value is stored in."""
    assert isinstance(column, models.DecimalField)
    return check_decimal(
        value,
        max_digits=int(column.max_digits or 0),
        decimal_places=int(column.decimal_places or 0),
        minimum=minimum,
        maximum=maximum,
    )


def clean_decimal(field: str, value: Any, **limits: Any) -> Decimal:
    """:func:`check_decimal`, raising :class:`ValidationFailed` naming ``field``."""
    try:
        return check_decimal(value, **limits)
    except DecimalRefused as exc:
        raise ValidationFailed.single(field, str(exc)) from None


@dataclass(frozen=True)
class DecimalColumn:
    """Pydantic metadata for a request field stored in a ``DECIMAL(max_digits, decimal_places)``
    column: ``Annotated[Decimal, DecimalColumn(12, 2)]`` takes a JSON number or a decimal
    string and checks it with :func:`check_decimal`."""

    max_digits: int
    decimal_places: int
    minimum: Decimal | int | None = 0
    maximum: Decimal | int | None = None

    def parse(self, value: Any) -> Decimal:
        """The checked value (raises :class:`DecimalRefused`, which pydantic reports)."""
        return check_decimal(
            value,
            max_digits=self.max_digits,
            decimal_places=self.decimal_places,
            minimum=self.minimum,
            maximum=self.maximum,
        )

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.parse, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number"}
        if self.minimum is not None:
            number["minimum"] = float(self.minimum)
        if self.maximum is not None:
            number["maximum"] = float(self.maximum)
        return {
            "anyOf": [number, {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}],
            "description": f"a decimal number with at most {self.max_digits - self.decimal_places}"
            f" whole digits and {self.decimal_places} decimal places",
        }


def is_damaged(value: Decimal | None) -> bool:
    """True for a stored value that did not fit its column (read as NaN by SafeDecimalField)."""
    return value is not None and not Decimal(value).is_finite()


class SafeDecimalField(models.DecimalField):  # type: ignore[type-arg]
    """A ``DecimalField`` whose reads never raise: a stored value that does not fit the column
    (possible on SQLite, which does not enforce it) reads as ``Decimal("NaN")``."""

    def deconstruct(self) -> Any:
        """Deconstructs as a plain ``DecimalField``: the column is the same, so no migration
        (on SQLite, altering a field rebuilds the table and would drop its triggers)."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs

    @cached_property
    def context(self) -> decimal.Context:
        """Django's quantizing context, without the trap that made bad rows unreadable."""
        ctx = decimal.Context(prec=self.max_digits)
        ctx.traps[InvalidOperation] = False
        return ctx
