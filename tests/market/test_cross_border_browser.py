"""In headless Chromium, in en and zh-hans: a seller files export terms on the deal page
(a wrong field is named first), submits them, and a government officer approves the
restricted export on /market/cross-border/ after ticking the confirmation box."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from innofield.market.models import CrossBorderContract

from .conftest import make_deal

CHROMIUM = Path(os.environ.get("INNOFIELD_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
]

WORDS = {
    "en": {"rate_date": "Date of the rate", "saved": "saved as a draft", "state": "registered"},
    "zh-hans": {"rate_date": "汇率日期", "saved": "已保存为草稿", "state": "已登记"},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_export_terms_filed_and_approved_in_the_browser(
    market: SimpleNamespace, live_server: Any, monkeypatch: Any, language: str
) -> None:
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    words = WORDS[language]
    deal = make_deal(market, "signed")
    day = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)

        def login(username: str) -> Any:
            context = browser.new_context(extra_http_headers={"Accept-Language": language})
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", market.password)
            page.click("button[type=submit]")
            return page

        page = login("labber")
        page.goto(f"{live_server.url}/market/deals/{deal.pk}/")
        form = page.locator("#xb-form")
        page.select_option("#id_direction", "export")
        page.fill("#id_counterpart_name", "Musterfirma GmbH")
        page.select_option("#id_counterpart_country", "DE")
        page.select_option("#id_contract_category", "know_how_license")
        page.fill("#id_technology_category", "083915X")
        page.select_option("#id_currency", "EUR")
        page.fill("#id_amount", "120000.50")
        page.fill("#id_rate_cny_per_unit", "7.8123")
        page.fill("#id_rate_date", future)
        page.fill("#id_contract_no", "EXP-B-1")
        page.fill("#id_signed_on", day)
        page.fill("#id_valid_until", "2032-01-31")
        page.select_option("#id_payment_method", "lump_sum")
        form.locator("button[type=submit]").click()
        expect(page.locator("#xb-form")).to_contain_text(words["rate_date"] + ":")
        assert CrossBorderContract.objects.count() == 0
        page.fill("#id_rate_date", day)
        page.locator("#xb-form button[type=submit]").click()
        expect(page.locator("body")).to_contain_text(words["saved"])
        # 120,000.50 EUR × 7.8123 = 937,479.90615 CNY → 93,747,990.615 fen → ¥937,479.91
        expect(page.locator("#xb-cny")).to_have_text("¥937,479.91")
        page.locator("button[value=submit]").click()
        expect(page.locator("#xb-state")).not_to_have_text("draft")
        row = CrossBorderContract.objects.get()
        assert row.state == "under_review" and row.amount_cny_fen == 93_747_991

        officer = login("officer")
        officer.goto(f"{live_server.url}/market/cross-border/")
        line = officer.locator(f"#xb-{row.pk}")
        line.locator("input[name=licence_no]").fill("JS-XK-B-1")
        line.locator("form", has=officer.locator("button[value=approve]")).locator(
            "input[name=confirm]"
        ).check()
        line.locator("button[value=approve]").click()
        officer.goto(f"{live_server.url}/market/cross-border/?state=registered")
        expect(officer.locator(f"#xb-{row.pk}")).to_contain_text(words["state"])
        expect(officer.locator(f"#xb-{row.pk}")).to_contain_text("JS-XK-B-1")
        browser.close()
        connections.close_all()
    row.refresh_from_db()
    assert row.state == "registered" and row.licence_no == "JS-XK-B-1"
