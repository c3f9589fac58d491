"""The bureau's journey in headless Chromium, without the API, in English and Chinese:
demo-gov drafts a policy, adds a measure and a task, starts an evaluation, watches its job
finish, reads the results and downloads the PDF report, which opens with its title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from tests.policies.conftest import ADOPTION
from tests.policies.test_reports import PDF_PROBLEM, TITLES, first_page
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.skipif(PDF_PROBLEM is not None, reason=str(PDF_PROBLEM)),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_demo_gov_creates_a_policy_with_measures_tasks_and_an_evaluation(
    panel_world: Any, live_server: Any, monkeypatch: Any, lang: str, tmp_path: Path
) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    from innofield.jobs.runner import run_inline
    from innofield.policies.models import Evaluation, Policy, Task
    from innofield.registry.models import Membership

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    gov = get_user_model().objects.create_user("demo-gov", password=panel_world.password)
    Membership.objects.create(user=gov, organization=panel_world.gov, role="officer")
    today = timezone.localdate()
    with sync_playwright() as pw:
        page = browser_page(pw, live_server, "demo-gov", panel_world.password, lang)
        page.goto(f"{live_server.url}/policies/new/")
        page.fill("#id_code", "JS-IV-2026")
        page.fill("#id_title", "Innovation vouchers for SMEs")
        page.select_option("#id_issuer", "GOV-JS")
        page.select_option("#id_region", "320000")
        page.fill("#id_issued_on", "2016-01-01")
        page.fill("#id_effective_from", "2016-01-01")
        page.click("main form button")
        page.wait_for_url("**/policies/JS-IV-2026/")
        measure = "form:has(input[name=what][value=measure])"
        page.fill(f"{measure} [name=title]", "Vouchers for instrument bookings")
        page.fill(f"{measure} [name=responsible]", "LAB")
        page.click(f"{measure} button")
        expect(page.locator("main h2").first).to_contain_text("Vouchers for instrument bookings")
        page.locator("details:has(form:has(input[value=task])) summary").first.click()
        task = "form:has(input[name=what][value=task])"
        page.fill(f"{task} [name=title]", "Settle the first redemptions")
        page.fill(f"{task} [name=responsible]", "LAB")
        page.fill(f"{task} [name=deadline]", (today + dt.timedelta(days=30)).isoformat())
        page.click(f"{task} button")
        expect(page.locator("main")).to_contain_text("Settle the first redemptions")
        page.click("a[href='/policies/JS-IV-2026/evaluate/']")
        page.fill("#id_title", "Vouchers and the test outcome")
        page.select_option("#id_outcome", "stats:TEST_Y")
        page.select_option("#id_design", "did")
        page.fill("#id_treated", "\n".join(f"{u} {y}" for u, y in ADOPTION.items()))
        page.fill("#id_start", "2012")
        page.fill("#id_end", "2022")
        page.click("main form button")
        page.wait_for_url("**/policies/evaluations/*/")
        expect(page.locator("#evaluation-status")).to_be_visible()
        row = Evaluation.objects.get()
        run_inline(row.job_id)  # the worker's part: the page polls and reloads itself
        expect(page.locator("figure svg")).to_be_visible(timeout=15_000)
        expect(page.locator("p.summary")).not_to_be_empty()
        short = "zh" if lang.startswith("zh") else "en"
        with page.expect_download() as download:
            page.click(f"a[href$='format=pdf&lang={short}']")
        pdf = Path(download.value.path()).read_bytes()
        text = first_page(pdf, tmp_path / "report.png")
        assert TITLES[short] in text.replace("\r\n", " ").replace("\n", " ")
        policy = Policy.objects.get(code="JS-IV-2026")
        assert policy.issuer == panel_world.gov and policy.measures.count() == 1
        assert Task.objects.filter(measure__policy=policy).count() == 1
        done = Evaluation.objects.get()
        assert done.state == "done" and done.created_by == gov
        page.context.browser.close()
        # Inside playwright's event loop Django's connections are context-local: the
        # writes above used a connection of their own, which must not outlive the test.
        connections.close_all()
