"""The firm's day in headless Chromium, in English and in Chinese, without the API: it
finds an English instrument with a Chinese query, books it, the lab manager approves the
booking and checks it in and out, the firm redeems a voucher whose amount comes from the
booking and sees it all on its own page. In Chinese, every page it passes is scanned for
English left in the interface (what remains once the data it shows is taken out)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import LANGUAGES, browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]

TITLE = "Cryo-electron microscope (Titan Krios G4)"
DESCRIPTION = "Single-particle cryo-EM: protein structures at near-atomic resolution."
QUERY = "冷冻电子显微镜"  # cryo-electron microscope, in Chinese

#: Latin words that may stand in a Chinese page: units, codes, names of standards.
ALLOWED = {"CNY", "TRL", "API", "innofield", "min", "UTC", "ID", "Asia/Shanghai", "Mode"}
#: English the interface may still carry, by pattern (none: keep it so).
NOT_YET: list[re.Pattern[str]] = []
PHRASE = re.compile(r"[A-Za-z][A-Za-z'’-]+(?:[ ,]+[A-Za-z][A-Za-z'’-]+)*")


def english_left(text: str, data: list[str]) -> list[str]:
    """Phrases of English in ``text`` once the shown ``data`` (titles, names, codes, user
    names: content, not interface) is removed; a Chinese page should have none."""
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    for pattern in NOT_YET:
        text = pattern.sub(" ", text)
    found = [m.group(0) for m in PHRASE.finditer(text)]
    return [p for p in found if p not in ALLOWED and len(p) > 2]


def scan(page: Any, lang: str, data: list[str], seen: dict[str, list[str]]) -> None:
    """Record the English phrases of the page's main part (zh only)."""
    if lang != "zh-hans":
        return
    left = english_left(page.locator("main").inner_text(), data)
    if left:
        seen[page.url] = left


@pytest.fixture
def firm_world(world: Any) -> Any:
    """An English-titled instrument at the lab (approval required, 400 yuan an hour), two
    other items, and a 10,000-yuan voucher for the firm from a Jiangsu programme."""
    from innofield.booking import facility_actions
    from innofield.catalog.models import Item
    from innofield.ledger import actions as ledger
    from innofield.vouchers import actions as vouchers

    inst = Item.objects.create(
        kind="instrument",
        title=TITLE,
        description=DESCRIPTION,
        owner=world.lab,
        region=world.nj,
        price_fen=40_000,
    )
    Item.objects.create(
        kind="technology",
        title="Perovskite solar cell thin films",
        description="Low-cost printable photovoltaics.",
        owner=world.lab,
        region=world.nj,
    )
    Item.objects.create(
        kind="instrument",
        title="Lithium battery cycler (Arbin LBT)",
        description="Charge and discharge tests of battery cells.",
        owner=world.lab,
        region=world.nj,
        price_fen=8_000,
    )
    facility_actions.set_policy(
        actor=world.labber,
        instrument_id=inst.pk,
        data={
            "open_from": 0,
            "open_until": 1440,
            "open_days": [0, 1, 2, 3, 4, 5, 6],
            "min_notice_minutes": 0,
            "approval_required": True,
            "price_industry_fen": 40_000,
        },
    )
    ledger.open_account(actor=world.admin, code="EXT-T", name="treasury", kind="external")
    vouchers.open_region_accounts(actor=world.admin, region=world.js, government=world.gov)
    ledger.transfer(
        actor=world.admin, key="fund", debit="EXT-T", credit="BUDGET-320000", amount=100_000_000
    )
    today = timezone.localdate()
    programme = vouchers.create_programme(
        actor=world.officer,
        code="JS-LAB",
        name="Jiangsu instrument vouchers",
        issuer_region=world.js,
        officer_org=world.gov,
        budget=10_000_000,
        co_funding_bp=5_000,
        cap_per_firm_year=2_000_000,
        valid_from=today,
        valid_to=today + dt.timedelta(days=300),
        eligible_regions=["320000", "330000"],
        provider_regions=["320000", "330000"],
        service_kinds=["testing", "instrument"],
    )
    grant = vouchers.grant(
        actor=world.officer,
        key="g-firm",
        programme_id=programme.pk,
        firm=world.firm,
        amount=1_000_000,
        today=today,
    )
    from innofield.matchmaking import index

    index.forget()
    index.search("item", QUERY, k=1)  # builds the index, loads both query encoders
    world.inst, world.grant = inst, grant
    world.shown = [
        TITLE,
        DESCRIPTION,
        "Perovskite solar cell thin films",
        "Lithium battery cycler (Arbin LBT)",
        "Jiangsu instrument vouchers",
        "Test State Key Lab",
        "Test Tech Co.",
        "JS-LAB",
        "FIRM",
        "LAB",
        "firmer",
        "labber",
        "Asia/Shanghai",
        "ORG-FIRM",
    ]
    return world


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_firm_finds_books_redeems_and_sees_it_all(
    firm_world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from innofield.booking.models import Booking
    from innofield.vouchers.models import Redemption

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    w = firm_world
    untranslated: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        firm = browser_page(pw, live_server, "firmer", w.password, lang)
        firm.set_default_timeout(60_000)  # a shared, busy machine
        firm.goto(f"{live_server.url}/search/?q={QUERY}")
        first = firm.locator("ol.hits li a").first
        expect(first).to_have_text(TITLE)  # an English item, found by a Chinese query
        expect(firm.locator("main .crosslingual")).to_be_visible()  # the page says how
        scan(firm, lang, w.shown, untranslated)
        first.click()
        firm.click(f"a[href='/instruments/{w.inst.pk}/calendar/']")
        scan(firm, lang, w.shown, untranslated)
        firm.locator("table.week form button").first.click()
        expect(firm.locator(".msg").first).to_be_visible()
        scan(firm, lang, w.shown, untranslated)
        booking = Booking.objects.get(instrument=w.inst)
        assert booking.status == "requested"
        # slots start on the hour, check-in opens 30 min before: let the hour come
        early = booking.start - timezone.now() - dt.timedelta(minutes=29)
        if early > dt.timedelta(0):
            Booking.objects.filter(pk=booking.pk).update(
                start=booking.start - early,
                end=booking.end - early,
                hold_start=booking.hold_start - early,
                hold_end=booking.hold_end - early,
            )

        lab = browser_page(pw, live_server, "labber", w.password, lang)
        lab.goto(f"{live_server.url}/bookings/queue/")
        lab.click(f"form[action='/bookings/{booking.pk}/approve/'] button")
        lab.goto(f"{live_server.url}/instruments/{w.inst.pk}/manage/")
        lab.click(f"form[action='/bookings/{booking.pk}/check-in/'] button")
        lab.click(f"form[action='/bookings/{booking.pk}/check-out/'] button")
        lab.context.browser.close()
        booking.refresh_from_db()
        assert booking.status == "completed" and booking.charge_fen > 0
        charge_fen = booking.charge_fen

        firm.goto(f"{live_server.url}/vouchers/grants/{w.grant.pk}/")
        scan(firm, lang, w.shown, untranslated)
        firm.select_option("#id_evidence", f"booking:{booking.pk}")
        firm.select_option("#id_mode", "direct")  # the voucher pays its share of the bill
        firm.click("main form:has(#id_evidence) button")
        redemption = Redemption.objects.get(grant=w.grant)
        w.shown.append(redemption.evidence)  # the evidence's identifier, e.g. booking:3
        assert redemption.price == charge_fen  # the amount comes from the booking
        assert redemption.evidence == f"booking:{booking.pk}"
        scan(firm, lang, w.shown, untranslated)

        firm.goto(f"{live_server.url}/me/")
        main = firm.locator("main")
        expect(main).to_contain_text(TITLE[:30])  # the booking
        expect(main).to_contain_text("Jiangsu instrument vouchers")  # the voucher
        left = (1_000_000 - redemption.subsidy) / 100
        expect(main).to_contain_text(f"{left:,.2f}")  # what is left of it, in yuan
        scan(firm, lang, w.shown, untranslated)
        firm.context.browser.close()
    assert not untranslated, f"English left on Chinese pages: {untranslated}"


def test_the_scan_finds_english_and_ignores_data() -> None:
    text = "冷冻电子显微镜 Cryo-electron microscope (Titan Krios G4) · 预约 Book this slot 400 CNY"
    assert english_left(text, [TITLE]) == ["Book this slot"]
    assert english_left("预约 400 CNY · 江苏", []) == []
