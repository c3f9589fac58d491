"""End to end in headless Chromium against a real server: log in, create an item, find it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("INNOFIELD_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
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
def test_log_in_create_an_item_and_find_it(world, live_server, monkeypatch):
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM runs in the server thread
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "labber")
        page.fill("#id_password", world.password)
        page.click("button[type=submit]")
        expect(page.locator(".who")).to_have_text("labber")

        page.goto(f"{live_server.url}/items/new/")
        page.select_option("#id_kind", "technology")
        page.fill("#id_title", "Self-healing polymer coating")
        page.fill(
            "#id_description",
            "Microcapsule-based coating that repairs scratches at room temperature.",
        )
        page.select_option("#id_owner", "LAB")
        page.fill("#id_trl", "5")
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Self-healing polymer coating")

        page.goto(f"{live_server.url}/catalog/")
        page.fill("input[name=q]", "self-healing")
        results = page.locator("#results")
        expect(results).to_contain_text("Self-healing polymer coating")  # htmx swapped the results
        page.fill("input[name=q]", "no such thing anywhere")
        expect(results).to_contain_text("Nothing found.")
        browser.close()
