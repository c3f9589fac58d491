"""Demo challenges, all **synthetic** (flagged): invented problems, prizes, submissions
and scores, run through the actions (audited) so that the ledger stays clean:

* a Jiangsu bureau challenge (揭榜挂帅) on automotive SiC module packaging, judged and
  awarded to two solvers (split 70/30);
* a Jiangsu bureau challenge on low-temperature sodium-ion cells where no submission
  qualified: the prize went back to the bureau;
* ``demo-firm``'s open challenge on anti-fog greenhouse film coatings, with one
  submission so far, restricted to solvers in the Yangtze River Delta.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from innofield.ledger.funding import fund_from_outside
from innofield.registry.models import Organization, Region

from . import actions, submissions
from .models import Challenge

Progress = Callable[[str, int, int], None]
CRITERIA = [
    {"name": "novelty", "label": "Novelty 创新性", "weight": 30, "max": 10},
    {"name": "feasibility", "label": "Feasibility 可行性", "weight": 40, "max": 10},
    {"name": "cost", "label": "Cost 成本", "weight": 30, "max": 10},
]
YRD = ["310000", "320000", "330000", "340000"]


def _fund(admin: Any, org: Organization, amount: int, purpose: str) -> None:
    fund_from_outside(actor=admin, org=org, amount=amount, key=f"demo:fund:challenges:{purpose}")


def _solvers(exclude: list[Organization], n: int) -> list[Organization]:
    qs = Organization.objects.filter(code__startswith="FIRM-", region__code__in=YRD).exclude(
        pk__in=[o.pk for o in exclude]
    )
    return list(qs.order_by("code")[:n])


def _scored(judges: list[Any], sub: Any, marks: list[tuple[int, int, int]]) -> None:
    for judge, (a, b, c) in zip(judges, marks, strict=True):
        submissions.score(
            actor=judge,
            submission_id=sub.pk,
            scores={"novelty": a, "feasibility": b, "cost": c},
            comment="synthetic demo score",
        )


def load_demo(*, seed: int, progress: Progress | None = None) -> dict[str, int]:
    """Create the three challenges (see the module docstring); returns counts."""
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    gov = Organization.objects.filter(code="GOV-320000").first()
    firm = Organization.objects.filter(code="FIRM-0001").first()
    lab = Organization.objects.filter(code="SKL-0001").first()
    needed = ("demo-admin", "demo-gov", "demo-firm", "demo-lab")
    if not (gov and firm and lab and all(u in users for u in needed)):
        return {"challenges": 0}
    admin, officer = users["demo-admin"], users["demo-gov"]
    judges = [officer, admin]
    others = _solvers([firm, lab], 3)
    if len(others) < 3:
        return {"challenges": 0}
    yrd = sorted(Region.objects.filter(code__in=YRD).values_list("code", flat=True))
    if progress:
        progress("challenges", 0, 3)
    t0 = timezone.now() - dt.timedelta(days=75)
    _fund(admin, gov, 110_000_000, "gov")
    _fund(admin, firm, 20_000_000, "firm")

    sic = actions.create_challenge(
        actor=officer,
        poster=gov,
        title=(
            "揭榜挂帅：车规级碳化硅功率模块高可靠封装 / "
            "Reliable packaging of automotive SiC power modules"
        ),
        description=(
            "江苏省新能源汽车产业链需要在175 °C结温下通过2,000次功率循环的碳化硅功率模块封装工艺"
            "（银烧结或铜烧结互连、低热阻基板）。\n"
            "Jiangsu's EV supply chain needs a SiC power-module packaging process that passes "
            "2,000 power cycles at 175 °C junction temperature (sintered silver or copper "
            "interconnects, low-thermal-resistance substrates), ready for pilot production."
        ),
        criteria=CRITERIA,
        prize_fen=80_000_000,
        deadline=t0 + dt.timedelta(days=30),
        judges=[u.username for u in judges],
        synthetic=True,
        now=t0,
    )
    actions.transition(
        actor=officer, challenge_id=sic.pk, move="publish", now=t0 + dt.timedelta(days=1)
    )
    entries = [
        (
            lab,
            users["demo-lab"],
            "Pressure-assisted silver sintering with AlN AMB substrates",
            [(8, 9, 7), (9, 8, 7)],
        ),
        (
            others[0],
            admin,
            "Copper-clip bonding and transient liquid-phase die attach",
            [(7, 7, 8), (7, 8, 7)],
        ),
        (others[1], admin, "Epoxy potting redesign for thermal cycling", [(4, 5, 8), (5, 5, 7)]),
    ]
    subs = []
    for n, (org, who, title, marks) in enumerate(entries):
        sub = submissions.submit(
            actor=who,
            challenge_id=sic.pk,
            solver=org,
            title=title,
            text=f"{title}: process route, test plan to AQG 324 power cycling, pilot line cost.",
            synthetic=True,
            now=t0 + dt.timedelta(days=5 + n),
        )
        subs.append((sub, marks))
    actions.transition(
        actor=officer, challenge_id=sic.pk, move="close", now=t0 + dt.timedelta(days=31)
    )
    for sub, marks in subs:
        _scored(judges, sub, marks)
    actions.award(
        actor=officer,
        challenge_id=sic.pk,
        awards=[
            {"submission": subs[0][0].pk, "amount_fen": 56_000_000},
            {"submission": subs[1][0].pk, "amount_fen": 24_000_000},
        ],
        now=t0 + dt.timedelta(days=40),
    )
    if progress:
        progress("challenges", 1, 3)

    na = actions.create_challenge(
        actor=officer,
        poster=gov,
        title="揭榜挂帅：-30 °C 可用的钠离子电池 / Sodium-ion cells usable at -30 °C",
        description=(
            "需要在-30 °C下保持80%容量的钠离子电池电芯方案。\n"
            "Sodium-ion cells that keep 80 % of their capacity at -30 °C, for energy storage "
            "in northern Jiangsu."
        ),
        criteria=CRITERIA,
        min_score=70,
        prize_fen=30_000_000,
        deadline=t0 + dt.timedelta(days=30),
        judges=[u.username for u in judges],
        regions=yrd,
        synthetic=True,
        now=t0,
    )
    actions.transition(
        actor=officer, challenge_id=na.pk, move="publish", now=t0 + dt.timedelta(days=1)
    )
    weak = submissions.submit(
        actor=admin,
        challenge_id=na.pk,
        solver=others[2],
        title="Hard-carbon anode with a low-viscosity electrolyte",
        text="Lab cells keep 61 % capacity at -30 °C; route to 80 % unclear.",
        synthetic=True,
        now=t0 + dt.timedelta(days=9),
    )
    actions.transition(
        actor=officer, challenge_id=na.pk, move="close", now=t0 + dt.timedelta(days=31)
    )
    _scored(judges, weak, [(6, 4, 6), (5, 5, 6)])
    actions.transition(
        actor=officer, challenge_id=na.pk, move="return", now=t0 + dt.timedelta(days=35)
    )
    if progress:
        progress("challenges", 2, 3)

    now = timezone.now()
    film = actions.create_challenge(
        actor=users["demo-firm"],
        poster=firm,
        title=(
            "Anti-fog coating for greenhouse films that lasts three seasons / "
            "三季不失效的温室膜防雾涂层"
        ),
        description=(
            "Our polyolefin greenhouse films lose their anti-fog effect after one season. We "
            "look for a coating or additive that keeps water spreading on the film for three "
            "seasons at under 0.3 yuan per square metre.\n"
            "我们的聚烯烃温室膜防雾效果只能维持一季，寻求可维持三季、成本低于每平方米0.3元的涂层或助剂。"
        ),
        criteria=CRITERIA,
        prize_fen=20_000_000,
        deadline=now + dt.timedelta(days=45),
        judges=[u.username for u in judges],
        regions=yrd,
        foreign_allowed=False,
        synthetic=True,
        now=now - dt.timedelta(days=3),
    )
    actions.transition(
        actor=users["demo-firm"],
        challenge_id=film.pk,
        move="publish",
        now=now - dt.timedelta(days=2),
    )
    submissions.submit(
        actor=admin,
        challenge_id=film.pk,
        solver=others[0],
        title="Silica-nanoparticle hydrophilic topcoat",
        text="A sol-gel silica topcoat; 18 months of outdoor data on PE film.",
        synthetic=True,
    )
    if progress:
        progress("challenges", 3, 3)
    return {"challenges": Challenge.objects.count()}
