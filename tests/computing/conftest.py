"""Computing fixtures: the reference hubs, offers by the lab (provider), the firm's
funded ledger account and a computing-voucher programme of Zhejiang."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone


def publish(world: SimpleNamespace, cluster: str, resource: str = "gpu", **kw: Any) -> Any:
    """An open offer of the lab at ``cluster`` for the next two days."""
    from innofield.computing import actions
    from innofield.computing.models import Cluster

    now = timezone.now()
    args = {
        "units_per_hour": 100,
        "price_fen": 1_000,
        "green_pct": 20,
        "starts_at": now - dt.timedelta(hours=1),
        "ends_at": now + dt.timedelta(days=2),
        **kw,
    }
    return actions.publish_offer(
        actor=world.labber,
        provider=world.lab,
        cluster=Cluster.objects.get(code=cluster),
        resource=resource,
        **args,
    )


@pytest.fixture
def grid(world: SimpleNamespace) -> SimpleNamespace:
    """Hubs and clusters; GPU offers of LAB in the Yangtze Delta (dear, dirty, near),
    Zhongwei (cheap, west) and Gui'an (west); CPU at Wuhu; FIRM (Zhejiang) holds
    100,000 yuan on ORG-FIRM."""
    from innofield.computing import actions
    from innofield.ledger import actions as ledger

    actions.sync_reference(actor=None)
    ledger.open_account(actor=world.admin, code="EXT-BANK", name="bank", kind="external")
    ledger.open_account(
        actor=world.admin,
        code="ORG-FIRM",
        name="firm",
        kind="org",
        owner=world.firm,
        debits_must_not_exceed_credits=True,
    )
    ledger.transfer(
        actor=world.admin, key="fund-firm", debit="EXT-BANK", credit="ORG-FIRM", amount=10_000_000
    )
    offers = {
        "yrd": publish(world, "YRD", price_fen=2_000, green_pct=10),
        "zw": publish(world, "ZW", price_fen=900, green_pct=40),
        "ga": publish(world, "GA", price_fen=1_100, green_pct=30, units_per_hour=50),
        "wh_cpu": publish(world, "WH", resource="cpu", price_fen=5, units_per_hour=10_000),
    }
    return SimpleNamespace(world=world, offers=offers)


@pytest.fixture
def voucher(grid: SimpleNamespace) -> SimpleNamespace:
    """Zhejiang's computing vouchers (算力券): 30 % co-funding, reimbursed to the firm,
    service kind computing; FIRM holds a 5,000-yuan grant."""
    from innofield.ledger import actions as ledger
    from innofield.registry.models import Organization
    from innofield.vouchers import actions

    world = grid.world
    gov_zj = Organization.objects.create(
        code="GOV-ZJ", name_zh="浙江省科技厅", name_en="ZJ S&T", type="government", region=world.zj
    )
    from innofield.registry.models import Membership

    Membership.objects.create(user=world.officer, organization=gov_zj, role="officer")
    ledger.open_account(actor=world.admin, code="EXT-TREASURY", name="treasury", kind="external")
    actions.open_region_accounts(actor=world.admin, region=world.zj, government=gov_zj)
    ledger.transfer(
        actor=world.admin,
        key="fund-zj",
        debit="EXT-TREASURY",
        credit="BUDGET-330000",
        amount=100_000_000,
    )
    today = timezone.localdate()
    programme = actions.create_programme(
        actor=world.officer,
        code="ZJ-CP",
        name="Zhejiang computing vouchers (synthetic)",
        issuer_region=world.zj,
        officer_org=gov_zj,
        budget=50_000_000,
        co_funding_bp=3_000,
        cap_per_firm_year=5_000_000,
        max_per_contract=2_000_000,
        split_window_days=30,
        valid_from=today - dt.timedelta(days=30),
        valid_to=today + dt.timedelta(days=300),
        eligible_org_types=["sme", "specialized_sme"],
        service_kinds=["computing"],
        modes=["reimburse"],
    )
    g = actions.grant(
        actor=world.officer,
        key="g-firm",
        programme_id=programme.pk,
        firm=world.firm,
        amount=500_000,
    )
    return SimpleNamespace(programme=programme, grant=g, gov=gov_zj)


@pytest.fixture
def work() -> Any:
    """``work()`` runs the database backend's worker here until the queue is empty."""
    from innofield.jobs.worker import run_worker

    def run() -> None:
        run_worker(burst=True, interval=0)

    return run
