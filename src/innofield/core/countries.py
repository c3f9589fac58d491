"""Countries (ISO 3166-1) and currencies (ISO 4217), named in the active language.

The lists and their Chinese names come from ``pycountry`` (the Debian iso-codes data
with its translations), so nothing is downloaded or hand-typed:

* :func:`normalize_country` — ``" de "`` → ``"DE"``; refuses anything that is not an
  ISO 3166-1 alpha-2 code with :class:`CodeError` saying why;
* :func:`country_name` — ``"DE"`` → ``"Germany"`` / ``"德国"``;
* :func:`country_choices` — ``[(code, name), …]`` sorted by name, for forms;
* :func:`normalize_currency`, :func:`currency_name`, :func:`currency_choices` — the same
  for ISO 4217 alphabetic codes (``"EUR"`` → ``"Euro"`` / ``"欧元"``).

``HOME`` is the platform's own country (China): organisations default to it and money on
the ledger is kept in its currency (``HOME_CURRENCY``, integer fen).
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import Any

import pycountry
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

HOME = "CN"
HOME_CURRENCY = "CNY"


class CodeError(ValueError):
    """A text that is not a known country or currency code; the message says why."""


@cache
def _translation(domain: str, zh: bool) -> gettext.NullTranslations:
    if not zh:
        return gettext.NullTranslations()
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)


def _zh() -> bool:
    return (get_language() or "en").startswith("zh")


def _common(record: Any) -> str:
    return str(getattr(record, "common_name", None) or record.name)


def normalize_country(text: str) -> str:
    """A typed country code → its upper-case ISO 3166-1 alpha-2 form, or :class:`CodeError`."""
    code = (text or "").strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise CodeError(_("enter a two-letter ISO 3166 country code, e.g. DE"))
    if pycountry.countries.get(alpha_2=code) is None:
        raise CodeError(_("%(code)s is not an ISO 3166 country code") % {"code": code})
    return code


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself when it is unknown."""
    record = pycountry.countries.get(alpha_2=(code or "").upper())
    if record is None:
        return code
    english = str(record.name)
    if _zh():
        return _translation("iso3166-1", True).gettext(english)
    return _common(record)


def country_choices(*, include_home: bool = True) -> list[tuple[str, str]]:
    """Every ISO 3166-1 country as ``(alpha-2, name)``, sorted by the shown name."""
    rows = [
        (str(c.alpha_2), country_name(str(c.alpha_2)))
        for c in pycountry.countries
        if include_home or c.alpha_2 != HOME
    ]
    return sorted(rows, key=lambda row: row[1])


def normalize_currency(text: str) -> str:
    """A typed currency code → its upper-case ISO 4217 form, or :class:`CodeError`."""
    code = (text or "").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise CodeError(_("enter a three-letter ISO 4217 currency code, e.g. EUR"))
    if pycountry.currencies.get(alpha_3=code) is None:
        raise CodeError(_("%(code)s is not an ISO 4217 currency code") % {"code": code})
    return code


def currency_name(code: str) -> str:
    """The currency's name in the active language; the code itself when it is unknown."""
    record = pycountry.currencies.get(alpha_3=(code or "").upper())
    if record is None:
        return code
    name = _translation("iso4217", _zh()).gettext(str(record.name))
    return _(name) if name in UNNAMED_CURRENCIES else name


#: Currencies whose names pycountry's catalogue does not translate; ours does.
UNNAMED_CURRENCIES = frozenset(
    {
        gettext_noop("Arab Accounting Dinar"),
        gettext_noop("Caribbean Guilder"),
        gettext_noop("Zimbabwe Gold"),
    }
)


def currency_choices() -> list[tuple[str, str]]:
    """Every ISO 4217 currency as ``(code, "code — name")``, sorted by code."""
    return sorted(
        (str(c.alpha_3), f"{c.alpha_3} — {currency_name(str(c.alpha_3))}")
        for c in pycountry.currencies
    )
