"""Market fixtures: a broker, a co-owning university, a technology item and helpers
that drive listings and deals through the actions (never around them)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.conftest import PASSWORD


@pytest.fixture
def market(world: SimpleNamespace) -> SimpleNamespace:
    """The test world plus a broker (TTC-JS), a co-owner (UNI) and a technology item of LAB
    that the catalog records as co-owned by UNI with a share of 0.4."""
    from innofield.catalog.models import Item
    from innofield.registry.models import Membership, Organization

    broker = Organization.objects.create(
        code="TTC-JS",
        name_zh="江苏技术转移中心",
        name_en="Jiangsu TTC",
        type="service_agency",
        region=world.js,
    )
    uni = Organization.objects.create(
        code="UNI",
        name_zh="测试大学",
        name_en="Test University",
        type="university",
        region=world.nj,
    )
    User = get_user_model()
    brokerer = User.objects.create_user("brokerer", password=PASSWORD)
    Membership.objects.create(user=brokerer, organization=broker, role="manager")
    unier = User.objects.create_user("unier", password=PASSWORD)
    Membership.objects.create(user=unier, organization=uni, role="manager")
    item = Item.objects.create(
        kind="technology",
        title="Solid-state battery electrolyte",
        owner=world.lab,
        region=world.nj,
        classification=["H01M"],
        details={"co_owners": [{"organization": "UNI", "share": "0.4"}]},
    )
    instrument = Item.objects.create(
        kind="instrument", title="Electron microscope", owner=world.lab, region=world.nj
    )
    return SimpleNamespace(
        **vars(world),
        broker=broker,
        uni=uni,
        brokerer=brokerer,
        unier=unier,
        item=item,
        instrument=instrument,
    )


def make_listing(m: SimpleNamespace, *, publish: bool = True, **data: Any) -> Any:
    """A listing of the test item co-owned by LAB (0.6) and UNI (0.4), brokered by TTC-JS."""
    from innofield.market import actions

    payload = {
        "item": m.item.pk,
        "mode": "agreement",
        "broker": "TTC-JS",
        "owners": [
            {"organization": "LAB", "share": "0.6"},
            {"organization": "UNI", "share": "0.4"},
        ],
    } | data
    listing = actions.create_listing(actor=m.labber, data=payload)
    if publish:
        listing = actions.publish_listing(actor=m.labber, listing_id=listing.pk)
    return listing


def end_notice(listing: Any) -> None:
    """Time travel: move the listing's notice period into the past."""
    from innofield.market.models import Listing

    past = timezone.now() - dt.timedelta(days=1)
    Listing.objects.filter(pk=listing.pk).update(
        notice_starts_at=past - dt.timedelta(days=15), notice_ends_at=past
    )


DEAL_PATH = ["inquiry", "negotiation", "agreed", "signed", "registered", "completed"]


def make_deal(m: SimpleNamespace, state: str, *, listing: Any = None) -> Any:
    """A deal of FIRM on an agreement listing, driven through the actions up to ``state``."""
    from innofield.market import actions

    listing = listing or make_listing(m)
    deal = actions.make_inquiry(
        actor=m.firmer, listing_id=listing.pk, buyer_code="FIRM", message="interested"
    )
    steps = {
        "negotiation": lambda d: actions.transition_deal(
            actor=m.labber, deal_id=d.pk, transition="negotiate"
        ),
        "agreed": lambda d: actions.transition_deal(
            actor=m.labber,
            deal_id=d.pk,
            transition="agree",
            data={"contract_type": "license", "price_fen": 1_000_000},
        ),
        "signed": lambda d: sign_both(m, d),
        "registered": lambda d: actions.transition_deal(
            actor=m.labber, deal_id=d.pk, transition="register"
        ),
        "completed": lambda d: _pay_all_and_complete(m, d),
    }
    for target in DEAL_PATH[1 : DEAL_PATH.index(state) + 1]:
        deal = steps[target](deal)
    return deal


def sign_both(m: SimpleNamespace, deal: Any) -> Any:
    """The buyer (FIRM) signs, then the seller (LAB): the contract is signed."""
    from innofield.market import actions

    actions.transition_deal(actor=m.firmer, deal_id=deal.pk, transition="sign")
    return actions.transition_deal(actor=m.labber, deal_id=deal.pk, transition="sign")


def fund(m: SimpleNamespace, org: Any, amount_fen: int) -> None:
    """Open ``org``'s ledger account (limit: no overdraft) and pay money in from outside."""
    from innofield.ledger import actions as ledger
    from innofield.ledger.models import Account

    if not Account.objects.filter(code="ext:bank").exists():
        ledger.open_account(actor=m.admin, code="ext:bank", name="outside world", kind="external")
    code = f"ORG-{org.code}"
    if not Account.objects.filter(code=code).exists():
        ledger.open_account(
            actor=m.admin,
            code=code,
            name=org.code,
            kind="org",
            owner=org,
            debits_must_not_exceed_credits=True,
        )
    ledger.transfer(
        actor=m.admin,
        key=f"fund:{org.code}:{amount_fen}",
        debit="ext:bank",
        credit=code,
        amount=amount_fen,
    )


def _pay_all_and_complete(m: SimpleNamespace, deal: Any) -> Any:
    from innofield.market import actions

    fund(m, m.firm, deal.price_fen)
    ms = actions.plan_milestone(
        actor=m.firmer, deal_id=deal.pk, title="all", amount_fen=deal.price_fen
    )
    actions.transition_milestone(actor=m.labber, milestone_id=ms.pk, transition="fall_due")
    actions.transition_milestone(actor=m.firmer, milestone_id=ms.pk, transition="pay")
    return actions.transition_deal(actor=m.labber, deal_id=deal.pk, transition="complete")
