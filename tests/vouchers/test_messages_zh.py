"""A redemption the rules refuse says why in Chinese on the page under zh-hans: the price
above what the delivery is worth, and a share too small to pay (a pure rule)."""

from __future__ import annotations

from types import SimpleNamespace as NS

from django.test import Client
from tests.conftest import PASSWORD

from innofield.vouchers import actions
from innofield.vouchers.models import Redemption

from .conftest import delivered


def _firm(lang: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    assert client.login(username="rivaler", password=PASSWORD)
    return client


def test_a_refused_redemption_speaks_chinese(world: NS, scheme: NS) -> None:
    g = actions.grant(
        actor=world.officer,
        key="g-zh",
        programme_id=scheme.programme.pk,
        firm=world.rival,
        amount=1_000_000,
    )
    evidence = delivered(world.rival, scheme.zju, world.rivaler, 50_000)  # 500.00 yuan
    url = f"/vouchers/grants/{g.pk}/"
    firm = _firm("zh-hans")
    too_much = firm.post(
        url, {"evidence": evidence, "price": "500.01", "mode": "direct", "key": "zh-1"}
    )
    html = too_much.content.decode()
    assert too_much.status_code == 200
    assert "超过了预约" in html and "¥500.01" in html and "is more than" not in html
    tiny = firm.post(url, {"evidence": evidence, "price": "0.01", "mode": "direct", "key": "zh-2"})
    tiny_html = tiny.content.decode()
    assert "金额过小" in tiny_html and "too small" not in tiny_html
    english = _firm("en").post(
        url, {"evidence": evidence, "price": "0.01", "mode": "direct", "key": "en-1"}
    )
    assert "too small: the voucher" in english.content.decode()
    assert Redemption.objects.count() == 0
