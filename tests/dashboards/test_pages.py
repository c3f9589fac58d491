"""Observatory pages through the in-process client, in English and Chinese."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

PAGES = [
    "/observatory/",
    "/observatory/index/",
    "/observatory/index/?year=2015",
    "/observatory/ccd/",
    "/observatory/ccd/?year=2012",
    "/observatory/inequality/",
    "/observatory/flows/",
    "/observatory/flows/?year=2005",
]


def _get(client, url, lang):
    client.cookies["django_language"] = lang
    return client.get(url)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_pages_render(observatory, client, lang):
    for url in PAGES:
        response = _get(client, url, lang)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        assert "echarts-5.6.0.min.js" in html
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing off-site
        if "inequality" in url:
            assert "<td>2023</td>" in html and 'id="chart-data"' in html
            continue
        # the tables name provinces in the page's language (chart data carries both names)
        text = html.split('id="chart-data"')[0]
        assert ("<td>北京</td>" in text) == (lang == "zh-hans"), url
        assert ("<td>Beijing</td>" in text) == (lang == "en"), url


def test_index_page_shows_the_table_chart_data_and_map(observatory, client):
    html = _get(client, "/observatory/index/?year=2022", "en").content.decode()
    assert "Provincial innovation index 2022" in html
    assert "/static/dashboards/china-provinces.json" in html and 'data-chart="index-map"' in html
    data = json.loads(re.search(r'id="chart-data" type="application/json">(.*?)</script>', html)[1])
    api = client.get("/api/observatory/index", {"year": 2022}).json()
    assert [r["score"] for r in data["rows"]] == [r["score"] for r in api["rows"]]
    top = data["rows"][0]
    band = f"{top['rank_q5']:.0f}–{top['rank_q95']:.0f}"
    assert f"<td>{top['name_en']}</td>" in html and band in html
    assert len(re.findall(r"<tr>\s*<td class=\"num\">", html)) == len(api["rows"])


def test_ccd_page_lists_the_ten_grades(observatory, client):
    en = _get(client, "/observatory/ccd/", "en").content.decode()
    zh = _get(client, "/observatory/ccd/", "zh-hans").content.decode()
    assert "high-quality coordination" in en and "extreme disorder" in en
    table = zh.split('id="chart-data"')[0]
    assert "优质协调" in table and "极度失调" in table and "high-quality coordination" not in table


def test_the_map_asset_is_vendored_with_its_licence():
    path = finders.find("dashboards/china-provinces.json")
    assert path is not None
    with open(path, encoding="utf-8") as fh:
        geo = json.load(fh)
    names = {f["properties"]["name"] for f in geo["features"]}
    from innofield.observatory.china_framework import PROVINCES

    assert set(PROVINCES) <= names  # every province of the index has a shape on the map
    assert finders.find("dashboards/china-provinces.LICENSE") is not None
    assert finders.find("dashboards/charts.js") is not None


def test_bad_years_and_an_empty_cache_are_explained(observatory, client):
    for url in (
        "/observatory/index/?year=1999",
        "/observatory/ccd/?year=2030",
        "/observatory/flows/?year=2011",
        "/observatory/index/?year=soon",
    ):
        response = _get(client, url, "en")
        assert response.status_code == 400, url
        assert "year: " in response.content.decode()


def test_pages_before_any_refresh(world, client):
    response = _get(client, "/observatory/", "en")
    assert (
        response.status_code == 200 and "innofield dashboards refresh" in response.content.decode()
    )
    for url in ("/observatory/index/", "/observatory/inequality/", "/observatory/flows/"):
        response = _get(client, url, "en")
        assert response.status_code == 404 and "has not been computed" in response.content.decode()
