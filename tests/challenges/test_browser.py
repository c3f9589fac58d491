"""The issue's end-to-end journey in headless Chromium against a live server, in English
and Chinese, without the API: ``demo-firm`` posts a challenge and publishes it (the prize
into escrow), ``demo-lab`` submits a solution with an attachment, the judge scores it,
``demo-firm`` awards the prize and the lab is paid; then ``demo-lab`` asks for
``demo-firm``'s dataset, the holder agrees, the lab downloads it and the download shows
in the holder's access log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.conftest import PASSWORD
from tests.web.test_browser import CHROMIUM
from tests.web.test_journeys_browser import browser_page

from .conftest import balance, fund

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (apt install chromium)"
    ),
    pytest.mark.django_db(transaction=True),
]


def demo_people(world: Any) -> SimpleNamespace:
    """The demo's organisations and logins: FIRM-0001 (demo-firm), SKL-0001 (demo-lab),
    GOV-320000 (demo-gov, the judge); FIRM-0001 holds a dataset shared by agreement."""
    from innofield.alliances import actions as data
    from innofield.catalog.models import Item
    from innofield.registry.models import Membership, Organization

    firm = Organization.objects.create(
        code="FIRM-0001",
        name_zh="演示科技公司",
        name_en="Demo Tech Co.",
        type="sme",
        region=world.zj,
    )
    lab = Organization.objects.create(
        code="SKL-0001",
        name_zh="演示国家重点实验室",
        name_en="Demo State Key Lab",
        type="state_key_lab",
        region=world.nj,
    )
    gov = Organization.objects.create(
        code="GOV-320000", name_zh="江苏省科技厅", type="government", region=world.js
    )
    users = get_user_model().objects
    for name, org, role in (
        ("demo-firm", firm, "manager"),
        ("demo-lab", lab, "manager"),
        ("demo-gov", gov, "officer"),
    ):
        Membership.objects.create(
            user=users.create_user(name, password=PASSWORD), organization=org, role=role
        )
    fund(world, firm, 1_000_000)
    dataset = Item.objects.create(
        kind="dataset", title="Film field trials 2025", owner=firm, region=world.zj
    )
    firmer = users.get(username="demo-firm")
    data.set_policy(actor=firmer, dataset_id=dataset.pk, data={"access": "agreement"})
    data.load_table(
        actor=firmer,
        dataset_id=dataset.pk,
        csv_text="site,days_clear\nHangzhou,210\nNingbo,190\n",
    )
    return SimpleNamespace(firm=firm, lab=lab, dataset=dataset)


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_challenge_paid_and_dataset_shared_in_the_browser(
    world: Any, live_server: Any, monkeypatch: Any, lang: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from innofield.challenges import actions
    from innofield.challenges.models import Challenge, Submission
    from innofield.core.models import AuditLog
    from innofield.ledger import queries as ledger

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    demo = demo_people(world)
    url = live_server.url
    deadline = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    with sync_playwright() as pw:
        firm = browser_page(pw, live_server, "demo-firm", PASSWORD, lang)
        firm.goto(f"{url}/challenges/")
        firm.click("a[href='/challenges/new/']")
        firm.select_option("#id_poster", "FIRM-0001")
        firm.fill("#id_title", "Anti-fog coating for greenhouse films")
        firm.fill("#id_description", "Keep water spreading on the film for three seasons.")
        firm.fill("#id_prize", "5,000")
        firm.fill("#id_deadline", deadline)
        firm.fill("#id_judges", "demo-gov")
        firm.click("main form button")
        firm.wait_for_url("**/challenges/*/")
        firm.click("form:has(input[name=transition][value=publish]) button")
        expect(firm.locator("#escrow")).to_have_text("¥5,000.00")
        challenge = Challenge.objects.get()

        lab = browser_page(pw, live_server, "demo-lab", PASSWORD, lang)
        lab.goto(f"{url}/challenges/{challenge.pk}/")
        lab.select_option("#id_solver", "SKL-0001")
        lab.fill("#id_title", "Sol-gel silica topcoat")
        lab.fill("#id_text", "A hydrophilic silica topcoat cured at 80 °C.")
        lab.set_input_files(
            "#id_attachment",
            files=[{"name": "plan.txt", "mimeType": "text/plain", "buffer": b"test plan"}],
        )
        lab.click("#submit button")
        sub = Submission.objects.get()
        expect(lab.locator(f"#submission-{sub.pk}")).to_contain_text("plan.txt")

        # the deadline passes: the sweep closes the challenge for judging
        assert actions.sweep(now=challenge.deadline + dt.timedelta(minutes=1))["closed"] == 1
        judge = browser_page(pw, live_server, "demo-gov", PASSWORD, lang)
        judge.goto(f"{url}/challenges/{challenge.pk}/")
        for name, value in (("novelty", "8"), ("feasibility", "9"), ("cost", "7")):
            judge.fill(f"#id_s{sub.pk}-score_{name}", value)
        judge.click(f"form[action$='/submissions/{sub.pk}/score/'] button")
        expect(judge.locator(f"#submission-{sub.pk}")).to_contain_text("81.00")

        firm.goto(f"{url}/challenges/{challenge.pk}/")
        firm.fill(f"input[name=amount_{sub.pk}]", "5,000")
        firm.click("#award button")
        expect(firm.locator("#winners")).to_contain_text("SKL-0001")
        expect(firm.locator("#escrow")).to_have_text("¥0.00")

        lab.goto(f"{url}/data/{demo.dataset.pk}/")
        lab.select_option("#id_organization", "SKL-0001")
        lab.fill("#id_purpose", "compare coatings")
        lab.fill("#id_days", "30")
        lab.click("form:has(input[name=what][value=request]) button")
        firm.goto(f"{url}/data/{demo.dataset.pk}/")
        firm.click("form:has(input[name=transition][value=agree]) button")
        lab.goto(f"{url}/data/{demo.dataset.pk}/")
        with lab.expect_download() as got:
            lab.click(f"a[href='/data/{demo.dataset.pk}/download/']")
        text = Path(got.value.path()).read_text(encoding="utf-8")
        assert "Hangzhou,210" in text

        firm.goto(f"{url}/data/{demo.dataset.pk}/")
        firm.click(f"a[href*='object_id={demo.dataset.pk}']")
        expect(firm.locator("main")).to_contain_text("alliances.data.download")
        expect(firm.locator("main")).to_contain_text("demo-lab")
        for page in (firm, lab, judge):
            page.context.browser.close()
    challenge.refresh_from_db()
    assert challenge.state == "awarded"
    assert balance("ORG-SKL-0001") == 500_000 and balance("ORG-FIRM-0001") == 500_000
    assert AuditLog.objects.filter(action="alliances.data.download").count() == 1
    assert ledger.check_invariants() == []
