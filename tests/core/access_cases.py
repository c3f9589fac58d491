"""The objects and bodies the authorisation matrix acts on, one scenario per API operation.

A scenario gets a :class:`Cases` (the test world with a user for every persona) and
returns the path parameters and the JSON body of a request that the operation's allowed
personas may make. Scenarios build fresh objects on every call, so each persona acts on
an object in the same state.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from tests.conftest import PASSWORD

Scenario = Callable[["Cases"], tuple[dict[str, Any], Any]]
SCENARIOS: dict[str, Scenario] = {}
_counter = itertools.count(1)


def scenario(*operations: str) -> Callable[[Scenario], Scenario]:
    """Register ``fn`` as the scenario of ``operations``."""

    def register(fn: Scenario) -> Scenario:
        for op in operations:
            SCENARIOS[op] = fn
        return fn

    return register


def no_body(cases: Cases) -> tuple[dict[str, Any], Any]:
    """Operations without path parameters or body."""
    return {}, None


class Cases:
    """The test world plus one user per persona and owner organisation."""

    def __init__(self, world: SimpleNamespace) -> None:
        from innofield.registry.models import Membership, Organization

        self.w = world
        users = get_user_model().objects
        bank = Organization.objects.create(
            code="BANK",
            name_zh="测试银行",
            name_en="Test Bank",
            type="financial_institution",
            region=world.js,
        )
        self.orgs = {"lab": world.lab, "firm": world.firm, "gov": world.gov, "bank": bank}
        self.personas: dict[str, dict[str, Any]] = {}
        stranger_org = Organization.objects.create(
            code="STRANGER",
            name_zh="无关机构",
            name_en="Unrelated Co.",
            type="sme",
            region=world.zj,
        )
        stranger = users.create_user("stranger", password=PASSWORD)
        Membership.objects.create(user=stranger, organization=stranger_org, role="manager")
        for key, org in self.orgs.items():
            by_role: dict[str, Any] = {}
            for role in ("member", "manager", "officer"):
                existing = Membership.objects.filter(organization=org, role=role).first()
                if existing is not None:
                    by_role[role] = existing.user
                    continue
                user = users.create_user(f"{key}-{role}", password=PASSWORD)
                Membership.objects.create(user=user, organization=org, role=role)
                by_role[role] = user
            self.personas[key] = {
                "anonymous": None,
                "outsider": world.outsider,
                "stranger": stranger,
                "admin": world.admin,
                **by_role,
            }

    def user(self, owner: str, persona: str) -> Any:
        """The user playing ``persona`` for objects of ``owner`` (``None``: anonymous)."""
        return self.personas[owner or "lab"][persona]

    # --- objects ---------------------------------------------------------------------

    @staticmethod
    def n() -> int:
        """A number never used before in this test session (unique codes and keys)."""
        return next(_counter)

    def item(self, kind: str = "technology", **extra: Any) -> Any:
        """An active item of the lab."""
        from innofield.catalog.models import Item

        return Item.objects.create(
            kind=kind,
            title=f"Graphene process {self.n()}",
            owner=self.w.lab,
            region=self.w.nj,
            **extra,
        )

    def demand(self) -> Any:
        """An open technology demand of the firm."""
        from innofield.catalog.models import Demand

        return Demand.objects.create(
            kind="technology",
            title=f"Need a coating {self.n()}",
            owner=self.w.firm,
            region=self.w.zj,
        )

    def instrument(self, **policy: Any) -> Any:
        """An instrument of the lab with an open policy (plus ``policy``)."""
        from innofield.booking import facility_actions

        inst = self.item("instrument", price=100)
        facility_actions.set_policy(
            actor=self.w.labber,
            instrument_id=inst.pk,
            data={
                "zone": "Asia/Shanghai",
                "open_from": 0,
                "open_until": 24 * 60,
                "open_days": [0, 1, 2, 3, 4, 5, 6],
                "min_notice_minutes": 0,
                "max_advance_days": 365,
                **policy,
            },
        )
        return inst

    def slot(self, days: int = 30) -> tuple[dt.datetime, dt.datetime]:
        """A free hour some days ahead, on the half hour."""
        base = timezone.now().replace(minute=0, second=0, microsecond=0)
        start = base + dt.timedelta(days=days, hours=2 * (self.n() % 200))
        return start, start + dt.timedelta(hours=1)

    def booking(self, status: str = "confirmed", **policy: Any) -> Any:
        """A booking by the firm's member at the lab's instrument, moved to ``status``."""
        from innofield.booking import actions

        inst = self.instrument(**policy)
        start, end = self.slot()
        if status in ("checked_in", "completed"):
            now = timezone.now()
            start = now.replace(minute=30 if now.minute >= 30 else 0, second=0, microsecond=0)
            end = start + dt.timedelta(hours=1)
        booker = self.user("firm", "member")
        booking = actions.create_booking(
            actor=booker,
            instrument_id=inst.pk,
            start=start,
            end=end,
            organization="FIRM",
            now=start - dt.timedelta(hours=1),
        )
        if status in ("checked_in", "completed"):
            booking = actions.check_in(actor=booker, booking_id=booking.pk)
        if status == "completed":
            booking = actions.check_out(actor=booker, booking_id=booking.pk)
        return booking

    def account(self, org: Any, funded: int = 0) -> str:
        """The operating account of ``org``, with ``funded`` fen paid in from outside."""
        from innofield.ledger import actions as ledger
        from innofield.ledger.models import Account

        if not Account.objects.filter(code="EXT-MATRIX").exists():
            ledger.open_account(
                actor=self.w.admin, code="EXT-MATRIX", name="outside", kind="external"
            )
        code = f"ORG-{org.code}"
        if not Account.objects.filter(code=code).exists():
            ledger.open_account(
                actor=self.w.admin,
                code=code,
                name=org.code,
                kind="org",
                owner=org,
                debits_must_not_exceed_credits=True,
            )
        if funded:
            ledger.transfer(
                actor=self.w.admin,
                key=f"matrix-fund-{self.n()}",
                debit="EXT-MATRIX",
                credit=code,
                amount=funded,
            )
        return code

    def programme(self) -> Any:
        """An open voucher programme of GOV-JS for firms and providers of any region."""
        import datetime as dt

        from innofield.ledger import actions as ledger
        from innofield.ledger.models import Account
        from innofield.vouchers import actions

        if not Account.objects.filter(code="BUDGET-320000").exists():
            if not Account.objects.filter(code="EXT-TREASURY").exists():
                ledger.open_account(
                    actor=self.w.admin, code="EXT-TREASURY", name="treasury", kind="external"
                )
            actions.open_region_accounts(
                actor=self.w.admin, region=self.w.js, government=self.w.gov
            )
            actions.open_region_accounts(
                actor=self.w.admin, region=self.w.zj, government=self.w.gov
            )
        ledger.transfer(
            actor=self.w.admin,
            key=f"matrix-budget-{self.n()}",
            debit="EXT-TREASURY",
            credit="BUDGET-320000",
            amount=10_000_000,
        )
        today = timezone.localdate()
        return actions.create_programme(
            actor=self.w.officer,
            code=f"MX-{self.n()}",
            name="matrix vouchers",
            issuer_region=self.w.js,
            officer_org=self.w.gov,
            budget=10_000_000,
            co_funding_bp=5_000,
            cap_per_firm_year=2_000_000,
            split_window_days=30,
            valid_from=today - dt.timedelta(days=30),
            valid_to=today + dt.timedelta(days=300),
            eligible_regions=["320000", "330000"],
            provider_regions=["320000", "330000"],
            modes=["reimburse", "direct"],
        )

    def grant(self) -> Any:
        """A 10,000-yuan grant of a fresh programme to the firm."""
        from innofield.vouchers import actions

        programme = self.programme()
        return actions.grant(
            actor=self.w.officer,
            key=f"mx-grant-{self.n()}",
            programme_id=programme.pk,
            firm=self.w.firm,
            amount=1_000_000,
        )

    def redemption(self) -> Any:
        """A redemption of the firm's grant against a completed booking at the lab."""
        from innofield.vouchers import actions

        grant = self.grant()
        booking = self.booking("completed")
        return actions.redeem(
            actor=self.w.firmer,
            key=f"mx-redeem-{self.n()}",
            grant_id=grant.pk,
            provider=self.w.lab,
            price=int(booking.charge * 100),
            service_kind="instrument",
            evidence=f"booking:{booking.pk}",
            mode="direct",  # the bill is open: the voucher pays the lab its share
        )

    def pending_transfer(self) -> Any:
        """A pending transfer out of the firm's account."""
        from innofield.ledger import actions as ledger

        source = self.account(self.w.firm, funded=10_000)
        target = self.account(self.w.lab)
        return ledger.transfer(
            actor=self.w.firmer,
            key=f"matrix-pending-{self.n()}",
            debit=source,
            credit=target,
            amount=100,
            pending=True,
        )
