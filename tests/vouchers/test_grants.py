"""Programme and grant rules, each allowed and refused."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace as NS
from typing import Any

import pytest

from innofield.core.errors import Conflict, PermissionDenied, ValidationFailed
from innofield.ledger import queries as ledger
from innofield.registry.models import Organization
from innofield.vouchers import actions
from innofield.vouchers.models import Grant, Programme


def _grant(
    world: NS,
    scheme: NS,
    firm: Any,
    amount: int = 100_000,
    key: str = "g",
    today: dt.date | None = None,
) -> Grant:
    return actions.grant(
        actor=world.officer,
        key=key,
        programme_id=scheme.programme.pk,
        firm=firm,
        amount=amount,
        today=today or scheme.today,
    )


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_org_type_eligibility(world: NS, scheme: NS) -> None:
    assert _grant(world, scheme, world.rival).status == "active"
    with pytest.raises(ValidationFailed, match="type state_key_lab is not eligible"):
        _grant(world, scheme, world.lab, key="g2")


def test_size_eligibility(world: NS, scheme: NS) -> None:
    world.rival.attributes = {"employees": 900}
    world.rival.save()
    with pytest.raises(ValidationFailed, match="900 employees exceed the limit of 500"):
        _grant(world, scheme, world.rival)
    world.rival.attributes = {}
    world.rival.save()
    with pytest.raises(ValidationFailed, match="size .* is unknown"):
        _grant(world, scheme, world.rival)
    world.rival.attributes = {"employees": 500}
    world.rival.save()
    assert _grant(world, scheme, world.rival).amount == 100_000


def test_region_eligibility(world: NS, scheme: NS) -> None:
    world.firm.attributes = {"employees": 10}
    world.firm.save()
    with pytest.raises(ValidationFailed, match="region 330000 is outside"):
        _grant(world, scheme, world.firm)
    nanjing_firm = Organization.objects.create(
        code="NJ-SME", name_zh="南京", type="sme", region=world.nj, attributes={"employees": 5}
    )
    assert _grant(world, scheme, nanjing_firm).firm == nanjing_firm  # city inside Jiangsu


def test_validity_period(world: NS, scheme: NS) -> None:
    with pytest.raises(ValidationFailed, match="valid from 2026-01-01 to 2026-12-31"):
        _grant(world, scheme, world.rival, today=dt.date(2027, 1, 1))
    assert _grant(world, scheme, world.rival, today=dt.date(2026, 12, 31)).year == 2026


def test_cap_per_firm_per_year(world: NS, scheme: NS) -> None:
    _grant(world, scheme, world.rival, amount=1_500_000, key="a")
    with pytest.raises(ValidationFailed) as exc:
        _grant(world, scheme, world.rival, amount=500_001, key="b")
    assert _fields(exc) == {"amount"} and "¥5,000.00 of ¥20,000.00 left" in str(exc.value)
    _grant(world, scheme, world.rival, amount=500_000, key="b")
    assert Grant.objects.filter(firm=world.rival).count() == 2


def test_budget_can_never_be_overspent(world: NS, scheme: NS) -> None:
    firms = [
        Organization.objects.create(
            code=f"SME-{i}",
            name_zh=f"企业{i}",
            type="sme",
            region=world.js,
            attributes={"employees": 9},
        )
        for i in range(6)
    ]
    for i, firm in enumerate(firms[:5]):
        _grant(world, scheme, firm, amount=2_000_000, key=f"k{i}")
    assert ledger.balance("PROG-JS-2026")["balance"] == 0
    with pytest.raises(ValidationFailed, match="budget is short"):
        _grant(world, scheme, firms[5], amount=1, key="k5")
    assert not Grant.objects.filter(key="k5").exists()
    assert ledger.check_invariants() == []


def test_grant_permissions_and_idempotency(world: NS, scheme: NS) -> None:
    for user in (world.rivaler, world.labber, world.outsider, None):
        with pytest.raises(PermissionDenied):
            actions.grant(
                actor=user,
                key="x",
                programme_id=scheme.programme.pk,
                firm=world.rival,
                amount=1,
                today=scheme.today,
            )
    first = _grant(world, scheme, world.rival, key="same")
    assert _grant(world, scheme, world.rival, key="same").pk == first.pk
    assert ledger.balance("PROG-JS-2026-G")["balance"] == 100_000
    with pytest.raises(Conflict, match="^amount:"):
        _grant(world, scheme, world.rival, amount=7, key="same")


def test_programme_terms_are_checked(world: NS, scheme: NS) -> None:
    base: dict[str, Any] = dict(
        code="BAD",
        name="bad",
        issuer_region=world.js,
        officer_org=world.gov,
        budget=100,
        co_funding_bp=0,
        cap_per_firm_year=0,
        valid_from=dt.date(2026, 2, 1),
        valid_to=dt.date(2026, 1, 1),
        modes=["cash"],
    )
    with pytest.raises(ValidationFailed) as exc:
        actions.create_programme(actor=world.officer, **base)
    assert _fields(exc) == {"co_funding_bp", "cap_per_firm_year", "valid_to", "modes"}
    ok = {
        **base,
        "co_funding_bp": 5000,
        "cap_per_firm_year": 10,
        "valid_to": dt.date(2026, 3, 1),
        "modes": ["direct"],
    }
    with pytest.raises(PermissionDenied):
        actions.create_programme(actor=world.rivaler, **ok)
    with pytest.raises(ValidationFailed, match="budget"):
        actions.create_programme(actor=world.officer, **{**ok, "budget": 10**12})
    assert not Programme.objects.filter(code="BAD").exists()
    assert actions.create_programme(actor=world.officer, **ok).eligible_regions == ["320000"]


def test_expiry_returns_what_is_left(world: NS, scheme: NS, granted: Grant) -> None:
    assert (
        actions.expire_grants(
            actor=world.officer, programme_id=scheme.programme.pk, today=dt.date(2026, 12, 31)
        )
        == 0
    )
    with pytest.raises(PermissionDenied):
        actions.expire_grants(actor=world.rivaler, programme_id=scheme.programme.pk)
    assert (
        actions.expire_grants(
            actor=world.officer, programme_id=scheme.programme.pk, today=dt.date(2027, 1, 1)
        )
        == 1
    )
    granted.refresh_from_db()
    assert (granted.status, granted.released, granted.remaining) == ("expired", 1_000_000, 0)
    assert ledger.balance("PROG-JS-2026")["balance"] == 10_000_000
    assert ledger.balance("PROG-JS-2026-G")["balance"] == 0
    assert ledger.check_invariants() == []


def test_alliance_programme_covers_the_alliance_regions(world: NS, scheme: NS) -> None:
    from innofield.registry.models import Alliance

    yrd = Alliance.objects.create(code="YRD", name_zh="长三角")
    yrd.regions.set([world.js, world.zj])
    p = actions.create_programme(
        actor=world.officer,
        code="YRD-1",
        name="delta",
        issuer_region=world.js,
        issuer_alliance=yrd,
        officer_org=world.gov,
        budget=1_000_000,
        co_funding_bp=5000,
        cap_per_firm_year=100_000,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    assert sorted(p.eligible_regions) == ["320000", "330000"]
    world.firm.attributes = {"employees": 10}
    world.firm.save()
    g = actions.grant(
        actor=world.officer,
        key="zj",
        programme_id=p.pk,
        firm=world.firm,
        amount=100_000,
        today=scheme.today,
    )  # a Zhejiang firm: allowed
    assert g.firm == world.firm
    outside = Organization.objects.create(code="AH", name_zh="安徽", type="sme", region=world.cn)
    with pytest.raises(ValidationFailed, match="outside the eligible regions"):
        actions.grant(
            actor=world.officer,
            key="cn",
            programme_id=p.pk,
            firm=outside,
            amount=1,
            today=scheme.today,
        )
