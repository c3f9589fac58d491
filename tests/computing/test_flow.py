"""The whole path of a job through actions: submit, run, place, accept, meter, settle,
voucher; the ledger balances and `ledger check` stays clean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from innofield.computing import actions
from innofield.computing.models import AllocationRun, ComputeJob, Placement, Usage
from innofield.core.errors import Conflict, ValidationFailed
from innofield.ledger.models import Account


def _submit(world, **kw):
    args = {
        "organization": world.firm,
        "title": "protein folding batch",
        "hardware": "gpu",
        "units": 40,
        "data_province": "330000",
        "deadline": timezone.now() + dt.timedelta(hours=10),
        **kw,
    }
    return actions.submit_job(actor=world.firmer, **args)


def _balance(code: str) -> int:
    a = Account.objects.get(code=code)
    return int(a.credits_posted - a.debits_posted)


def test_a_job_is_placed_accepted_metered_settled_and_partly_paid_by_a_voucher(grid, voucher):
    world = grid.world
    job = _submit(world, voucher=voucher.grant.pk)
    assert job.state == "submitted"
    run = actions.run_allocation(actor=None, started_by=world.firmer, time_limit=2)
    assert run.placed == 1 and run.status == "optimal"
    job.refresh_from_db()
    assert job.state == "placed"
    p = Placement.objects.get(compute_job=job, active=True)
    # the cheapest allowed GPU capacity: Zhongwei at 9 yuan per GPU-hour
    assert p.offer == grid.offers["zw"] and p.amount_fen == 40 * 900
    why = p.explanation
    assert why["chosen"]["cluster"] == "ZW" and why["greedy"]["cluster"] == "YRD"
    assert why["cheapest_fen"] == 36_000 and why["options"] > 1
    assert why["cheapest_cluster"] == "ZW" and why["nearest_cluster"] == "YRD"
    assert why["latency_counted"] is False  # it may wait: latency is a limit, not a price
    firm_before = _balance("ORG-FIRM")
    for move in ("accept", "meter", "settle"):
        job = actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    assert job.state == "settled"
    usage = Usage.objects.get(compute_job=job)
    assert usage.amount_fen == 36_000 and usage.transfer_key == f"computing:usage:{usage.pk}"
    assert usage.subsidy_fen == 36_000 * 30 // 100 and usage.redemption_id
    # the firm paid in full and got the voucher's 30 % back: it bore 70 %
    assert firm_before - _balance("ORG-FIRM") == 36_000 - 10_800
    assert _balance("ORG-LAB") == 36_000
    from innofield.ledger.queries import check_invariants

    assert check_invariants() == []


def test_refusals_name_the_field_and_write_nothing(grid, voucher):
    world = grid.world
    cases = [
        ({"residency": "province", "data_province": "370000"}, "residency"),  # Shandong
        ({"deadline": timezone.now() + dt.timedelta(minutes=20)}, "deadline"),
        ({"units": 5_000}, "units"),  # capacity: at most 100 per hour anywhere
        ({"max_latency_ms": 1}, "max_latency_ms"),
        ({"hardware": "storage"}, "hardware"),
    ]
    for kw, field in cases:
        with pytest.raises(ValidationFailed) as info:
            _submit(world, **kw)
        assert [e.field for e in info.value.errors] == [field], (kw, info.value.errors)
    with pytest.raises(ValidationFailed) as info:
        _submit(world, units=5_000)
    assert "capacity" in info.value.errors[0].reason
    assert not ComputeJob.objects.exists()


def test_voucher_rules_name_the_voucher_field(grid, voucher):
    from innofield.vouchers.models import Programme

    world = grid.world
    with pytest.raises(ValidationFailed) as info:
        _submit(world, voucher=voucher.grant.pk + 999)
    assert info.value.errors[0].field == "voucher"
    Programme.objects.filter(pk=voucher.programme.pk).update(service_kinds=["testing"])
    with pytest.raises(ValidationFailed) as info:
        _submit(world, voucher=voucher.grant.pk)
    assert info.value.errors[0].field == "voucher"
    assert "does not cover computing" in info.value.errors[0].reason
    assert not ComputeJob.objects.exists()


def test_a_residency_rule_keeps_the_job_in_its_zone_and_capacity_is_reserved(grid):
    world = grid.world
    east = [_submit(world, residency="zone", units=60, delay_tolerant=False) for _ in range(2)]
    actions.run_allocation(actor=None, time_limit=2)
    # the east zone has only the Yangtze Delta offer: 100 units an hour, so the second
    # urgent job cannot fit there in the same hour and stays submitted
    placed = Placement.objects.get(compute_job__in=east, active=True)
    assert placed.offer.cluster.code == "YRD"
    states = sorted(ComputeJob.objects.values_list("state", flat=True))
    assert states == ["placed", "submitted"]
    left = ComputeJob.objects.get(state="submitted")
    assert left.note == "capacity"


def test_rejecting_releases_the_capacity_and_settling_needs_money(grid):
    world = grid.world
    job = _submit(world)
    actions.run_allocation(actor=None, time_limit=2)
    job = actions.transition(actor=world.firmer, job_id=job.pk, move="reject")
    assert job.state == "submitted"
    assert not Placement.objects.filter(compute_job=job, active=True).exists()
    actions.run_allocation(actor=None, time_limit=2)
    assert AllocationRun.objects.count() == 2
    for move in ("accept", "meter"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    with pytest.raises(Conflict):
        actions.transition(actor=world.firmer, job_id=job.pk, move="accept")
    from innofield.ledger import actions as ledger

    ledger.transfer(
        actor=world.firmer,
        key="drain",
        debit="ORG-FIRM",
        credit="EXT-BANK",
        amount=_balance("ORG-FIRM") - 100,
    )
    with pytest.raises(ValidationFailed) as info:
        actions.transition(actor=world.firmer, job_id=job.pk, move="settle")
    assert info.value.errors[0].field == "amount"
    assert ComputeJob.objects.get(pk=job.pk).state == "metered"
    assert not Usage.objects.filter(settled_at__isnull=False).exists()
    assert not Account.objects.filter(code="ORG-LAB").exists()


def test_voucher_evidence_proves_only_settled_usage_of_the_firm_at_the_provider(grid):
    from innofield.vouchers.evidence import Unproven, prove

    world = grid.world
    job = _submit(world)
    actions.run_allocation(actor=None, time_limit=2)
    for move in ("accept", "meter"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    usage = Usage.objects.get()
    ev = f"computing:{usage.pk}"
    with pytest.raises(Unproven, match="not settled"):
        prove(ev, firm_id=world.firm.pk, provider_id=world.lab.pk)
    actions.transition(actor=world.firmer, job_id=job.pk, move="settle")
    assert prove(ev, firm_id=world.firm.pk, provider_id=world.lab.pk).value_fen == 36_000
    with pytest.raises(Unproven, match="not this firm"):
        prove(ev, firm_id=world.rival.pk, provider_id=world.lab.pk)
    with pytest.raises(Unproven, match="no computing usage"):
        prove("computing:999", firm_id=world.firm.pk, provider_id=world.lab.pk)
    # who may meter: the job's organisation or the provider, not a stranger
    other = _submit(world)
    actions.run_allocation(actor=None, time_limit=2)
    actions.transition(actor=world.firmer, job_id=other.pk, move="accept")
    from innofield.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.transition(actor=world.rivaler, job_id=other.pk, move="meter")
    assert actions.transition(actor=world.labber, job_id=other.pk, move="meter").state == "metered"


def test_a_placement_not_accepted_before_its_hour_is_released_and_replaced(grid):
    world = grid.world
    job = _submit(world, deadline=timezone.now() + dt.timedelta(hours=20), delay_tolerant=False)
    actions.run_allocation(actor=None, time_limit=2)
    first = Placement.objects.get(compute_job=job, active=True)
    later = timezone.now() + dt.timedelta(hours=3)  # the placement's hour has begun
    run = actions.run_allocation(actor=None, time_limit=2, now=later)
    first.refresh_from_db()
    assert not first.active
    again = Placement.objects.get(compute_job=job, active=True)
    assert again.window_start >= actions.horizon_start(later) and run.placed == 1
    from innofield.core.models import AuditLog

    log = AuditLog.objects.get(action="computing.job.reject")
    assert log.actor is None and log.changes["released"] == first.pk


def test_a_direct_voucher_pays_the_provider_its_share_and_the_firm_the_rest(grid, voucher):
    from innofield.ledger.queries import check_invariants
    from innofield.vouchers.models import ClearingClaim, Programme

    world = grid.world
    Programme.objects.filter(pk=voucher.programme.pk).update(modes=["direct"])
    job = _submit(world, voucher=voucher.grant.pk)
    actions.run_allocation(actor=None, time_limit=2)
    firm_before = _balance("ORG-FIRM")
    for move in ("accept", "meter", "settle"):
        actions.transition(actor=world.firmer, job_id=job.pk, move=move)
    usage = Usage.objects.get()
    assert usage.voucher_mode == "direct" and usage.subsidy_fen == 10_800
    assert firm_before - _balance("ORG-FIRM") == 36_000 - 10_800  # the firm pays its 70 %
    assert _balance("ORG-LAB") == 36_000  # the provider gets it all
    # the lab is in Jiangsu, the programme Zhejiang's: Jiangsu advanced the share
    assert ClearingClaim.objects.get().amount == 10_800
    assert check_invariants() == []
