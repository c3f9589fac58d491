"""A joint project funded by milestone, in headless Chromium against a live server, in
English and Chinese: the bureau pays into the project's escrow, the partner submits its
evidence, the lead accepts, the bureau pays, and the partners are paid by budget share."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import browser_page

from .conftest import balance, fund, start_project

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]


def _act(page: Any, move: str) -> None:
    page.click(f"form:has(input[name=transition][value={move}]) button")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_project_funded_by_milestone_in_the_browser(
    world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from innofield.consortia import projects
    from innofield.consortia.models import Milestone
    from innofield.ledger import queries as ledger

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    start_project(world, code="BR-1", budget=1_000_000)
    projects.plan_milestone(
        actor=world.labber,
        code="BR-1",
        title="Prototype module",
        amount_fen=500_000,
        deliverables=["test report"],
    )
    fund(world, world.gov, 2_000_000)
    url = f"{live_server.url}/projects/BR-1"
    with sync_playwright() as pw:
        officer = browser_page(pw, live_server, "officer", world.password, lang)
        officer.goto(f"{url}/")
        officer.select_option("#id_funder", "GOV-JS")
        officer.fill("#id_amount", "5,000")
        officer.click("form[action$='/fund/'] button")
        expect(officer.locator("#escrow")).to_have_text("¥5,000.00")

        firm = browser_page(pw, live_server, "firmer", world.password, lang)
        firm.goto(f"{url}/milestones/")
        firm.fill("form:has(input[value=submit]) input[name=evidence]", "test report R-1")
        _act(firm, "submit")
        expect(firm.locator("#milestone-1 .state")).not_to_have_text("planned")

        lab = browser_page(pw, live_server, "labber", world.password, lang)
        lab.goto(f"{url}/milestones/")
        _act(lab, "accept")
        expect(lab.locator("#milestone-1")).to_contain_text("R-1")

        officer.goto(f"{url}/milestones/")
        _act(officer, "pay")
        expect(officer.locator("#paid")).to_have_text("¥5,000.00")
        expect(officer.locator("#milestone-1")).to_contain_text("FIRM: ¥3,000.00")
    assert Milestone.objects.get(project__code="BR-1").state == "paid"
    assert balance("ORG-LAB") == 200_000 and balance("ORG-FIRM") == 300_000
    assert ledger.check_invariants() == []
