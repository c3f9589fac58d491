"""A computing voucher clawed back: in ``direct`` mode its share is due by the firm again
and payable from the job's page; the ledger and every invariant hold; a clawback the
provider cannot cover writes nothing; a usage paid in full can only be reimbursed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from innofield.computing import actions, usage_actions
from innofield.computing.models import Usage
from innofield.core.errors import Conflict, NotFound, ValidationFailed
from innofield.core.models import AuditLog
from innofield.ledger import actions as ledger
from innofield.ledger.models import Account
from innofield.ledger.queries import check_invariants
from innofield.vouchers import actions as vouchers
from innofield.vouchers.models import Programme, Redemption

SHARE = 10_800  # 30 % of the 36,000-fen usage


def _balance(code: str) -> int:
    a = Account.objects.get(code=code)
    return int(a.credits_posted - a.debits_posted)


def _settled(grid: NS, voucher: NS, modes: list[str], *, with_voucher: bool = True) -> Usage:
    world = grid.world
    Programme.objects.filter(pk=voucher.programme.pk).update(modes=modes)
    job = actions.submit_job(
        actor=world.firmer,
        organization=world.firm,
        title="protein folding batch",
        hardware="gpu",
        units=40,
        data_province="330000",
        deadline=timezone.now() + dt.timedelta(hours=10),
        voucher=voucher.grant.pk if with_voucher else None,
    )
    actions.run_allocation(actor=None, time_limit=2)
    for move in ("accept", "meter", "settle"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    return Usage.objects.get(compute_job=job)


def _claw(world: NS, usage: Usage) -> Any:
    return vouchers.clawback(
        actor=world.officer, redemption_id=usage.redemption_id, reason="not eligible"
    )


def test_direct_clawback_leaves_the_share_due_and_the_firm_pays_it(grid: NS, voucher: NS) -> None:
    world = grid.world
    usage = _settled(grid, voucher, ["direct"])
    firm = _balance("ORG-FIRM")
    assert _balance("ORG-LAB") == 36_000 and usage.subsidy_fen == SHARE
    _claw(world, usage)
    usage.refresh_from_db()
    assert (usage.subsidy_fen, usage.due_fen) == (0, SHARE)
    assert _balance("ORG-LAB") == 36_000 - SHARE  # the provider gave the share back
    assert AuditLog.objects.filter(action="computing.usage.voucher_clawback").count() == 1
    assert check_invariants() == []
    page = Client()
    page.force_login(world.firmer)
    url = f"/computing/jobs/{usage.compute_job_id}/"
    html = page.get(url).content.decode()
    assert 'id="due-again"' in html and "¥108.00" in html and "/pay/" in html
    with pytest.raises(NotFound):  # the provider does not see the firm's job
        usage_actions.pay_due(actor=world.labber, job_id=usage.compute_job_id)
    assert page.post(f"{url}pay/").status_code == 302
    usage.refresh_from_db()
    assert usage.due_fen == 0
    assert firm - _balance("ORG-FIRM") == SHARE and _balance("ORG-LAB") == 36_000
    assert 'id="due-again"' not in page.get(url).content.decode()
    with pytest.raises(Conflict):
        usage_actions.pay_due(actor=world.firmer, job_id=usage.compute_job_id)
    assert check_invariants() == []


def test_reimburse_clawback_leaves_the_usage_alone(grid: NS, voucher: NS) -> None:
    world = grid.world
    usage = _settled(grid, voucher, ["reimburse"])
    firm = _balance("ORG-FIRM")
    _claw(world, usage)
    usage.refresh_from_db()
    assert (usage.subsidy_fen, usage.due_fen) == (SHARE, 0)
    assert firm - _balance("ORG-FIRM") == SHARE and _balance("ORG-LAB") == 36_000
    assert check_invariants() == []


def test_a_clawback_the_provider_cannot_cover_writes_nothing(grid: NS, voucher: NS) -> None:
    world = grid.world
    usage = _settled(grid, voucher, ["direct"])
    ledger.transfer(
        actor=world.admin, key="spent", debit="ORG-LAB", credit="EXT-BANK", amount=30_000
    )
    with pytest.raises(ValidationFailed, match="ORG-LAB"):
        _claw(world, usage)
    usage.refresh_from_db()
    assert (usage.subsidy_fen, usage.due_fen) == (SHARE, 0)
    assert Redemption.objects.get(pk=usage.redemption_id).status == "paid"
    assert not AuditLog.objects.filter(action__endswith="clawback").exists()
    assert check_invariants() == []


def test_a_usage_the_firm_paid_in_full_is_only_reimbursed(grid: NS, voucher: NS) -> None:
    world = grid.world
    usage = _settled(grid, voucher, ["reimburse", "direct"], with_voucher=False)
    assert usage.transfer_key and not usage.voucher_mode  # the firm paid all of it
    lab = _balance("ORG-LAB")
    with pytest.raises(ValidationFailed) as refused:
        vouchers.redeem(
            actor=world.firmer,
            key="late",
            grant_id=voucher.grant.pk,
            provider=world.lab,
            price=None,
            service_kind="computing",
            evidence=f"computing:{usage.pk}",
            mode="direct",
        )
    assert refused.value.errors[0].field == "mode" and "reimburse" in str(refused.value)
    assert _balance("ORG-LAB") == lab and not Redemption.objects.exists()
    r = vouchers.redeem(
        actor=world.firmer,
        key="late",
        grant_id=voucher.grant.pk,
        provider=world.lab,
        price=None,
        service_kind="computing",
        evidence=f"computing:{usage.pk}",
        mode="reimburse",
    )
    assert r.subsidy == SHARE and check_invariants() == []


def test_the_api_shows_and_pays_what_is_due(grid: NS, voucher: NS, api: Any) -> None:
    world = grid.world
    usage = _settled(grid, voucher, ["direct"])
    _claw(world, usage)
    url = f"/api/computing/jobs/{usage.compute_job_id}"
    assert api(world.firmer).get(url).json()["usage"]["due_fen"] == SHARE
    assert api(world.labber).post(f"{url}/pay_due").status_code == 404  # not its job
    r = api(world.firmer).post(f"{url}/pay_due")
    assert r.status_code == 200 and r.json()["usage"]["due_fen"] == 0
    assert api(world.firmer).post(f"{url}/pay_due").status_code == 409  # nothing left
    assert check_invariants() == []
