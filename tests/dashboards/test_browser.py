"""The observatory pages in headless Chromium: every chart and the province map draw."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("INNOFIELD_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]
#: page → chart elements that must hold a drawn ECharts instance
CHARTS = {
    "/observatory/index/?year=2021": ["chart-map", "chart-bars", "chart-history"],
    "/observatory/ccd/": ["chart-ccd"],
    "/observatory/inequality/": ["chart-ineq", "chart-share", "chart-zones"],
    "/observatory/flows/": ["chart-flows"],
}
DRAWN = """ids => ids.every(id => {
    const c = echarts.getInstanceByDom(document.getElementById(id));
    return c && c.getOption().series.length > 0 && c.getOption().series[0].data.length > 0;
})"""


@pytest.mark.django_db(transaction=True)
def test_every_chart_and_the_map_draw(observatory, live_server, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "request",
            lambda req: None if req.url.startswith(live_server.url) else outside.append(req.url),
        )
        for url, ids in CHARTS.items():
            page.goto(f"{live_server.url}{url}")
            page.wait_for_function(DRAWN, arg=ids, timeout=15000)
        # the map series gives a score to every province, named as the GeoJSON names them
        page.goto(f"{live_server.url}/observatory/index/?year=2021")
        page.wait_for_function(DRAWN, arg=["chart-map"], timeout=15000)
        names = page.evaluate(
            "() => echarts.getInstanceByDom(document.getElementById('chart-map'))"
            ".getOption().series[0].data.filter(d => typeof d.value === 'number').map(d => d.name)"
        )
        regions = page.evaluate("() => echarts.getMap('china-provinces').geoJSON.features.length")
        browser.close()
    assert not errors, errors
    assert not outside, outside  # no CDN, nothing from elsewhere
    assert len(names) == 31 and "北京" in names and "内蒙古" in names
    assert regions >= 34  # 31 provinces + Taiwan, Hong Kong, Macao
