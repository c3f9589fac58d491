"""Expert consultations as innovation-voucher evidence ``consultation:<id>``: a billed one
paid (in part) by the voucher directly, a paid one reimbursed, and the refusals."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from innofield.core.errors import ValidationFailed
from innofield.ledger.queries import balance, check_invariants
from innofield.talent import consultations
from innofield.vouchers import actions as vouchers
from innofield.vouchers.models import Programme, Redemption

from .conftest import FEE


def _redeem(world: NS, scheme: NS, grant: Any, c: Any, mode: str, **kw: Any) -> Redemption:
    args: dict[str, Any] = {
        "actor": world.rivaler,
        "key": f"r-{mode}",
        "grant_id": grant.pk,
        "provider": world.lab,
        "price": None,
        "service_kind": "expert",
        "evidence": f"consultation:{c.pk}",
        "mode": mode,
        "today": scheme.today,
    }
    return vouchers.redeem(**{**args, **kw})


def _bal(code: str) -> int:
    from innofield.ledger.models import Account

    return balance(code)["balance"] if Account.objects.filter(code=code).exists() else 0


def _field(exc: pytest.ExceptionInfo[ValidationFailed]) -> str:
    return exc.value.errors[0].field


def _move(actor: Any, c: Any, move: str) -> Any:
    return consultations.transition(actor=actor, consultation_id=c.pk, move=move)


def test_direct_pays_the_expert_and_lowers_the_bill(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "bill")
    assert (c.state, c.due_fen, c.paid_fen) == ("billed", FEE, 0)
    assert _bal("ORG-LAB") == 0  # billing moves no money
    r = _redeem(world, scheme, granted, c, "direct")
    assert (r.price, r.subsidy) == (FEE, FEE // 2)  # the fee's price, half co-funded
    c.refresh_from_db()
    assert (c.state, c.voucher_fen, c.due_fen) == ("billed", FEE // 2, FEE // 2)
    assert _bal("ORG-LAB") == FEE // 2  # the voucher paid the expert's lab
    c = _move(consult.boss, c, "pay")  # the firm pays the rest
    assert (c.state, c.paid_fen, c.due_fen) == ("done", FEE // 2, 0)
    assert _bal("ORG-LAB") == FEE
    assert _bal("ORG-RIVAL") == 500_000 - FEE // 2
    assert check_invariants() == []
    from innofield.core.models import AuditLog

    assert AuditLog.objects.filter(action="talent.consultation.voucher").count() == 1


def test_reimburse_pays_the_firm_back_for_a_paid_fee(
    world: NS, scheme: NS, granted: Any, consult: NS
) -> None:
    c = _move(consult.boss, consult.row, "complete")
    assert (c.state, c.paid_fen, c.due_fen) == ("done", FEE, 0)
    with pytest.raises(ValidationFailed) as exc:  # nothing left for the voucher to pay
        _redeem(world, scheme, granted, c, "direct")
    assert _field(exc) == "mode" and "reimburse" in str(exc.value)
    r = _redeem(world, scheme, granted, c, "reimburse", price=200_000)
    assert r.subsidy == 100_000
    assert _bal("ORG-RIVAL") == 500_000 - FEE + 100_000
    assert _bal("ORG-LAB") == FEE
    c.refresh_from_db()
    assert c.voucher_fen == 0  # the expert was paid by the firm; the voucher paid the firm
    assert check_invariants() == []


def test_refusals_name_the_field(world: NS, scheme: NS, granted: Any, consult: NS) -> None:
    c = consult.row
    with pytest.raises(ValidationFailed) as exc:  # accepted, not delivered yet
        _redeem(world, scheme, granted, c, "direct")
    assert _field(exc) == "evidence" and "not delivered" in str(exc.value)
    c = _move(consult.boss, c, "bill")
    with pytest.raises(ValidationFailed) as exc:  # the firm has not paid: nothing to reimburse
        _redeem(world, scheme, granted, c, "reimburse")
    assert _field(exc) == "mode" and "pay the fee first" in str(exc.value)
    with pytest.raises(ValidationFailed) as exc:  # more than the fee
        _redeem(world, scheme, granted, c, "direct", price=FEE + 1)
    assert _field(exc) == "price"
    with pytest.raises(ValidationFailed) as exc:  # another provider did not deliver it
        _redeem(world, scheme, granted, c, "direct", provider=scheme.zju)
    assert _field(exc) == "evidence"
    with pytest.raises(ValidationFailed) as exc:
        _redeem(world, scheme, granted, c, "direct", evidence="consultation:999999")
    assert _field(exc) == "evidence"
    Programme.objects.filter(pk=scheme.programme.pk).update(service_kinds=["testing"])
    with pytest.raises(ValidationFailed) as exc:
        _redeem(world, scheme, granted, c, "direct")
    assert _field(exc) == "service_kind"
    Programme.objects.filter(pk=scheme.programme.pk).update(service_kinds=["expert"])
    assert Redemption.objects.count() == 0 and _bal("ORG-LAB") == 0
    _redeem(world, scheme, granted, c, "direct", price=100_000)  # a part of the fee
    # the same evidence is not claimed again, in this programme or another one
    other = vouchers.create_programme(
        actor=world.officer,
        code="JS-B",
        name="second",
        issuer_region=world.js,
        officer_org=world.gov,
        budget=1_000_000,
        co_funding_bp=5_000,
        cap_per_firm_year=1_000_000,
        max_per_contract=500_000,
        split_window_days=30,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        eligible_org_types=["sme"],
        provider_regions=["320000"],
        service_kinds=["expert"],
        modes=["direct"],
    )
    g2 = vouchers.grant(
        actor=world.officer,
        key="g2",
        programme_id=other.pk,
        firm=world.rival,
        amount=500_000,
        today=scheme.today,
    )
    with pytest.raises(ValidationFailed) as exc:
        _redeem(world, scheme, g2, c, "direct", key="r-again", price=50_000)
    assert _field(exc) == "evidence" and "already used" in str(exc.value)
    # billing needs a fee
    free = consultations.request(
        actor=world.rivaler,
        profile_id=consult.profile.pk,
        organization=world.rival,
        topic="free chat",
        wanted_on=timezone.localdate(),
        hours=1,
    )
    consultations.transition(actor=consult.ann, consultation_id=free.pk, move="accept", fee_fen=0)
    with pytest.raises(ValidationFailed) as exc:
        _move(consult.boss, free, "bill")
    assert _field(exc) == "fee_fen"
    assert check_invariants() == []


def test_the_redeem_form_offers_it(world: NS, scheme: NS, granted: Any, consult: NS) -> None:
    firm = Client()
    assert firm.login(username="rivaler", password=PASSWORD)
    evidence = f"consultation:{consult.row.pk}"
    grant_url = f"/vouchers/grants/{granted.pk}/"
    assert f'value="{evidence}"' not in firm.get(grant_url).content.decode()  # not delivered
    accepted = firm.get("/talent/consultations/").content.decode()
    assert 'value="bill"' in accepted and 'value="complete"' in accepted
    _move(consult.boss, consult.row, "bill")
    listed = firm.get("/talent/consultations/").content.decode()
    assert 'value="pay"' in listed
    assert f"?evidence={evidence}" in listed and "Use a voucher" in listed
    page = firm.get(f"{grant_url}?evidence={evidence}").content.decode()
    assert f'value="{evidence}" selected' in page and "¥3,000.00" in page
    form = {"evidence": evidence, "price": "", "mode": "direct", "key": "web-c1"}
    assert firm.post(grant_url, form).status_code == 302
    r = Redemption.objects.get(key="web-c1")
    assert (r.evidence, r.service_kind, r.subsidy) == (evidence, "expert", FEE // 2)
    assert f'value="{evidence}"' not in firm.get(grant_url).content.decode()  # used
    listed = firm.get("/talent/consultations/").content.decode()
    assert "Use a voucher" not in listed and "¥1,500.00" in listed
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert zh.login(username="rivaler", password=PASSWORD)
    page = zh.get("/talent/consultations/").content.decode()
    assert "创新券支付" in page and "已记账待付" in page
