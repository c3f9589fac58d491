"""demo-firm's journey in headless Chromium, in English and in Chinese: a refused job
names the field, a job submitted with a computing voucher is placed by an allocation run
on the job queue, accepted, metered and settled; the voucher pays part of it, the ledger
checks clean and the dashboard draws the east→west flow on the map."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import browser_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]
DRAWN = """id => {
    const c = echarts.getInstanceByDom(document.getElementById(id));
    return c && c.getOption().series.length === 3 && c.getOption().series[2].data.length > 0;
}"""


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_demo_firm_submits_and_pays_with_a_computing_voucher(
    grid: Any, voucher: Any, work: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    from innofield.computing.models import ComputeJob, Usage
    from innofield.ledger.queries import check_invariants
    from innofield.registry.models import Membership

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    world = grid.world
    user = get_user_model().objects.create_user("demo-firm", password=world.password)
    Membership.objects.create(user=user, organization=world.firm, role="manager")
    deadline = (timezone.localtime() + dt.timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M")
    errors: list[str] = []
    with sync_playwright() as pw:
        page = browser_page(pw, live_server, "demo-firm", world.password, lang)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server.url}/computing/jobs/new/")
        page.fill("#id_title", "crystal structure search")
        page.select_option("#id_hardware", "gpu")
        page.fill("#id_units", "40")
        page.select_option("#id_data_province", "370000")  # Shandong: no GPU offer there
        page.select_option("#id_residency", "province")
        page.fill("#id_deadline", deadline)
        with page.expect_navigation():
            page.click("#job-form button")
        # the refusal names the residency field, next to it
        expect(page.locator("#id_residency_error, .errorlist").first).to_be_visible()
        assert ComputeJob.objects.count() == 0
        page.select_option("#id_data_province", "330000")
        page.select_option("#id_residency", "zone")
        page.select_option("#id_voucher", str(voucher.grant.pk))
        with page.expect_navigation(url="**/computing/jobs/*/"):
            page.click("#job-form button")
        job = ComputeJob.objects.get()
        page.goto(f"{live_server.url}/computing/jobs/")
        with page.expect_navigation(url="**/computing/runs/"):
            page.click("#run-form button")
        work()  # the platform's job worker takes the allocation run off the queue
        job.refresh_from_db()
        # zone residency keeps the Zhejiang data in the east: the Yangtze Delta cluster
        assert job.state == "placed"
        page.goto(f"{live_server.url}/computing/jobs/{job.pk}/")
        expect(page.locator("#placement")).to_contain_text("YRD")
        expect(page.locator("#why li").first).to_be_visible()
        for move in ("accept", "meter", "settle"):
            with page.expect_navigation(url=f"**/computing/jobs/{job.pk}/"):
                page.click(f"button[value={move}]")
        expect(page.locator("#voucher-share")).to_be_visible()
        page.goto(f"{live_server.url}/computing/dashboard/")
        page.wait_for_function(DRAWN, arg="chart-flows", timeout=15000)
        page.context.browser.close()
        # the ORM calls above ran inside Playwright's greenlet, on a connection of its own
        connections.close_all()
    job.refresh_from_db()
    usage = Usage.objects.get()
    assert job.state == "settled" and usage.subsidy_fen == usage.amount_fen * 3 // 10 > 0
    assert check_invariants() == []
    assert not errors, errors
