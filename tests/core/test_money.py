"""The money convention: fen inside, yuan shown and accepted on pages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from innofield.core.money import (
    MoneyError,
    YuanField,
    fen_from_decimal,
    format_yuan,
    parse_yuan,
)


@pytest.mark.parametrize(
    ("fen", "shown"),
    [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (123456, "¥1,234.56"),
        (-250, "-¥2.50"),
        (10**12, "¥10,000,000,000.00"),
    ],
)
def test_format(fen: int, shown: str) -> None:
    assert format_yuan(fen) == shown


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("1,234.56", 123456),
        ("¥ 20", 2000),
        ("20元", 2000),
        ("１２.５", 1250),
        ("0.01", 1),
        (Decimal("240.00"), 24000),
        ("-3", -300),
    ],
)
def test_parse(typed: str, fen: int) -> None:
    assert parse_yuan(typed) == fen


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "enter an amount"),
        ("abc", "is not an amount"),
        ("1e400", "at most"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("1.234", "two decimals"),
        ("1e30", "at most"),
    ],
)
def test_parse_refuses_with_a_reason(typed: str, why: str) -> None:
    with pytest.raises(MoneyError, match=why):
        parse_yuan(typed)


def test_round_trip_of_every_cent_in_a_range() -> None:
    for fen in range(-1000, 100_000, 7):
        assert parse_yuan(format_yuan(fen)) == fen


def test_decimal_yuan_to_fen_is_exact() -> None:
    assert fen_from_decimal(Decimal("92.80")) == 9280
    with pytest.raises(MoneyError):
        fen_from_decimal(Decimal("0.005"))


def test_the_form_field_cleans_to_fen_and_names_the_bound() -> None:
    field = YuanField(min_fen=100, max_fen=1_000_000)
    assert field.clean("2,500") == 250_000
    with pytest.raises(Exception, match="at least"):
        field.clean("0.5")
    with pytest.raises(Exception, match="at most"):
        field.clean("20,000")
    assert field.widget.format_value(250_000) == "2,500.00"


def test_the_template_filter() -> None:
    html = Template("{% load money %}{{ a|yuan }}|{{ b|yuan }}").render(
        Context({"a": 9280, "b": None})
    )
    assert html == "¥92.80|"


@pytest.mark.parametrize(
    "bp, shown",
    [(5000, "50 %"), (2550, "25.5 %"), (1, "0.01 %"), (0, "0 %"), (None, ""), ("x", "")],
)
def test_basis_points_read_as_percent(bp: object, shown: str) -> None:
    rendered = Template("{% load money %}{{ bp|percent }}").render(Context({"bp": bp}))
    assert rendered == shown
