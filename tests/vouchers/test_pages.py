"""Voucher pages per role, through the in-process client."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

from django.test import Client
from tests.conftest import PASSWORD

from innofield.vouchers.models import Redemption

from .conftest import delivered


def _login(name: str) -> Client:
    c = Client()
    assert c.login(username=name, password=PASSWORD)
    return c


def test_officer_grants_firm_redeems_officer_claws_back(world: NS, scheme: NS) -> None:
    assert b"JS-2026" in Client().get("/vouchers/").content
    officer = _login("officer")
    page = officer.get("/vouchers/programmes/JS-2026/")
    assert page.status_code == 200 and b"Grant a voucher" in page.content
    r = officer.post(
        "/vouchers/programmes/JS-2026/", {"firm": "RIVAL", "amount": "1,000", "key": "web-1"}
    )
    assert r.status_code == 302, r.content
    grant_url = r["Location"]
    refused = officer.post(
        "/vouchers/programmes/JS-2026/", {"firm": "LAB", "amount": "0.01", "key": "web-2"}
    )
    assert b"not eligible" in refused.content

    firm = _login("rivaler")
    assert b"Grant a voucher" not in firm.get("/vouchers/programmes/JS-2026/").content
    evidence = delivered(world.rival, scheme.zju, world.rivaler, 50_000)  # charged 500.00 CNY
    page = firm.get(grant_url).content.decode()
    assert f'value="{evidence}"' in page and "¥500.00" in page  # offered with its charge
    too_much = firm.post(
        grant_url, {"evidence": evidence, "price": "500.01", "mode": "direct", "key": "web-r0"}
    )
    assert too_much.status_code == 200 and "more than booking" in too_much.content.decode()
    form = {"evidence": evidence, "price": "", "mode": "direct", "key": "web-r1"}
    assert firm.post(grant_url, form).status_code == 302
    assert Redemption.objects.get(key="web-r1").subsidy == 25_000  # half of the charge
    bad = firm.post(grant_url, {**form, "key": "web-r2", "evidence": "usage:77"})
    assert b"evidence" in bad.content and bad.status_code == 200
    assert evidence.encode() in _login("zjuer").get("/vouchers/").content

    r = Redemption.objects.get(key="web-r1")
    assert firm.post(f"/vouchers/redemptions/{r.pk}/clawback/", {"reason": "x"}).status_code == 302
    r.refresh_from_db()
    assert r.status == "paid"  # the firm may not claw back
    officer.post(f"/vouchers/redemptions/{r.pk}/clawback/", {"reason": "no usage log"})
    r.refresh_from_db()
    assert r.status == "clawed_back"
    assert _login("outsider").get(grant_url).status_code == 404


def test_settlement_page_is_for_admins(world: NS, scheme: NS, granted: Any) -> None:
    assert _login("officer").get("/vouchers/settlements/").status_code == 404
    admin = _login("admin")
    assert admin.get("/vouchers/settlements/").status_code == 200
    assert admin.post("/vouchers/settlements/").status_code == 302


def test_admin_lists_are_read_only(world: NS, scheme: NS, granted: Any) -> None:
    admin = _login("admin")
    for path in (
        "/admin/vouchers/programme/",
        "/admin/vouchers/grant/",
        "/admin/ledger/account/",
        "/admin/ledger/transfer/",
    ):
        assert admin.get(path).status_code == 200, path
    assert admin.get("/admin/ledger/account/add/").status_code == 403


def test_grant_and_programme_pages_show_yuan_not_fen(world: NS, scheme: NS) -> None:
    from innofield.vouchers.models import Grant

    officer = _login("officer")
    r = officer.post(
        "/vouchers/programmes/JS-2026/", {"firm": "RIVAL", "amount": "10,000", "key": "yuan-1"}
    )
    assert r.status_code == 302, r.content
    assert Grant.objects.get(pk=int(r["Location"].rstrip("/").rsplit("/", 1)[1])).amount == (
        1_000_000
    )  # fen inside
    for lang, label in (("en", "Amount"), ("zh-hans", "金额")):
        officer.cookies.pop("django_language", None)
        page = officer.get(r["Location"], HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f"<dt>{label}</dt><dd>¥10,000.00</dd>" in page
        assert "1000000" not in page and "(fen)" not in page and "（分）" not in page
        programme = officer.get(
            "/vouchers/programmes/JS-2026/", HTTP_ACCEPT_LANGUAGE=lang
        ).content.decode()
        assert "¥0.00 / ¥10,000.00" in programme  # redeemed / granted, in yuan
        assert "‱" not in programme and " %" in programme and "(fen)" not in programme
