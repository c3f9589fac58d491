"""Refusals of the facility manager's page and of the bills page say why in the page's
language, naming the field, amounts in yuan; notifications are stored as a message key
with its values and read in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.db import transaction
from django.utils import translation
from tests.page_text import client_in, errors_shown

from innofield.booking import facility_actions, invoicing
from innofield.booking.models import Booking, Invoice, Notification, Policy
from innofield.core.errors import ValidationFailed

from .conftest import at
from .test_facility_pages import policy_post

pytestmark = pytest.mark.django_db


_client = client_in
_errors = errors_shown


def test_a_policy_with_a_longest_booking_below_the_shortest_is_refused_in_chinese(
    lab_world: NS,
) -> None:
    url = f"/instruments/{lab_world.inst.pk}/manage/"
    post = policy_post(min_minutes="120", max_minutes="60")
    zh = _errors(_client(lab_world.labber, "zh-hans").post(url, post))
    assert "最长预约（分钟）: 不得短于最短预约时长" in zh, zh
    en = _errors(_client(lab_world.labber, "en").post(url, post))
    assert "Longest booking (minutes): must not be less than the shortest booking" in en, en
    assert Policy.objects.get(instrument=lab_world.inst).max_minutes != 60


def test_revoking_a_qualification_nobody_holds_names_the_user_in_chinese(lab_world: NS) -> None:
    url = f"/instruments/{lab_world.inst.pk}/qualified/firmer/revoke/"
    zh = _errors(_client(lab_world.labber, "zh-hans").post(url, follow=True))
    assert zh == [f"用户: firmer 没有仪器 {lab_world.inst.pk} 的使用资格"], zh
    en = _errors(_client(lab_world.labber, "en").post(url, follow=True))
    assert en == [f"user: firmer is not qualified on instrument {lab_world.inst.pk}"], en


def test_the_api_rules_keep_their_english_field_names(lab_world: NS) -> None:
    with pytest.raises(ValidationFailed) as exc:
        facility_actions.set_policy(
            actor=lab_world.labber,
            instrument_id=lab_world.inst.pk,
            data={"price_industry_fen": 10**16},
        )
    (error,) = exc.value.errors
    assert error.field == "price_industry_fen"
    assert error.reason == "must be an amount from ¥0.00 to ¥10,000,000,000,000.00"


def _invoice(w: NS, org: Any, user: Any, charge_fen: int = 123_456) -> Invoice:
    start = at(2, 9)
    booking = Booking.objects.create(
        instrument=w.inst,
        user=user,
        organization=org,
        start=start,
        end=at(2, 10),
        hold_start=start,
        hold_end=at(2, 10),
        status="completed",
        tier="industry",
        price_per_hour_fen=charge_fen,
        quoted_fen=charge_fen,
        charge_fen=charge_fen,
    )
    with transaction.atomic(), translation.override("en"):
        invoice = invoicing.issue(actor=w.admin, booking=booking, kind="usage")
    assert invoice is not None
    return invoice


def test_paying_a_bill_without_an_account_is_refused_in_chinese(lab_world: NS) -> None:
    invoice = _invoice(lab_world, lab_world.firm, lab_world.firmer)
    url = f"/bookings/bills/{invoice.pk}/pay/"
    zh = _errors(_client(lab_world.firmer, "zh-hans").post(url, follow=True))
    assert len(zh) == 1 and zh[0].startswith("账户: FIRM 没有账户 "), zh
    assert zh[0].endswith("：请先开立账户并注入资金"), zh
    en = _errors(_client(lab_world.firmer, "en").post(url, follow=True))
    assert len(en) == 1 and en[0].startswith("account: FIRM has no ledger account "), en
    invoice.refresh_from_db()
    assert invoice.status == "open" and invoice.paid_fen == 0


def test_a_member_who_may_not_pay_is_told_who_may_in_chinese(lab_world: NS) -> None:
    invoice = _invoice(lab_world, lab_world.rival, lab_world.rivaler)
    url = f"/bookings/bills/{invoice.pk}/pay/"
    zh = _errors(_client(lab_world.rivaler, "zh-hans").post(url, follow=True))
    assert zh == ["只有 RIVAL 的管理员、专员或系统管理员可以支付其账单"], zh
    en = _errors(_client(lab_world.rivaler, "en").post(url, follow=True))
    assert en == ["only a manager, officer or admin of RIVAL may pay its invoices"], en
    assert Invoice.objects.get(pk=invoice.pk).status == "open"


def test_a_notification_is_read_in_the_readers_language(lab_world: NS) -> None:
    """Written while English is active, it is stored as a key and values; a Chinese reader
    reads it in Chinese (amount in yuan), an English reader in English."""
    invoice = _invoice(lab_world, lab_world.firm, lab_world.firmer)
    note = Notification.objects.get(kind="booking.invoice")
    assert note.text == "Booking %(booking)s: invoice %(invoice)s of %(amount)s to pay."
    assert note.params == {
        "booking": invoice.booking_id,
        "invoice": invoice.pk,
        "amount": "¥1,234.56",
    }
    english = f"Booking {invoice.booking_id}: invoice {invoice.pk} of ¥1,234.56 to pay."
    assert note.message == english
    with translation.override("zh-hans"):
        assert note.shown() == f"预约 {invoice.booking_id}：账单 {invoice.pk} 待支付 ¥1,234.56。"
    with translation.override("en"):
        assert note.shown() == english
    zh = _client(lab_world.firmer, "zh-hans").get("/bookings/mine/").content.decode()
    assert f"账单 {invoice.pk} 待支付 ¥1,234.56" in zh and "to pay" not in zh
    en = _client(lab_world.firmer, "en").get("/bookings/mine/").content.decode()
    assert english in en


def test_a_blackout_notification_translates_its_kind(lab_world: NS) -> None:
    note = Notification.objects.create(
        user=lab_world.firmer,
        kind="booking.blackout_clash",
        message="(English)",
        text="Booking %(booking)s overlaps a planned %(kind)s (%(reason)s); please rebook.",
        params={"booking": 7, "kind": "maintenance", "reason": "annual service"},
    )
    with translation.override("zh-hans"):
        assert note.shown() == "预约 7 与计划中的维护（annual service）冲突，请重新预约。"
    old = Notification.objects.create(user=lab_world.firmer, kind="x", message="Old text.")
    with translation.override("zh-hans"):
        assert old.shown() == "Old text."  # rows from before keys: their stored wording
