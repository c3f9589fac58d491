"""International actors in headless Chromium against a live server, in English and Chinese:
the manager of a foreign-funded R&D centre tries to save it without a parent company (the
form names the field), names the parent and its country, sees the country's name on the
organisation page, filters the organisation list by country and finds the centre and its
partner abroad on the observatory's International page."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]

WORDS = {
    "en": {"germany": "Germany", "japan": "Japan", "title": "International actors"},
    "zh-hans": {"germany": "德国", "japan": "日本", "title": "国际创新主体"},
}


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_foreign_rd_centre_and_its_parent_in_the_browser(
    world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from innofield.consortia.models import JointProject, Partner
    from innofield.registry.international import register_organization
    from innofield.registry.models import Membership, Organization

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    words = WORDS[lang]
    centre = register_organization(
        actor=world.admin,
        code="FRD-1",
        name_zh="光电研发中心",
        name_en="Optics R&D Centre",
        type="foreign_rd_centre",
        region="320100",
        parent_company="Old Parent AG",
        parent_country="DE",
    )
    partner = register_organization(
        actor=world.admin,
        code="JPN-1",
        name_zh="日本材料公司",
        name_en="Japan Materials K.K.",
        type="large_enterprise",
        country="JP",
    )
    project = JointProject.objects.create(
        code="JP-X", title="x", lead=world.lab, budget_fen=100, state="active"
    )
    Partner.objects.create(project=project, organization=world.lab, role="lead")
    Partner.objects.create(project=project, organization=partner)
    manager = get_user_model().objects.create_user("centre-boss", password=PASSWORD)
    Membership.objects.create(user=manager, organization=centre, role="manager")
    url = live_server.url
    with sync_playwright() as pw:
        page = browser_page(pw, live_server, "centre-boss", PASSWORD, lang)
        page.goto(f"{url}/organizations/FRD-1/")
        expect(page.locator("#parent")).to_contain_text(words["germany"])
        page.click("a[href='/organizations/FRD-1/edit/']")
        page.fill("#id_parent_company", "")
        page.click("#org-form button")
        # refused: the error sits next to the parent company field
        expect(page.locator("#org-form .errorlist")).to_have_count(1)
        assert Organization.objects.get(code="FRD-1").parent_company == "Old Parent AG"
        page.fill("#id_parent_company", "Nippon Optics Corp.")
        page.select_option("#id_parent_country", "JP")
        page.click("#org-form button")
        page.wait_for_url("**/organizations/FRD-1/")
        expect(page.locator("#parent")).to_contain_text("Nippon Optics Corp.")
        expect(page.locator("#parent")).to_contain_text(words["japan"])
        expect(page.locator("#country")).to_contain_text("CN")

        page.goto(f"{url}/organizations/")
        page.select_option("select[name=country]", "JP")
        page.click("form.filters button")
        shown = "name_en" if lang == "en" else "name_zh"
        expect(page.locator("main table")).to_contain_text(getattr(partner, shown))
        expect(page.locator("main table")).to_contain_text(words["japan"])
        expect(page.locator("main table")).not_to_contain_text(getattr(centre, shown))

        page.goto(f"{url}/observatory/international/")
        expect(page.locator("h1")).to_have_text(words["title"])
        expect(page.locator("#centres")).to_contain_text("Nippon Optics Corp.")
        # the lab (Jiangsu) runs a joint project with a partner in Japan: one for Jiangsu
        expect(page.locator("#openness tbody tr")).to_have_count(1)
        expect(page.locator("#openness tbody tr td").nth(0)).to_have_text(
            world.js.name_en if lang == "en" else world.js.name_zh
        )
        expect(page.locator("#openness tbody tr td").nth(2)).to_have_text("1")
        expect(page.locator("#partners")).to_contain_text(words["japan"])
    centre.refresh_from_db()
    assert (centre.parent_company, centre.parent_country) == ("Nippon Optics Corp.", "JP")
