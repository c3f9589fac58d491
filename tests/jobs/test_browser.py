"""In headless Chromium: the "my jobs" bar follows a running job without reloading."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any

import pytest

from innofield.jobs import actions

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
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
]


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_by_itself(world: NS, live_server: Any, monkeypatch: Any) -> None:
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    job = actions.submit("tests.count", {"n": 4}, actor=world.firmer, background=False)
    running = actions.start(job.pk)
    assert running is not None
    running.progress(1, 4, "step 2")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "firmer")
        page.fill("#id_password", world.password)
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/jobs/")
        bar = page.locator(f"#job-{job.pk} progress")
        expect(bar).to_have_attribute("value", "25")
        running.progress(3, 4, "step 4")  # as the worker would report
        expect(bar).to_have_attribute("value", "75", timeout=8_000)
        expect(page.locator(f"#job-{job.pk}")).to_contain_text("step 4")
        actions.succeed(job.pk, {"counted": 4})
        row = page.locator(f"#job-{job.pk}")
        expect(row).to_contain_text("succeeded", timeout=8_000)
        expect(row).not_to_have_attribute("hx-get", f"/jobs/{job.pk}/row/")
        browser.close()
        # Inside playwright's event loop Django's connections are context-local: the
        # writes above used a connection of their own, which must not outlive the test.
        connections.close_all()
