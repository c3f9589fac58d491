"""The sharing report's table: sorted by any column, 50 rows a page, with the count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_the_by_instrument_report_sorts_and_pages(world: Any, client: Any) -> None:
    from innofield.catalog.models import Item

    for n in range(55):
        Item.objects.create(
            kind="instrument", title=f"Instrument {n:02d}", owner=world.lab, region=world.nj
        )
    cache.clear()
    client.force_login(world.admin)
    first = client.get("/bookings/reports/", {"by": "instrument", "sort": "label"})
    html = first.content.decode()
    assert "55 rows" in html and "page 1 of 2" in html
    titles = re.findall(r"<td>(Instrument \d\d)</td>", html)
    assert titles == [f"Instrument {n:02d}" for n in range(50)]
    assert 'href="?by=instrument&amp;sort=-label"' in html  # clicking again reverses
    back = client.get("/bookings/reports/", {"by": "instrument", "sort": "-label", "page": 2})
    rest = re.findall(r"<td>(Instrument \d\d)</td>", back.content.decode())
    assert rest == [f"Instrument {n:02d}" for n in range(4, -1, -1)]
    odd = client.get("/bookings/reports/", {"by": "instrument", "sort": "__class__"})
    assert odd.status_code == 200  # an unknown column falls back to the default order


def test_the_report_cache_keeps_each_language(world: Any, client: Any) -> None:
    """Organization names come in the page's language even when the other language
    computed (and cached) the report first."""
    from innofield.catalog.models import Item

    Item.objects.create(kind="instrument", title="NMR", owner=world.lab, region=world.nj)
    cache.clear()
    client.force_login(world.admin)
    names = {"en": world.lab.name_en, "zh-hans": world.lab.name_zh}
    assert names["en"] != names["zh-hans"]
    for lang, other in (("en", "zh-hans"), ("zh-hans", "en"), ("en", "zh-hans")):
        html = client.get(
            "/bookings/reports/", {"by": "organization"}, HTTP_ACCEPT_LANGUAGE=lang
        ).content.decode()
        assert f"<td>{names[lang]}</td>" in html, lang
        assert names[other] not in html, lang
