"""Refusals of the listing form, the deal, milestone and objection steps and the
cross-border pages say why in the page's language, naming the field, with amounts in yuan:
Chinese under zh-hans, English under en; nothing half-translated, no raw field names or
fen. The actions (and so the API) keep the field names."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace
from typing import Any

import pytest
from tests.page_text import client_in, errors_shown

from innofield.core.errors import ValidationFailed
from innofield.market import actions
from innofield.market.models import CrossBorderContract, Listing, Milestone, Objection

from .conftest import make_deal, make_listing

pytestmark = pytest.mark.django_db


_client = client_in
_errors = errors_shown


def _no_english(said: str) -> None:
    """A Chinese refusal carries no English words (codes, ids and amounts aside)."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z_']{3,}", said) if not w.isupper()]
    assert not words, said


def test_the_listing_form_refuses_a_missing_price_naming_the_field(
    market: SimpleNamespace,
) -> None:
    form = {"item": market.item.pk, "mode": "listing", "notice_days": "15"}
    zh = _errors(_client(market.labber, "zh-hans").post("/market/listings/new/", form))
    assert "挂牌价（元）: 此交易方式必须填写" in zh, zh
    for said in zh:
        _no_english(said)
    en = _errors(_client(market.labber, "en").post("/market/listings/new/", form))
    assert "Listed price (CNY): is required for this trade mode" in en, en
    assert not any("asking_price_fen" in e for e in en + zh)
    assert not Listing.objects.exists()


def test_the_listing_form_refuses_a_short_notice_in_chinese(market: SimpleNamespace) -> None:
    form = {"item": market.item.pk, "mode": "listing", "notice_days": "0", "asking_price": "100"}
    zh = _errors(_client(market.labber, "zh-hans").post("/market/listings/new/", form))
    assert "公示天数: 挂牌公示的公示期至少为 1 天" in zh, zh
    en = _errors(_client(market.labber, "en").post("/market/listings/new/", form))
    assert (
        "Public-notice days: a listing with public notice needs a notice period of at least 1 day"
        in en
    )
    assert not Listing.objects.exists()


def test_the_listing_rules_keep_field_names_and_say_amounts_in_yuan(
    market: SimpleNamespace,
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        actions.create_listing(
            actor=market.labber,
            data={"item": market.item.pk, "mode": "listing", "asking_price_fen": -5},
        )
    (error,) = exc.value.errors
    assert error.field == "asking_price_fen"  # the API's name
    assert error.reason == "must be an amount from ¥0.00 to ¥10,000,000,000,000.00"


def test_milestones_above_the_price_are_refused_in_yuan(market: SimpleNamespace) -> None:
    deal = make_deal(market, "agreed")  # price ¥10,000.00
    form = {"act": "milestone", "title": "first", "amount": "10,000.01"}
    url = f"/market/deals/{deal.pk}/act/"
    zh = _errors(_client(market.labber, "zh-hans").post(url, form, follow=True))
    assert zh == ["金额: 里程碑合计将为 ¥10,000.01，超过成交价格 ¥10,000.00"], zh
    en = _errors(_client(market.labber, "en").post(url, form, follow=True))
    assert en == ["amount: milestones would total ¥10,000.01, above the price ¥10,000.00"], en
    assert not Milestone.objects.exists()


def test_a_step_of_another_party_is_refused_in_chinese(market: SimpleNamespace) -> None:
    deal = make_deal(market, "inquiry")
    url = f"/market/deals/{deal.pk}/act/"
    zh = _errors(_client(market.firmer, "zh-hans").post(url, {"act": "negotiate"}, follow=True))
    assert zh == ["只有交易经纪机构或卖方的成员可以对此交易执行“洽谈”"], zh
    _no_english(zh[0])
    en = _errors(_client(market.firmer, "en").post(url, {"act": "negotiate"}, follow=True))
    assert en == ["only a member of the deal's broker or seller may negotiate this deal"], en
    deal.refresh_from_db()
    assert deal.state == "inquiry"


def test_a_price_below_the_listed_price_is_refused_in_yuan(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=500_000, notice_days=1)
    deal = actions.make_inquiry(actor=market.firmer, listing_id=listing.pk, buyer_code="FIRM")
    actions.transition_deal(actor=market.labber, deal_id=deal.pk, transition="negotiate")
    form = {"act": "agree", "contract_type": "license", "price": "4,999.99"}
    url = f"/market/deals/{deal.pk}/act/"
    zh = _errors(_client(market.labber, "zh-hans").post(url, form, follow=True))
    assert zh == ["价格: 不得低于挂牌价格 ¥5,000.00"], zh
    en = _errors(_client(market.labber, "en").post(url, form, follow=True))
    assert en == ["price: cannot be below the listed price ¥5,000.00"], en
    deal.refresh_from_db()
    assert deal.state == "negotiation"


def test_an_empty_objection_is_refused_naming_the_reason(market: SimpleNamespace) -> None:
    listing = make_listing(market, mode="listing", asking_price_fen=500_000, notice_days=5)
    url = f"/market/listings/{listing.pk}/act/"
    zh = _errors(_client(market.firmer, "zh-hans").post(url, {"act": "object"}, follow=True))
    assert zh == ["理由: 请说明异议内容"], zh
    en = _errors(_client(market.firmer, "en").post(url, {"act": "object"}, follow=True))
    assert en == ["reason: say what the objection is"], en
    assert not Objection.objects.exists()


def test_an_objection_out_of_the_notice_period_is_refused_in_chinese(
    market: SimpleNamespace,
) -> None:
    listing = make_listing(market)  # agreement: no public notice
    form = {"act": "object", "reason": "we invented it"}
    url = f"/market/listings/{listing.pk}/act/"
    zh = _errors(_client(market.firmer, "zh-hans").post(url, form, follow=True))
    assert zh == ["只在已发布挂牌的公示期内受理异议（当前状态“开放”，公示期结束：无）"], zh
    en = _errors(_client(market.firmer, "en").post(url, form, follow=True))
    assert en == [
        "objections are accepted only during the public-notice period of a published "
        "listing (state open, notice ends never)"
    ], en


def test_the_cross_border_pages_show_no_raw_exception_text(market: SimpleNamespace) -> None:
    """A contract that does not exist, a step refused, a filter that is not a state: the
    reason in the page's language, never the exception's English or a raw field name."""
    zh = _client(market.labber, "zh-hans")
    said = _errors(zh.post("/market/cross-border/999/act/", {"act": "submit"}, follow=True))
    assert said == ["没有编号为 999 的跨境合同"], said
    said = _errors(zh.get("/market/cross-border/?state=bogus"))
    assert len(said) == 1 and said[0].startswith("状态: "), said
    deal = make_deal(market, "inquiry")  # terms are filed on agreed or signed deals
    said = _errors(zh.post(f"/market/deals/{deal.pk}/cross-border/", {}, follow=True))
    assert said and all("fen" not in s and "_" not in s for s in said), said
    en = _client(market.labber, "en")
    said = _errors(en.post("/market/cross-border/999/act/", {"act": "submit"}, follow=True))
    assert said == ["no cross-border contract with id 999"], said


def test_the_api_keeps_the_field_name_and_says_the_amount_in_yuan(
    market: SimpleNamespace, api: Any
) -> None:
    deal = make_deal(market, "agreed")  # price ¥10,000.00
    r = api(market.labber).post(
        f"/api/market/deals/{deal.pk}/milestones", {"title": "all", "amount_fen": 1_000_001}
    )
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "field": "amount_fen",
            "reason": "milestones would total ¥10,000.01, above the price ¥10,000.00",
        }
    ]
    assert not Milestone.objects.exists()


def test_paying_a_milestone_without_the_buyers_account_is_refused_in_chinese(
    market: SimpleNamespace,
) -> None:
    deal = make_deal(market, "signed")
    ms = actions.plan_milestone(
        actor=market.labber, deal_id=deal.pk, title="all", amount_fen=1_000_000
    )
    actions.transition_milestone(actor=market.labber, milestone_id=ms.pk, transition="fall_due")
    form = {"act": "pay", "milestone": ms.pk}
    url = f"/market/deals/{deal.pk}/act/"
    zh = _errors(_client(market.firmer, "zh-hans").post(url, form, follow=True))
    assert zh == ["买方 FIRM 没有账户 ORG-FIRM；请先开立账户并注入资金再支付"], zh
    en = _errors(_client(market.firmer, "en").post(url, form, follow=True))
    assert en == [
        "the buyer FIRM has no ledger account ORG-FIRM; open and fund it before paying"
    ], en
    assert Milestone.objects.get(pk=ms.pk).state == "due"


def test_a_catalogue_refusal_filed_in_chinese_reads_in_english_for_an_english_reader(
    market: SimpleNamespace,
) -> None:
    """The refusal of a prohibited export is stored in the submitter's language; each
    reader sees it in their own (an officer's own words would be shown as written)."""
    from .test_cross_border_pages import _form

    deal = make_deal(market, "agreed")
    zh = _client(market.labber, "zh-hans")
    zh.post(f"/market/deals/{deal.pk}/cross-border/", _form(technology_category="050304J"))
    row = CrossBorderContract.objects.get()
    said = _errors(zh.post(f"/market/cross-border/{row.pk}/act/", {"act": "submit"}, follow=True))
    assert len(said) == 1 and said[0].startswith("已拒绝") and "050304J" in said[0], said
    _no_english(said[0])
    row.refresh_from_db()
    assert row.state == "refused" and "050304J" in row.refusal_reason
    en = _client(market.labber, "en")
    for page in (en.get(f"/market/deals/{deal.pk}/"), en.get("/market/cross-border/")):
        text = html.unescape(page.content.decode())
        assert "export of category 050304J" in text and "prohibited by the Catalogue" in text
        assert row.refusal_reason not in text  # the Chinese wording stays out
