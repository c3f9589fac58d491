"""Redemption rules, fraud checks, clawback and settlement, each allowed and refused."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.ledger import actions as ledger_actions
from innofield.ledger import queries as ledger
from innofield.registry.models import Membership, Organization
from innofield.vouchers import actions
from innofield.vouchers.models import ClearingClaim, Redemption

from .conftest import completed_booking, delivered


def _redeem(world: NS, scheme: NS, grant: Any, **over: Any) -> Redemption:
    """Redeem with real evidence: a completed booking of the firm at the provider, charged
    the price (unless the test gives its own evidence)."""
    args: dict[str, Any] = dict(
        actor=world.rivaler,
        key="r",
        grant_id=grant.pk,
        provider=scheme.zju,
        price=200_000,
        service_kind="testing",
        evidence=None,
        mode="direct",
        today=scheme.today,
    )
    args.update(over)
    if args["evidence"] is None or str(args["evidence"]).startswith("usage:"):
        args["evidence"] = delivered(
            grant.firm, args["provider"], world.rivaler, args["price"] or 200_000
        )
    return actions.redeem(**args)


def _refused(field: str, match: str, fn: Any, *a: Any, **kw: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        fn(*a, **kw)
    assert field in {e.field for e in exc.value.errors}, exc.value
    assert match in str(exc.value)
    assert not Redemption.objects.filter(key=kw.get("key", "r")).exists()


def test_co_funding_ratio_and_per_contract_cap(world: NS, scheme: NS, granted: Any) -> None:
    assert _redeem(world, scheme, granted, price=300_001).subsidy == 150_000  # 50 %, rounded down
    big = _redeem(
        world, scheme, granted, key="r2", price=5_000_000, evidence="usage:2", provider=world.lab
    )
    assert big.subsidy == 500_000  # capped per contract


def test_price_whose_share_rounds_to_zero_is_refused(world: NS, scheme: NS, granted: Any) -> None:
    _refused("price", "rounds down to nothing", _redeem, world, scheme, granted, price=1)
    assert _redeem(world, scheme, granted, price=2).subsidy == 1


def test_subsidy_never_exceeds_what_is_left(world: NS, scheme: NS) -> None:
    g = actions.grant(
        actor=world.officer,
        key="small",
        programme_id=scheme.programme.pk,
        firm=world.rival,
        amount=30_000,
        today=scheme.today,
    )
    assert _redeem(world, scheme, g, price=200_000).subsidy == 30_000
    _refused(
        "grant",
        "nothing is left",
        _redeem,
        world,
        scheme,
        g,
        key="r2",
        evidence="usage:2",
        provider=world.lab,
    )


def test_provider_region(world: NS, scheme: NS, granted: Any) -> None:
    ah = world.cn.children.create(code="340000", level="province", name_zh="安徽省")
    far = Organization.objects.create(code="AH-LAB", name_zh="安徽", type="university", region=ah)
    _refused(
        "provider",
        "providers in 340000 are not accepted",
        _redeem,
        world,
        scheme,
        granted,
        provider=far,
    )
    assert _redeem(world, scheme, granted).provider == scheme.zju


def test_service_kind(world: NS, scheme: NS, granted: Any) -> None:
    _refused(
        "service_kind",
        "consulting is not accepted",
        _redeem,
        world,
        scheme,
        granted,
        service_kind="consulting",
    )
    assert _redeem(world, scheme, granted, service_kind="instrument").service_kind == "instrument"


def test_mode_must_be_accepted(world: NS, scheme: NS, granted: Any) -> None:
    scheme.programme.modes = ["reimburse"]
    scheme.programme.save()
    _refused("mode", "must be one of reimburse", _redeem, world, scheme, granted)
    r = _redeem(world, scheme, granted, mode="reimburse")
    assert ledger.balance("ORG-RIVAL")["balance"] == r.subsidy == 100_000
    assert not ClearingClaim.objects.exists()  # the issuer reimburses its own firm


def test_delivery_evidence_is_a_record_the_platform_checks(
    world: NS, scheme: NS, granted: Any
) -> None:
    for text in ("", "trust me", "usage:anything"):
        with pytest.raises(ValidationFailed, match="not evidence the platform can check"):
            actions.redeem(
                actor=world.rivaler,
                key="r",
                grant_id=granted.pk,
                provider=scheme.zju,
                price=1000,
                service_kind="testing",
                evidence=text,
                mode="direct",
                today=scheme.today,
            )
    assert not Redemption.objects.exists()


def test_the_price_comes_from_the_evidence_and_never_exceeds_it(
    world: NS, scheme: NS, granted: Any
) -> None:
    booking = delivered(world.rival, scheme.zju, world.rivaler, 24_000)  # charged 240.00 CNY
    _refused(
        "price",
        "more than booking",
        _redeem,
        world,
        scheme,
        granted,
        price=92_800,
        evidence=booking,
    )
    r = _redeem(world, scheme, granted, price=None, evidence=booking)
    assert (r.price, r.subsidy) == (24_000, 12_000)  # the firm gets half of what it paid
    _refused(
        "evidence",
        "already used",
        _redeem,
        world,
        scheme,
        granted,
        key="r2",
        price=None,
        evidence=booking,
    )


def test_related_parties_are_refused(world: NS, scheme: NS, granted: Any) -> None:
    _refused(
        "provider", "cannot redeem at itself", _redeem, world, scheme, granted, provider=world.rival
    )
    Membership.objects.create(user=world.rivaler, organization=scheme.zju, role="member")
    _refused("provider", "share 1 member", _redeem, world, scheme, granted)
    Membership.objects.filter(organization=scheme.zju, user=world.rivaler).delete()
    world.rival.host = scheme.zju
    world.rival.save()
    _refused("provider", "hosts the other", _redeem, world, scheme, granted)
    world.rival.host = world.lab
    world.rival.save()
    scheme.zju.host = world.lab
    scheme.zju.save()
    _refused("provider", "same host", _redeem, world, scheme, granted)
    scheme.zju.host = None
    scheme.zju.save()
    assert _redeem(world, scheme, granted).status == "paid"


def test_contract_splitting_is_refused(world: NS, scheme: NS, granted: Any) -> None:
    _redeem(world, scheme, granted, price=600_000)  # 300,000 subsidy
    _refused(
        "price",
        "contract splitting",
        _redeem,
        world,
        scheme,
        granted,
        key="r2",
        evidence="usage:2",
        price=600_000,
    )  # +300,000 > 500,000
    small = _redeem(world, scheme, granted, key="r3", evidence="usage:3", price=400_000)
    assert small.subsidy == 200_000  # 500,000: within cap
    other = _redeem(
        world, scheme, granted, key="r4", evidence="usage:4", price=600_000, provider=world.lab
    )  # another provider
    assert other.subsidy == 300_000
    Redemption.objects.filter(provider=scheme.zju).update(
        created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )  # outside the window
    assert (
        _redeem(world, scheme, granted, key="r5", evidence="usage:5", price=600_000).subsidy
        == 200_000
    )  # what is left


def test_expired_grant_is_refused(world: NS, scheme: NS, granted: Any) -> None:
    _refused(
        "grant", "expired on 2026-12-31", _redeem, world, scheme, granted, today=dt.date(2027, 1, 2)
    )


def test_who_may_redeem(world: NS, scheme: NS, granted: Any) -> None:
    for user in (world.firmer, world.outsider, world.labber):
        with pytest.raises(PermissionDenied):
            _redeem(world, scheme, granted, actor=user)
    with pytest.raises(PermissionDenied):
        _redeem(world, scheme, granted, actor=scheme.zjuer, mode="reimburse")
    assert _redeem(world, scheme, granted, actor=scheme.zjuer).actor_id == scheme.zjuer.pk


def test_redemption_is_idempotent(world: NS, scheme: NS, granted: Any) -> None:
    first = _redeem(world, scheme, granted)
    assert _redeem(world, scheme, granted).pk == first.pk
    assert ledger.balance("ORG-ZJU-LAB")["balance"] == 100_000
    with pytest.raises(Conflict, match="^price:"):
        _redeem(world, scheme, granted, price=1)


def test_same_region_direct_pays_provider_without_clearing(
    world: NS, scheme: NS, granted: Any
) -> None:
    r = _redeem(world, scheme, granted, provider=world.lab)
    assert not r.cross_region and not ClearingClaim.objects.exists()
    assert ledger.balance("ORG-LAB")["balance"] == 100_000


def test_clawback_rules(world: NS, scheme: NS, granted: Any) -> None:
    r = _redeem(world, scheme, granted, mode="reimburse")
    with pytest.raises(PermissionDenied):
        actions.clawback(actor=world.rivaler, redemption_id=r.pk, reason="x")
    with pytest.raises(ValidationFailed, match="reason"):
        actions.clawback(actor=world.officer, redemption_id=r.pk, reason=" ")
    ledger_actions.transfer(
        actor=world.admin, key="spend", debit="ORG-RIVAL", credit="EXT-TREASURY", amount=50_000
    )
    with pytest.raises(ValidationFailed, match="ORG-RIVAL"):  # payee spent it: refused
        actions.clawback(actor=world.officer, redemption_id=r.pk, reason="no evidence")
    ledger_actions.transfer(
        actor=world.admin, key="back", debit="EXT-TREASURY", credit="ORG-RIVAL", amount=50_000
    )
    actions.clawback(actor=world.officer, redemption_id=r.pk, reason="no evidence")
    assert ledger.balance("ORG-RIVAL")["balance"] == 0
    with pytest.raises(Conflict):
        actions.clawback(actor=world.officer, redemption_id=r.pk, reason="again")
    assert ledger.check_invariants() == []


def test_clawback_before_settlement_cancels_the_claim(world: NS, scheme: NS, granted: Any) -> None:
    r = _redeem(world, scheme, granted)
    actions.clawback(actor=world.officer, redemption_id=r.pk, reason="duplicate invoice")
    assert ledger.balance("CLR-320000")["balance"] == ledger.balance("CLR-330000")["balance"] == 0
    batch = actions.settle(actor=None)
    assert batch is not None and batch.net == [] and batch.claims == 2


def test_only_admins_settle(world: NS, scheme: NS, granted: Any) -> None:
    _redeem(world, scheme, granted)
    with pytest.raises(PermissionDenied):
        actions.settle(actor=world.officer)
    assert actions.settle(actor=world.admin) is not None


def test_replaying_someone_elses_key_is_refused(world: NS, scheme: NS, granted: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    _redeem(world, scheme, granted)
    with pytest.raises(PermissionDenied):
        _redeem(world, scheme, granted, actor=world.firmer)
    with pytest.raises(PermissionDenied):
        actions.settle(actor=AnonymousUser())


def test_booking_evidence_must_be_a_completed_booking_of_this_firm_here(
    world: NS, scheme: NS, granted: Any
) -> None:
    _refused(
        "evidence",
        "there is no booking 999999",
        _redeem,
        world,
        scheme,
        granted,
        evidence="booking:999999",
    )
    cancelled = completed_booking(world.rival, scheme.zju, world.rivaler, status="cancelled")
    _refused(
        "evidence",
        "cancelled, not completed",
        _redeem,
        world,
        scheme,
        granted,
        evidence=f"booking:{cancelled}",
    )
    elsewhere = completed_booking(world.rival, world.lab, world.rivaler)
    _refused(
        "evidence",
        "not this firm's booking at this provider",
        _redeem,
        world,
        scheme,
        granted,
        evidence=f"booking:{elsewhere}",
    )
    other_firm = completed_booking(world.firm, scheme.zju, world.firmer)
    _refused(
        "evidence",
        "not this firm's booking",
        _redeem,
        world,
        scheme,
        granted,
        evidence=f"booking:{other_firm}",
    )
    good = completed_booking(world.rival, scheme.zju, world.rivaler)
    assert _redeem(world, scheme, granted, evidence=f"booking:{good}").status == "paid"


def test_milestone_evidence_must_exist(world: NS, scheme: NS, granted: Any) -> None:
    _refused(
        "evidence",
        "there is no milestone 424242",
        _redeem,
        world,
        scheme,
        granted,
        evidence="milestone:424242",
    )
