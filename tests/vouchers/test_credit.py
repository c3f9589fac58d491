"""Joint credit: scoring explained, shares, drawdowns split on the ledger."""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

import pytest

from innofield.catalog.models import Item
from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.ledger import actions as ledger_actions
from innofield.ledger import queries as ledger
from innofield.registry.models import Membership, Organization
from innofield.vouchers import actions, credit


def test_score_is_explained_and_bounded() -> None:
    value, rows = credit.score({"technology_items": 20, "bookings": 3})
    assert value == 30 + 6 + 15
    assert {r["factor"]: r["points"] for r in rows}["technology_items"] == 30
    assert credit.score({"clawbacks": 9})[0] == 0
    assert credit.score({k: 99 for k in credit.FACTORS})[0] == 100


def test_split_is_exact() -> None:
    assert credit.split(100, [3334, 3333, 3333]) == [34, 33, 33]
    assert sum(credit.split(99_999, [5000, 3000, 2000])) == 99_999
    assert credit.share_errors([6000, 3000]) == [
        ("shares", "shares must sum to 10000 basis points, not 9000")
    ]


@pytest.fixture
def banks(world: NS) -> NS:
    """A lead bank in Jiangsu and a partner in Zhejiang, each holding 1,000,000 yuan."""
    lead = Organization.objects.create(
        code="FIN-JS", name_zh="江苏银行", type="financial_institution", region=world.js
    )
    partner = Organization.objects.create(
        code="FIN-ZJ", name_zh="浙江银行", type="financial_institution", region=world.zj
    )
    Membership.objects.create(user=world.officer, organization=lead, role="manager")
    ledger_actions.open_account(actor=world.admin, code="EXT", name="x", kind="external")
    for bank in (lead, partner):
        ledger_actions.open_account(
            actor=world.admin,
            code=f"ORG-{bank.code}",
            name=bank.code,
            kind="org",
            owner=bank,
            debits_must_not_exceed_credits=True,
        )
        ledger_actions.transfer(
            actor=world.admin,
            key=f"fund-{bank.code}",
            debit="EXT",
            credit=f"ORG-{bank.code}",
            amount=100_000_000,
        )
    for i in range(10):
        Item.objects.create(
            kind="technology", title=f"patent {i}", owner=world.rival, region=world.js
        )
    return NS(lead=lead, partner=partner)


def test_open_and_draw_a_joint_line(world: NS, banks: NS) -> None:
    line = actions.open_credit_line(
        actor=world.officer,
        code="JC-1",
        firm=world.rival,
        lead_bank=banks.lead,
        limit=5_000_000,
        shares={"FIN-JS": 6000, "FIN-ZJ": 4000},
    )
    assert line.score == 45 and line.explanation[0]["factor"] == "technology_items"
    legs = actions.draw_credit(actor=world.officer, line_id=line.pk, amount=1_000_001, key="d1")
    assert [t.amount for t in legs] == [600_001, 400_000]
    assert ledger.balance("ORG-RIVAL")["balance"] == 1_000_001
    assert (
        actions.draw_credit(actor=world.officer, line_id=line.pk, amount=1_000_001, key="d1")
        == legs
    )
    with pytest.raises(Conflict):
        actions.draw_credit(actor=world.officer, line_id=line.pk, amount=5, key="d1")
    with pytest.raises(ValidationFailed, match="3999999 fen left"):
        actions.draw_credit(actor=world.officer, line_id=line.pk, amount=4_000_000, key="d2")
    with pytest.raises(PermissionDenied):
        actions.draw_credit(actor=world.rivaler, line_id=line.pk, amount=1, key="d3")
    assert ledger.check_invariants() == []


def test_refusals(world: NS, banks: NS) -> None:
    args: dict[str, Any] = dict(
        code="JC-2",
        firm=world.rival,
        lead_bank=banks.lead,
        limit=1_000,
        shares={"FIN-JS": 6000, "FIN-ZJ": 4000},
    )
    with pytest.raises(PermissionDenied):
        actions.open_credit_line(actor=world.rivaler, **args)
    with pytest.raises(ValidationFailed, match="sum to 10000"):
        actions.open_credit_line(actor=world.officer, **{**args, "shares": {"FIN-JS": 6000}})
    with pytest.raises(ValidationFailed, match="GOV-JS is not a financial institution"):
        actions.open_credit_line(
            actor=world.officer, **{**args, "shares": {"FIN-JS": 6000, "GOV-JS": 4000}}
        )
    with pytest.raises(ValidationFailed, match="tech SMEs"):
        actions.open_credit_line(actor=world.officer, **{**args, "firm": world.lab})
    Item.objects.filter(owner=world.rival).delete()
    with pytest.raises(ValidationFailed, match="score 15 is below the minimum 40"):
        actions.open_credit_line(actor=world.officer, **args)


def test_score_reads_completed_bookings(world: NS) -> None:
    import datetime as dt

    from django.apps import apps

    from innofield.vouchers.credit_actions import platform_facts

    booking = apps.get_model("booking", "Booking")
    instrument = Item.objects.create(
        kind="instrument", title="SEM", owner=world.lab, region=world.nj, price=300
    )
    start = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    for k, status in enumerate(["completed", "completed", "cancelled"]):
        s = start + dt.timedelta(days=k)
        booking.objects.create(
            instrument=instrument,
            user=world.rivaler,
            organization=world.rival,
            start=s,
            end=s + dt.timedelta(hours=2),
            hold_start=s,
            hold_end=s + dt.timedelta(hours=2),
            status=status,
            tier="industry",
            price_per_hour=300,
            quoted=600,
        )
    assert platform_facts(world.rival)["bookings"] == 2


def test_a_draw_key_belongs_to_its_line(world: Any, scheme: Any) -> None:
    """The same key on two lines draws twice; a key cannot reach into the system's keys."""
    import pytest

    from innofield.core.errors import ValidationFailed
    from innofield.ledger import actions as ledger
    from innofield.registry.models import Membership, Organization
    from innofield.vouchers import actions

    bank = Organization.objects.create(
        code="BANK-X", name_zh="银行", type="financial_institution", region=world.js
    )
    Membership.objects.create(user=world.labber, organization=bank, role="manager")
    ledger.open_account(
        actor=world.admin,
        code="ORG-BANK-X",
        name="bank",
        kind="org",
        owner=bank,
        debits_must_not_exceed_credits=True,
    )
    ledger.transfer(
        actor=world.admin,
        key="capital",
        debit="EXT-TREASURY",
        credit="ORG-BANK-X",
        amount=10_000_000,
    )
    lines = [
        actions.open_credit_line(
            actor=world.admin,
            code=f"L{n}",
            firm=world.rival,
            lead_bank=bank,
            limit=1_000_000,
            shares={"BANK-X": 10_000},
            min_score=0,
        )
        for n in (1, 2)
    ]
    for line in lines:
        actions.draw_credit(actor=world.labber, line_id=line.pk, amount=100_000, key="k")
    assert [line.drawn for line in type(lines[0]).objects.order_by("id")] == [100_000, 100_000]
    with pytest.raises(ValidationFailed, match="without ':'"):
        actions.draw_credit(actor=world.labber, line_id=lines[0].pk, amount=1, key="a:b")
