"""Each role's daily work in headless Chromium against a live server, without the API,
in English and in Chinese: the lab manager qualifies a user, sets a policy and checks a
booking in and out; the programme officer creates a voucher programme and grants a
voucher; the firm sees it all on its own page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

import pytest
from django.utils import timezone
from tests.web.test_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]

LANGUAGES = ["en", "zh-hans"]


def browser_page(pw: Any, live_server: Any, user: str, password: str, lang: str) -> Any:
    """A logged-in page in ``lang`` (the language cookie Django reads)."""
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = live_server.url.split("//", 1)[1].split(":")[0]
    context.add_cookies([{"name": "django_language", "value": lang, "domain": host, "path": "/"}])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # confirmations
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    return page


#: Content the lab manager's pages show (titles, names, codes, time-zone identifiers):
#: not interface text.
LAB_DATA = [
    "Cryo-EM Titan",
    "Raman microscope",
    "Test State Key Lab",
    "Test Tech Co.",
    "LAB",
    "FIRM",
    "firmer",
    "labber",
    "Asia/Shanghai",
    "annual service",
    "XRD of samples",
    # the policy's time-zone list: IANA identifiers are codes, like currency codes
    *sorted(available_timezones()),
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lab_manager_runs_an_instrument(
    world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    """The lab manager's pages (instruments managed, one instrument's bookings,
    qualifications, policy and maintenance windows, check-in and check-out, the approval
    queue) are scanned for English left in Chinese."""
    from playwright.sync_api import expect, sync_playwright
    from tests.web.test_firm_journey_browser import scan

    from innofield.booking import actions, facility_actions
    from innofield.booking.models import Blackout, Booking, Policy, Qualification
    from innofield.catalog.models import Item

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    inst = Item.objects.create(
        kind="instrument", title="Cryo-EM Titan", owner=world.lab, region=world.nj, price_fen=40_000
    )
    other = Item.objects.create(
        kind="instrument", title="Raman microscope", owner=world.lab, region=world.nj
    )
    always = {
        "open_from": 0,
        "open_until": 1440,
        "open_days": [0, 1, 2, 3, 4, 5, 6],
        "min_notice_minutes": 0,
        "qualification_required": False,
    }
    facility_actions.set_policy(actor=world.labber, instrument_id=inst.pk, data=always)
    facility_actions.set_policy(
        actor=world.labber, instrument_id=other.pk, data={**always, "approval_required": True}
    )
    now = timezone.now()
    start = now.replace(minute=0 if now.minute < 30 else 30, second=0, microsecond=0)
    booking = actions.create_booking(
        actor=world.firmer,
        instrument_id=inst.pk,
        start=start,
        end=start + dt.timedelta(hours=1),
        now=start - dt.timedelta(hours=1),
    )
    waiting = actions.create_booking(
        actor=world.firmer,
        instrument_id=other.pk,
        start=start + dt.timedelta(days=2),
        end=start + dt.timedelta(days=2, hours=1),
        purpose="XRD of samples",
    )
    local = timezone.localtime(start + dt.timedelta(days=5)).replace(tzinfo=None)
    untranslated: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        page = browser_page(pw, live_server, "labber", world.password, lang)
        page.goto(f"{live_server.url}/instruments/managed/")
        scan(page, lang, LAB_DATA, untranslated)
        page.click(f"a[href='/instruments/{inst.pk}/manage/']")
        scan(page, lang, LAB_DATA, untranslated)
        page.fill("#id_username", "firmer")
        page.click("form:has(input[value=qualify]) button")
        expect(page.locator("main")).to_contain_text("firmer")
        scan(page, lang, LAB_DATA, untranslated)
        page.fill("#id_price_industry", "1,250.50")
        page.click("form:has(input[value=policy]) button")
        scan(page, lang, LAB_DATA, untranslated)
        page.fill("#id_start", local.strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_end", (local + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_reason", "annual service")
        page.click("form:has(input[value=blackout]) button")
        expect(page.locator("main")).to_contain_text("annual service")
        scan(page, lang, LAB_DATA, untranslated)
        page.click(f"form[action='/bookings/{booking.pk}/check-in/'] button")
        scan(page, lang, LAB_DATA, untranslated)
        page.click(f"form[action='/bookings/{booking.pk}/check-out/'] button")
        scan(page, lang, LAB_DATA, untranslated)
        page.goto(f"{live_server.url}/bookings/queue/")
        expect(page.locator("main")).to_contain_text("Raman microscope")
        scan(page, lang, LAB_DATA, untranslated)
        page.click(f"form[action='/bookings/{waiting.pk}/approve/'] button")
        scan(page, lang, LAB_DATA, untranslated)
        page.context.browser.close()
    assert Qualification.objects.filter(instrument=inst, user=world.firmer).exists()
    assert Policy.objects.get(instrument=inst).price_industry_fen == 125_050
    assert Blackout.objects.filter(instrument=inst, reason="annual service").exists()
    assert Booking.objects.get(pk=booking.pk).status == "completed"
    assert Booking.objects.get(pk=waiting.pk).status == "confirmed"
    assert not untranslated, f"English left on the lab manager's Chinese pages: {untranslated}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_officer_creates_a_programme_and_grants_a_voucher(
    world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from playwright.sync_api import sync_playwright

    from innofield.ledger import actions as ledger
    from innofield.vouchers import actions
    from innofield.vouchers.models import Grant, Programme

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ledger.open_account(actor=world.admin, code="EXT-T", name="treasury", kind="external")
    actions.open_region_accounts(actor=world.admin, region=world.js, government=world.gov)
    ledger.transfer(
        actor=world.admin, key="fund", debit="EXT-T", credit="BUDGET-320000", amount=100_000_000
    )
    today = timezone.localdate()
    with sync_playwright() as pw:
        page = browser_page(pw, live_server, "officer", world.password, lang)
        page.goto(f"{live_server.url}/vouchers/programmes/new/")
        page.fill("#id_code", "JS-WEB")
        page.fill("#id_name", "Jiangsu testing vouchers")
        page.fill("#id_budget", "200,000")
        page.fill("#id_co_funding_percent", "50")
        page.fill("#id_cap_per_firm_year", "20,000")
        page.fill("#id_valid_from", today.isoformat())
        page.fill("#id_valid_to", (today + dt.timedelta(days=300)).isoformat())
        page.select_option("#id_eligible_regions", ["320000", "330000"])
        page.click("main form button")
        page.wait_for_url("**/vouchers/programmes/JS-WEB/")
        page.fill("#id_firm", "FIRM")
        page.fill("#id_amount", "10,000")
        page.click("main form button")
        page.context.browser.close()
    programme = Programme.objects.get(code="JS-WEB")
    assert programme.budget == 20_000_000 and programme.co_funding_bp == 5_000
    assert Grant.objects.get(programme=programme, firm=world.firm).amount == 1_000_000


def test_languages_list_is_what_settings_offer() -> None:
    from django.conf import settings

    assert [code for code, _ in settings.LANGUAGES] == LANGUAGES
    assert Path(os.environ.get("INNOFIELD_CHROMIUM", "/usr/bin/chromium"))
