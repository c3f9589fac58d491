"""Country and currency codes: validation with reasons, names in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from innofield.core.countries import (
    CodeError,
    country_choices,
    country_name,
    currency_name,
    normalize_country,
    normalize_currency,
)


def test_country_codes_are_normalised_and_unknown_ones_refused() -> None:
    assert normalize_country(" de ") == "DE"
    with pytest.raises(CodeError, match="ISO 3166"):
        normalize_country("XZ")
    with pytest.raises(CodeError, match="two-letter"):
        normalize_country("DEU")


def test_currency_codes_are_normalised_and_unknown_ones_refused() -> None:
    assert normalize_currency("eur") == "EUR"
    with pytest.raises(CodeError, match="ISO 4217"):
        normalize_currency("ABC")
    with pytest.raises(CodeError, match="three-letter"):
        normalize_currency("E1")


def test_names_follow_the_active_language() -> None:
    with translation.override("en"):
        assert country_name("DE") == "Germany"
        assert currency_name("EUR") == "Euro"
    with translation.override("zh-hans"):
        assert country_name("DE") == "德国"
        assert currency_name("EUR") == "欧元"
    assert country_name("??") == "??"


def test_choices_cover_iso_3166_and_can_leave_out_home() -> None:
    codes = [code for code, _ in country_choices()]
    assert len(codes) == len(set(codes)) >= 249
    assert "CN" in codes and "CN" not in [c for c, _ in country_choices(include_home=False)]
